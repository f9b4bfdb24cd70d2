/**
 * The fix planner: typed findings in, ordered SQL steps out. It switches exhaustively on each
 * finding's code, so a new kind of finding without a repair fails to compile. Each step carries
 * the findings it resolves, its phase (which orders it) and its hazards; steps with a destructive
 * hazard are withheld unless the user allows them, and a finding no SQL can repair is listed with
 * the reason. Pure: the caller supplies the models, the findings and the server version.
 */
import { assertNever, isHealthier, type Finding, type FindingCode, type MigrationFinding } from '../compare/finding.js'
import { compareText } from '../model/compare-text.js'
import { objectKey, tableKey, type ObjectRef } from '../model/object-ref.js'
import type {
  ColumnModel,
  ForeignKeyModel,
  FunctionModel,
  IndexModel,
  SchemaModel,
  SequenceModel,
  TableModel,
  TriggerModel,
  ViewModel,
} from '../model/schema-model.js'
import { classifyTypeChange } from './type-change.js'
import { makeObjectName } from '../model/implicit-names.js'
import { expectsOwnIndex, hasIndexLeadingWith } from '../model/foreign-key-index.js'
import {
  checkClause,
  checkName,
  columnDefault,
  columnDefinition,
  createEnum,
  createExtension,
  createFunction,
  createIndex,
  createSchema,
  createSequence,
  createTable,
  createTrigger,
  createView,
  deferrability,
  FEATURES,
  foreignKeyClause,
  foreignKeyName,
  indexName,
  isMissing,
  primaryKeyClause,
  primaryKeyName,
  serialSequence,
  triggerEnabled,
  uniqueClause,
  uniqueName,
  type Missing,
} from './create-statements.js'
import {
  FIX_PHASES,
  isDestructive,
  type FixOptions,
  type FixPhase,
  type FixPlan,
  type FixStep,
  type Hazard,
  type Resolves,
  type Unrepairable,
} from './fix-plan.js'
import { renameConstraint, renameRelation, renameTrigger, unlessConstraintExists, unlessTriggerExists, unlessTypeExists } from './guards.js'
import { qualifiedName, quoteIdent, quoteLiteral } from './quote.js'

export interface FixInput {
  readonly findings: readonly Finding[]
  readonly expected: SchemaModel
  readonly actual: SchemaModel
  /** server_version_num of the target: statements that differ by version are written for it. */
  readonly serverVersionNum: number
  readonly options: FixOptions
  /** Estimated size of each table (keyed by tableKey), for the comments of steps that lock or rewrite it. */
  readonly tableSizes?: ReadonlyMap<string, { readonly rows: number | null; readonly bytes: number }>
}

/** Steps as the planner makes them, before ordering and the safety filter. */
interface Draft extends FixStep {
  /** Order among drops (higher drops first): dependents before what they depend on. */
  readonly dropRank?: number
  /** Relations and functions the step needs to exist (a trigger's table or view and function). */
  readonly requires?: readonly ObjectRef[]
}

export function planFix(input: FixInput): FixPlan {
  const planner = new Planner(input)
  for (const finding of input.findings) planner.plan(finding)
  return planner.result()
}

class Planner {
  /** Stamped revisions, resolved once every step is planned (resolveStampedRevisions). */
  private readonly stamped: MigrationFinding[] = []
  private readonly drafts: Draft[] = []
  private readonly unrepairable: Unrepairable[] = []
  private readonly expectedTables: Map<string, TableModel>
  private readonly actualTables: Map<string, TableModel>
  /** Tables this plan creates: their objects meet no existing rows. */
  private readonly newTables = new Set<string>()
  /** The indexes this plan builds for foreign keys, by table key. */
  private readonly plannedKeyIndexes = new Map<string, IndexModel[]>()
  /** Their names, by schema (an index name is unique among the schema's relations). */
  private readonly plannedKeyIndexNames = new Map<string, Set<string>>()
  private readonly version: number
  private readonly options: FixOptions

  constructor(private readonly input: FixInput) {
    this.expectedTables = new Map(input.expected.tables.map((t) => [tableKey(t.schema, t.name), t]))
    this.actualTables = new Map(input.actual.tables.map((t) => [tableKey(t.schema, t.name), t]))
    this.version = input.serverVersionNum
    this.options = input.options
    for (const f of input.findings) {
      if (f.code !== 'table.missing') continue
      this.newTables.add(tableKey(f.expected.schema, f.expected.name))
      for (const c of f.consequences)
        if (c.code === 'table.missing' && c.subject.schema !== null && c.subject.name !== null) this.newTables.add(tableKey(c.subject.schema, c.subject.name))
    }
  }

  result(): FixPlan {
    this.resolveStampedRevisions()
    this.holdBackDependents()
    const ordered = [...this.drafts].sort((a, b) => PHASE_RANK[a.phase] - PHASE_RANK[b.phase] || (b.dropRank ?? 0) - (a.dropRank ?? 0))
    // Array.prototype.sort is stable: within a phase, steps keep the findings' (sorted) order.
    const toStep = ({ dropRank: _dropRank, requires: _requires, ...step }: Draft): FixStep => this.withSize(step)
    const isRun = (step: FixStep): boolean => !isDestructive(step) || this.options.allowDestructive
    return {
      statements: ordered.filter(isRun).map(toStep),
      withheld: ordered.filter((s) => !isRun(s)).map(toStep),
      unrepairable: this.unrepairable,
      serverVersionNum: this.version,
    }
  }

  /**
   * A stamped revision is repaired by creating the tables it should have created: the step that
   * creates the first of them resolves it too. When none of them is planned (the table's finding
   * was suppressed, say), it is left to a person.
   */
  private resolveStampedRevisions(): void {
    for (const f of this.stamped) {
      const resolves: Resolves = { code: f.code, subject: f.subject }
      const creates = new Set(f.migration.missingTables)
      // The CREATE TABLE itself (a serial column's sequence has a step of its own before it).
      const index = this.drafts.findIndex(
        (d) => d.phase === 'table' && d.resolves.some((r) => r.code === 'table.missing' && creates.has(`${r.subject.schema ?? ''}.${r.subject.name ?? ''}`)),
      )
      const draft = this.drafts[index]
      if (draft === undefined) {
        this.cannot(resolves, `create the tables revision ${f.migration.revisions.join(', ')} should have created: ${f.migration.missingTables.join(', ')}`)
        continue
      }
      this.drafts[index] = { ...draft, resolves: [...draft.resolves, resolves] }
    }
  }

  /** A step that locks, scans or rewrites a table says how big the table is, so a reviewer sees the cost. */
  private withSize(step: FixStep): FixStep {
    const sizes = this.input.tableSizes
    if (sizes === undefined || !step.hazards.some((h) => SIZED_HAZARDS.has(h))) return step
    const subject = step.resolves[0]?.subject
    if (subject === undefined || subject.schema === null) return step
    const table = subject.kind === 'table' ? subject.name : subject.table
    const size = table === null ? undefined : sizes.get(tableKey(subject.schema, table))
    if (size === undefined || table === null) return step
    const rows = size.rows === null ? 'never analysed' : `about ${size.rows.toLocaleString('en-US')} rows`
    return { ...step, notes: [...step.notes, `${qualifiedName(subject.schema, table)}: ${rows}, ${formatBytes(size.bytes)} with indexes`] }
  }

  plan(f: Finding): void {
    const resolves: Resolves = { code: f.code, subject: f.subject }
    const schema = f.subject.schema ?? 'public'
    switch (f.code) {
      case 'schema.missing':
        return this.add('schema', [createSchema(f.expected.name)], resolves, [], f.expected.name)
      case 'schema.extra':
        return this.drop(`DROP SCHEMA IF EXISTS ${quoteIdent(f.actual.name)}`, resolves, 0, f.actual.name)
      case 'table.missing':
        this.createTableWhole(f.expected, resolves)
        for (const c of f.consequences) this.createConsequence(c.code, c.subject, { code: c.code, subject: c.subject })
        return
      case 'table.extra':
        return this.drop(`DROP TABLE IF EXISTS ${qualifiedName(f.actual.schema, f.actual.name)}`, resolves, 4, schema, ['drops_dependents'])
      case 'table.mismatch': {
        if (f.attributes.some((a) => a !== 'unlogged')) {
          return this.cannot(resolves, 'attaching or detaching a partition needs its bounds and moves rows; do it by hand')
        }
        if (isHealthier(f.expected, f.actual, 'unlogged')) return this.cannot(resolves, 'the table is logged where the spec allows UNLOGGED; nothing to repair')
        // SET LOGGED writes the whole table to the WAL under an ACCESS EXCLUSIVE lock.
        const persistence = f.expected.isUnlogged === true ? 'UNLOGGED' : 'LOGGED'
        return this.add(
          'table',
          [`ALTER TABLE ${qualifiedName(schema, f.subject.name ?? '')} SET ${persistence}`],
          resolves,
          ['rewrites_table', 'blocks_reads'],
          schema,
        )
      }
      case 'column.missing':
        return this.addColumn(this.tableOf(f.subject), f.expected, resolves)
      case 'column.extra':
        return this.drop(`ALTER TABLE ${this.tableName(f.subject)} DROP COLUMN IF EXISTS ${quoteIdent(f.actual.name)}`, resolves, 5, schema, [
          'drops_dependents',
        ])
      case 'column.mismatch':
        return this.alterColumn(this.tableOf(f.subject), f.expected, f.actual, f.attributes, resolves)
      case 'primary_key.missing': {
        const table = this.tableOf(f.subject)
        const name = primaryKeyName(table, f.expected)
        const add = `ALTER TABLE ${this.tableName(f.subject)} ADD ${primaryKeyClause(table, f.expected)}`
        return this.add(
          'key',
          [unlessConstraintExists(table.schema, table.name, name, [add])],
          resolves,
          this.rowHazards(f.subject, ['may_fail_on_existing_rows', 'blocks_reads']),
          schema,
        )
      }
      case 'primary_key.extra':
        return this.drop(this.dropConstraint(f.subject, f.actual.name ?? ''), resolves, 6, schema, ['changes_primary_key', 'drops_dependents'])
      case 'primary_key.mismatch': {
        const table = this.tableOf(f.subject)
        const statements = [
          this.dropConstraint(f.subject, f.actual.name ?? ''),
          `ALTER TABLE ${this.tableName(f.subject)} ADD ${primaryKeyClause(table, f.expected)}`,
        ]
        return this.add('key', statements, resolves, ['changes_primary_key', 'may_fail_on_existing_rows', 'blocks_reads', 'drops_dependents'], schema)
      }
      case 'primary_key.renamed':
      case 'check.renamed':
      case 'foreign_key.renamed':
        return this.renameConstraint(f.subject, f.actual.name ?? '', f.expected.name ?? '', resolves)
      case 'unique.missing': {
        const table = this.tableOf(f.subject)
        const clause = uniqueClause(table, f.expected, this.version)
        if (isMissing(clause)) return this.cannot(resolves, clause.missing)
        const add = `ALTER TABLE ${this.tableName(f.subject)} ADD ${clause}`
        const guarded = unlessConstraintExists(table.schema, table.name, uniqueName(table, f.expected), [add])
        return this.add('key', [guarded], resolves, this.rowHazards(f.subject, ['may_fail_on_existing_rows', 'blocks_writes']), schema)
      }
      case 'unique.extra':
        return this.drop(this.dropConstraint(f.subject, f.actual.name ?? ''), resolves, 6, schema, ['drops_dependents'])
      case 'unique.mismatch': {
        const table = this.tableOf(f.subject)
        const name = uniqueName(table, f.expected)
        if (f.attributes.length === 1 && f.attributes[0] === 'constraint' && f.actual.name !== undefined) {
          // A unique index stands where the constraint should be: promote it, no rebuild.
          return this.add('key', [this.promoteIndex(f.subject, name, f.actual.name)], resolves, [], schema)
        }
        const clause = uniqueClause(table, f.expected, this.version)
        if (isMissing(clause)) return this.cannot(resolves, clause.missing)
        const drop =
          f.actual.isConstraint === false
            ? `DROP INDEX IF EXISTS ${qualifiedName(table.schema, f.actual.name ?? name)}`
            : this.dropConstraint(f.subject, f.actual.name ?? name)
        return this.add(
          'key',
          [drop, `ALTER TABLE ${this.tableName(f.subject)} ADD ${clause}`],
          resolves,
          ['may_fail_on_existing_rows', 'blocks_writes'],
          schema,
        )
      }
      case 'unique.renamed': {
        const from = f.actual.name ?? ''
        const to = f.expected.name ?? ''
        const foundAs = f.foundAs?.object
        if (foundAs === 'unique_index') return this.add('key', [this.promoteIndex(f.subject, to, from)], resolves, [], schema)
        if (foundAs === 'constraint_index') {
          return this.cannot(resolves, `the index that would satisfy it implements another constraint; renaming it would rename that constraint`)
        }
        return this.renameConstraint(f.subject, from, to, resolves)
      }
      case 'check.missing': {
        const table = this.tableOf(f.subject)
        return this.addValidated(
          f.subject,
          checkName(table, f.expected),
          (notValid) => `ALTER TABLE ${this.tableName(f.subject)} ADD ${checkClause(table, f.expected, notValid)}`,
          resolves,
          'blocks_reads',
        )
      }
      case 'check.extra':
        return this.drop(this.dropConstraint(f.subject, f.actual.name ?? ''), resolves, 6, schema)
      case 'check.mismatch': {
        if (isOnlyStricter(f)) return this.cannot(resolves, STRICTER)
        if (f.attributes.every((a) => a === 'valid')) return this.validateConstraint(f.subject, f.expected.name ?? f.actual.name ?? '', resolves)
        const table = this.tableOf(f.subject)
        const name = checkName(table, f.expected)
        return this.replaceValidated(
          f.subject,
          namesOfPair(f, name),
          name,
          (notValid) => `ALTER TABLE ${this.tableName(f.subject)} ADD ${checkClause(table, f.expected, notValid)}`,
          resolves,
          'blocks_reads',
        )
      }
      case 'index.missing':
        return this.createIndexStep(this.tableOf(f.subject), f.expected, resolves)
      case 'index.extra':
        if (f.actual.constraintName != null)
          return this.cannot(resolves, `the index implements constraint ${f.actual.constraintName}; drop the constraint instead`)
        return this.drop(`DROP INDEX IF EXISTS ${qualifiedName(schema, f.actual.name ?? '')}`, resolves, 7, schema)
      case 'index.mismatch': {
        if (f.actual.constraintName != null)
          return this.cannot(resolves, `the index implements constraint ${f.actual.constraintName}; change the constraint instead`)
        const table = this.tableOf(f.subject)
        // An invalid unique index is often what a CREATE UNIQUE INDEX left when it met duplicates.
        const mayMeetDuplicates = f.expected.isUnique === true && (f.actual.isUnique !== true || f.attributes.includes('valid'))
        const hazards: Hazard[] = ['blocks_writes', ...(mayMeetDuplicates ? (['may_fail_on_existing_rows'] as const) : [])]
        const names = namesOfPair(f, indexName(table, f.expected))
        if (this.options.concurrently && !this.isPartitioned(f.subject)) {
          return this.add(
            'index',
            [...names.map((name) => `DROP INDEX CONCURRENTLY IF EXISTS ${qualifiedName(schema, name)}`), createIndex(table, f.expected, true)],
            resolves,
            [...hazards.filter((h) => h !== 'blocks_writes'), 'outside_transaction'],
            schema,
            { isOutsideTransaction: true },
          )
        }
        return this.add(
          'index',
          [...names.map((name) => `DROP INDEX IF EXISTS ${qualifiedName(schema, name)}`), createIndex(table, f.expected, false)],
          resolves,
          hazards,
          schema,
        )
      }
      case 'index.renamed': {
        if (f.foundAs?.object === 'constraint_index') {
          return this.cannot(
            resolves,
            `the index with this definition implements constraint ${f.foundAs.constraintName}; renaming it would rename the constraint`,
          )
        }
        const from = f.actual.name ?? ''
        const to = f.expected.name ?? ''
        return this.add(
          'index',
          [renameRelation(schema, from, to, `ALTER INDEX ${qualifiedName(schema, from)} RENAME TO ${quoteIdent(to)}`)],
          resolves,
          [],
          schema,
        )
      }
      case 'foreign_key.missing': {
        const table = this.tableOf(f.subject)
        // The key's index comes with it, or the next check reports the key [indexed].
        if (expectsOwnIndex(table, f.expected)) this.indexForeignKey(table, f.expected, resolves)
        return this.addValidated(
          f.subject,
          foreignKeyName(table, f.expected),
          (notValid) => `ALTER TABLE ${this.tableName(f.subject)} ADD ${foreignKeyClause(table, f.expected, notValid)}`,
          resolves,
          'blocks_writes',
          f.expected.referencedTable,
        )
      }
      case 'foreign_key.extra':
        return this.drop(this.dropConstraint(f.subject, f.actual.name ?? ''), resolves, 8, schema)
      case 'foreign_key.mismatch': {
        const table = this.tableOf(f.subject)
        // The index is the referencing table's, whatever else differs in the key itself.
        // On the spec's columns: a key found by name with other columns is rebuilt on them.
        if (f.attributes.includes('indexed')) this.indexForeignKey(table, f.expected, resolves)
        const attributes = f.attributes.filter((a) => a !== 'indexed')
        if (attributes.length === 0) return
        if (isOnlyStricter({ ...f, attributes })) return this.cannot(resolves, STRICTER)
        if (attributes.every((a) => a === 'valid')) return this.validateConstraint(f.subject, f.expected.name ?? f.actual.name ?? '', resolves)
        const name = foreignKeyName(table, f.expected)
        const onlyDeferrability = attributes.every((a) => a === 'deferrable' || a === 'initiallyDeferred')
        if (onlyDeferrability) {
          const clause = deferrability(f.expected) || 'NOT DEFERRABLE'
          return this.add(
            'foreign_key',
            [`ALTER TABLE ${this.tableName(f.subject)} ALTER CONSTRAINT ${quoteIdent(f.actual.name ?? name)} ${clause}`],
            resolves,
            [],
            schema,
          )
        }
        // Same columns and references, and valid and enforced: the rows already satisfy it, so only actions changed.
        const isSameRule = attributes.every((a) => a === 'onDelete' || a === 'onUpdate' || a === 'deferrable' || a === 'initiallyDeferred')
        // Not enforced (NOT ENFORCED, or its triggers disabled): adding it again checks every row and makes new triggers.
        return this.replaceValidated(
          f.subject,
          namesOfPair(f, name),
          name,
          (notValid) => `ALTER TABLE ${this.tableName(f.subject)} ADD ${foreignKeyClause(table, f.expected, notValid)}`,
          resolves,
          'blocks_writes',
          isSameRule,
        )
      }
      case 'trigger.missing':
        return this.createTriggerSteps(schema, f.subject.table ?? '', f.expected, resolves, false)
      case 'trigger.extra':
        return this.drop(`DROP TRIGGER IF EXISTS ${quoteIdent(f.actual.name)} ON ${this.tableName(f.subject)}`, resolves, 9, schema)
      case 'trigger.mismatch': {
        const relation = f.subject.table ?? ''
        if (f.attributes.every((a) => a === 'enabled')) {
          const statement = triggerEnabled(schema, relation, f.expected)
          return statement === null ? undefined : this.add('trigger', [statement], resolves, [], schema)
        }
        return this.createTriggerSteps(schema, relation, f.expected, resolves, true)
      }
      case 'trigger.renamed': {
        const relation = f.subject.table ?? ''
        const from = f.actual.name
        const to = f.expected.name
        const rename = `ALTER TRIGGER ${quoteIdent(from)} ON ${qualifiedName(schema, relation)} RENAME TO ${quoteIdent(to)}`
        return this.add('trigger', [renameTrigger(schema, relation, from, to, rename)], resolves, [], schema)
      }
      case 'function.missing': {
        const create = createFunction(f.expected)
        if (isMissing(create)) return this.cannot(resolves, create.missing)
        if (!this.usesRowType(f.expected)) return this.add('function', [create], resolves, [], schema)
        return this.add('column', [create], resolves, [], schema, { notes: ["created after the tables: its signature uses a table's row type"] })
      }
      case 'function.extra':
        return this.drop(
          `DROP FUNCTION IF EXISTS ${qualifiedName(f.actual.schema, f.actual.name)}(${(f.actual.argumentTypes ?? []).join(', ')})`,
          resolves,
          2,
          schema,
          ['drops_dependents'],
        )
      case 'function.mismatch': {
        const create = createFunction(f.expected)
        if (isMissing(create)) return this.cannot(resolves, create.missing)
        if (f.attributes.includes('returns')) {
          // CREATE OR REPLACE cannot change the result type: drop (and what uses it) and create.
          const drop = `DROP FUNCTION IF EXISTS ${qualifiedName(f.actual.schema, f.actual.name)}(${(f.actual.argumentTypes ?? []).join(', ')})`
          return this.add('function', [drop, create], resolves, ['deletes_data', 'drops_dependents'], schema)
        }
        return this.add('function', [create], resolves, [], schema)
      }
      case 'extension.missing': {
        // Extensions come before schemas: one placed in a schema that is missing too creates it first.
        const into = f.expected.schema
        const create = into !== undefined && into !== 'public' ? [createSchema(into)] : []
        return this.add('extension', [...create, createExtension(f.expected)], resolves, [], schema)
      }
      case 'extension.extra':
        return this.drop(`DROP EXTENSION IF EXISTS ${quoteIdent(f.actual.name)}`, resolves, 0, schema, ['drops_dependents'])
      case 'extension.mismatch': {
        const statements: string[] = []
        if (f.attributes.includes('schema') && f.expected.schema !== undefined)
          statements.push(`ALTER EXTENSION ${quoteIdent(f.expected.name)} SET SCHEMA ${quoteIdent(f.expected.schema)}`)
        if (f.attributes.includes('version') && f.expected.version !== undefined)
          statements.push(`ALTER EXTENSION ${quoteIdent(f.expected.name)} UPDATE TO ${quoteLiteral(f.expected.version)}`)
        return this.add('extension', statements, resolves, [], schema)
      }
      case 'enum.missing':
        return this.add('type', [unlessTypeExists(f.expected.schema, f.expected.name, [createEnum(f.expected)])], resolves, [], schema)
      case 'enum.extra':
        return this.drop(`DROP TYPE IF EXISTS ${qualifiedName(f.actual.schema, f.actual.name)}`, resolves, 1, schema)
      case 'enum.mismatch':
        return this.addEnumLabels(f.expected.schema, f.expected.name, f.expected.values ?? [], f.actual.values ?? [], resolves)
      case 'sequence.missing':
        return this.createSequenceSteps(f.expected, resolves)
      case 'sequence.extra':
        return this.drop(`DROP SEQUENCE IF EXISTS ${qualifiedName(f.actual.schema, f.actual.name)}`, resolves, 3, schema)
      case 'sequence.mismatch': {
        const change = classifyTypeChange(f.actual.dataType ?? 'bigint', f.expected.dataType ?? 'bigint')
        const hazards: Hazard[] = change === 'widening' || change === 'same' ? [] : ['narrows_type', 'may_fail_on_existing_rows']
        return this.add(
          'sequence',
          [`ALTER SEQUENCE ${qualifiedName(f.expected.schema, f.expected.name)} AS ${f.expected.dataType ?? 'bigint'}`],
          resolves,
          hazards,
          schema,
        )
      }
      case 'view.missing':
        this.createOr('view', createView(f.expected), resolves, schema)
        return this.createViewTriggers(f.expected, resolves)
      case 'view.extra':
        return this.drop(
          `DROP ${f.actual.isMaterialized === true ? 'MATERIALIZED VIEW' : 'VIEW'} IF EXISTS ${qualifiedName(f.actual.schema, f.actual.name)}`,
          resolves,
          10,
          schema,
        )
      case 'view.mismatch': {
        const create = createView(f.expected)
        if (isMissing(create)) return this.cannot(resolves, create.missing)
        if (f.attributes.includes('materialized')) {
          const drop = `DROP ${f.actual.isMaterialized === true ? 'MATERIALIZED VIEW' : 'VIEW'} IF EXISTS ${qualifiedName(f.actual.schema, f.actual.name)}`
          return this.add('view', [drop, create], resolves, ['deletes_data', 'drops_dependents'], schema)
        }
        if (f.expected.isMaterialized === true) {
          return this.add(
            'view',
            [`DROP MATERIALIZED VIEW IF EXISTS ${qualifiedName(f.actual.schema, f.actual.name)}`, create],
            resolves,
            ['deletes_data', 'drops_dependents'],
            schema,
          )
        }
        return this.add('view', [create], resolves, [], schema)
      }
      case 'sequence.behind': {
        // Moves the sequence past the data, never back: rows inserted since the check count too.
        const h = f.health
        const sequence = h.sequence
        const sql =
          `SELECT pg_catalog.setval(${quoteLiteral(sequence)}, GREATEST(m.max_value, s.last_value)) ` +
          `FROM (SELECT max(${quoteIdent(h.column)}) AS max_value FROM ${qualifiedName(h.schema, h.table)}) m, ${sequence} s WHERE m.max_value IS NOT NULL`
        return this.add('sequence', [sql], resolves, [], schema)
      }
      // The migration tool owns its history: SQL from us would record revisions nobody ran.
      case 'migration.behind':
        return this.cannot(
          resolves,
          f.migration.presentTables.length > 0 && f.migration.missingTables.length === 0
            ? `record the revision: ${f.expected.stampCommand}`
            : `run the migrations: ${f.expected.upgradeCommand}`,
        )
      case 'migration.ahead':
        return this.cannot(resolves, 'deploy the release that migrated this database, or downgrade the database with its migration tool')
      case 'migration.unknown':
        return this.cannot(resolves, `bring the schema to the spec (the other repairs), then record the expected revision: ${f.expected.stampCommand}`)
      case 'migration.missing_table':
        return this.cannot(
          resolves,
          f.migration.tablesPresent === 0
            ? `run the migrations: ${f.expected.upgradeCommand}`
            : `bring the schema to the spec (the other repairs), then record the revision: ${f.expected.stampCommand}`,
        )
      case 'migration.dirty':
        return this.cannot(resolves, 'repair what the failed migration left, then mark it resolved with the migration tool')
      case 'migration.stamped':
        // Resolved by the steps that create its tables, once they are planned (see result()).
        this.stamped.push(f)
        return
      default:
        return assertNever(f)
    }
  }

  /**
   * A step that needs an object whose own repair is manual cannot run either: it becomes manual
   * too, naming what it waits for (a trigger on a view whose definition the spec does not give).
   */
  private holdBackDependents(): void {
    const manual = new Map<string, Unrepairable>()
    const relationKey = (ref: ObjectRef): string =>
      `${ref.kind === 'function' ? 'function' : 'relation'} ${ref.schema ?? ''}.${ref.kind === 'function' || ref.kind === 'table' || ref.kind === 'view' ? (ref.name ?? '') : ''}`
    for (const item of this.unrepairable) manual.set(relationKey(item.resolves.subject), item)
    for (let i = this.drafts.length - 1; i >= 0; i--) {
      const draft = this.drafts[i] as Draft
      const blocker = (draft.requires ?? []).map((ref) => manual.get(relationKey(ref))).find((item) => item !== undefined)
      if (blocker === undefined) continue
      this.drafts.splice(i, 1)
      for (const resolves of draft.resolves) {
        this.unrepairable.push({
          resolves,
          reason: `needs ${blocker.resolves.subject.kind} ${blocker.resolves.subject.name ?? ''}, which cannot be repaired automatically (${blocker.reason})`,
        })
      }
    }
  }

  // --- building blocks ------------------------------------------------------------------------

  private add(phase: FixPhase, sql: readonly string[], resolves: Resolves, hazards: readonly Hazard[], searchSchema: string, extra: Partial<Draft> = {}): void {
    if (sql.length === 0) return
    // The same statements for two findings (a serial column's sequence, and the sequence's own
    // finding) run once, resolving both.
    const same = this.drafts.findIndex((d) => d.phase === phase && d.sql.length === sql.length && d.sql.every((text, i) => text === sql[i]))
    if (same >= 0) {
      const draft = this.drafts[same] as Draft
      const isNew = !draft.resolves.some((r) => r.code === resolves.code && objectKey(r.subject) === objectKey(resolves.subject))
      if (isNew) this.drafts[same] = { ...draft, resolves: [...draft.resolves, resolves] }
      return
    }
    this.drafts.push({ phase, sql, resolves: [resolves], hazards: uniqueHazards(hazards), notes: [], searchSchema, ...extra })
  }

  /** A drop, in the drop phase (higher rank drops first); always destructive. */
  private drop(sql: string, resolves: Resolves, dropRank: number, searchSchema: string, hazards: readonly Hazard[] = []): void {
    const notes = this.options.isStrict ? [] : ['drops an object the spec does not mention']
    this.drafts.push({ phase: 'drop', sql: [sql], resolves: [resolves], hazards: uniqueHazards(['deletes_data', ...hazards]), notes, searchSchema, dropRank })
  }

  private cannot(resolves: Resolves, reason: string): void {
    this.unrepairable.push({ resolves, reason })
  }

  private createOr(phase: FixPhase, statement: string | Missing, resolves: Resolves, schema: string): void {
    if (isMissing(statement)) return this.cannot(resolves, statement.missing)
    this.add(phase, [statement], resolves, [], schema)
  }

  /**
   * Functions come before tables (defaults, checks and generated columns call them), except one
   * whose arguments or result are a table's or view's row type: that type exists only once the
   * table does, so it is created with the columns, after the tables and before what else may call it.
   */
  private usesRowType(fn: FunctionModel): boolean {
    const signature = [...(fn.argumentTypes ?? []), fn.returns ?? '']
    return [...this.input.expected.tables, ...this.input.expected.views].some((r) => {
      const spelled = r.schema === 'public' ? quoteIdent(r.name) : qualifiedName(r.schema, r.name)
      return signature.some((type) => namesType(type, spelled))
    })
  }

  /** The table a finding's subject belongs to, as expected (or as it is, for extras). */
  private tableOf(subject: ObjectRef): TableModel {
    const key = tableKey(subject.schema ?? 'public', subject.table ?? '')
    const table = this.expectedTables.get(key) ?? this.actualTables.get(key)
    if (table === undefined) throw new Error(`fix planner: no table ${key} for ${subject.kind} ${subject.name ?? ''}`)
    return table
  }

  private tableName(subject: ObjectRef): string {
    return qualifiedName(subject.schema ?? 'public', subject.table ?? '')
  }

  private isPartitioned(subject: ObjectRef): boolean {
    const key = tableKey(subject.schema ?? 'public', subject.table ?? '')
    const isParent = (model: SchemaModel): boolean =>
      model.tables.some((t) => t.partitionOf != null && tableKey(t.partitionOf.schema, t.partitionOf.name) === key)
    return isParent(this.input.actual) || isParent(this.input.expected)
  }

  /** Hazards that only existing rows bring: none on a table this plan creates. */
  private rowHazards(subject: ObjectRef, hazards: readonly Hazard[]): Hazard[] {
    return this.newTables.has(tableKey(subject.schema ?? 'public', subject.table ?? '')) ? [] : [...hazards]
  }

  private dropConstraint(subject: ObjectRef, name: string): string {
    return `ALTER TABLE ${this.tableName(subject)} DROP CONSTRAINT IF EXISTS ${quoteIdent(name)}`
  }

  private renameConstraint(subject: ObjectRef, from: string, to: string, resolves: Resolves): void {
    const schema = subject.schema ?? 'public'
    const table = subject.table ?? ''
    const rename = `ALTER TABLE ${this.tableName(subject)} RENAME CONSTRAINT ${quoteIdent(from)} TO ${quoteIdent(to)}`
    this.add(subject.kind === 'foreign_key' ? 'foreign_key' : 'key', [renameConstraint(schema, table, from, to, rename)], resolves, [], schema)
  }

  /** ADD CONSTRAINT name UNIQUE USING INDEX: the index becomes the constraint's (and takes its name). */
  private promoteIndex(subject: ObjectRef, constraint: string, index: string): string {
    const schema = subject.schema ?? 'public'
    const add = `ALTER TABLE ${this.tableName(subject)} ADD CONSTRAINT ${quoteIdent(constraint)} UNIQUE USING INDEX ${quoteIdent(index)}`
    return unlessConstraintExists(schema, subject.table ?? '', constraint, [add])
  }

  /**
   * A check or foreign key added to a table with rows: it may fail on them, so it is withheld;
   * with --not-valid it is added NOT VALID (new rows are checked at once) and validated after the
   * transaction, where a failure leaves it in place, unvalidated.
   */
  private addValidated(
    subject: ObjectRef,
    name: string,
    clause: (notValid: boolean) => string,
    resolves: Resolves,
    lock: Hazard,
    referencedTable?: string,
  ): void {
    const schema = subject.schema ?? 'public'
    const table = subject.table ?? ''
    const isNew = this.newTables.has(tableKey(schema, table))
    const phase: FixPhase = subject.kind === 'foreign_key' ? 'foreign_key' : 'key'
    const notes =
      referencedTable !== undefined && this.newTables.has(tableKey(schema, referencedTable)) && !isNew
        ? ['references a table this repair creates: existing non-null values cannot match it yet']
        : []
    if (isNew || !this.options.notValid) {
      const hazards: Hazard[] = isNew ? [] : ['may_fail_on_existing_rows', 'scans_table', lock]
      return this.add(phase, [unlessConstraintExists(schema, table, name, [clause(false)])], resolves, hazards, schema, { notes })
    }
    this.add(phase, [unlessConstraintExists(schema, table, name, [clause(true)])], resolves, [lock], schema, { notes })
    this.add(
      'validate',
      [`ALTER TABLE ${this.tableName(subject)} VALIDATE CONSTRAINT ${quoteIdent(name)}`],
      resolves,
      ['scans_table', 'outside_transaction'],
      schema,
      {
        isOutsideTransaction: true,
        notes: ['if rows break it, it stays NOT VALID (still enforced for new rows) and this statement fails'],
      },
    )
  }

  /**
   * A NOT VALID constraint the spec wants validated: VALIDATE CONSTRAINT checks the old rows under
   * a lock that lets reads and writes go on; after the transaction (and after any rename), so a
   * row that breaks it fails this statement alone.
   */
  private validateConstraint(subject: ObjectRef, name: string, resolves: Resolves): void {
    this.add(
      'validate',
      [`ALTER TABLE ${this.tableName(subject)} VALIDATE CONSTRAINT ${quoteIdent(name)}`],
      resolves,
      ['scans_table', 'outside_transaction'],
      subject.schema ?? 'public',
      { isOutsideTransaction: true, notes: ['if rows break it, it stays NOT VALID (still enforced for new rows) and this statement fails'] },
    )
  }

  /** Drop and add again one constraint (a check, a foreign key) with its new definition. */
  private replaceValidated(
    subject: ObjectRef,
    oldNames: readonly string[],
    name: string,
    clause: (notValid: boolean) => string,
    resolves: Resolves,
    lock: Hazard,
    isSatisfiedByRows = false,
  ): void {
    const schema = subject.schema ?? 'public'
    const phase: FixPhase = subject.kind === 'foreign_key' ? 'foreign_key' : 'key'
    const drop = oldNames.map((n) => this.dropConstraint(subject, n))
    if (isSatisfiedByRows || !this.options.notValid) {
      const hazards: Hazard[] = isSatisfiedByRows ? ['scans_table', lock] : ['may_fail_on_existing_rows', 'scans_table', lock]
      return this.add(phase, [...drop, clause(false)], resolves, hazards, schema)
    }
    this.add(phase, [...drop, clause(true)], resolves, [lock], schema)
    this.add(
      'validate',
      [`ALTER TABLE ${this.tableName(subject)} VALIDATE CONSTRAINT ${quoteIdent(name)}`],
      resolves,
      ['scans_table', 'outside_transaction'],
      schema,
      { isOutsideTransaction: true },
    )
  }

  // --- tables and columns ---------------------------------------------------------------------

  /** A missing table: the table with its keys and checks, then its indexes, foreign keys and triggers in their phases. */
  private createTableWhole(table: TableModel, resolves: Resolves): void {
    const serials = table.columns.filter((c) => c.isSerial === true && c.default === undefined)
    for (const column of serials)
      this.createSequenceSteps(
        { ...serialSequence(table, column), dataType: column.type ?? 'integer', ownedBy: { table: table.name, column: column.name } },
        resolves,
      )
    const create = this.createTableStatement(table)
    if (isMissing(create)) return this.cannot(resolves, create.missing)
    this.add('table', [create], resolves, [], table.schema)
    for (const index of table.indexes) if (index.constraintName == null) this.createIndexStep(table, index, resolves)
    for (const fk of table.foreignKeys) {
      this.add(
        'foreign_key',
        [
          unlessConstraintExists(table.schema, table.name, foreignKeyName(table, fk), [
            `ALTER TABLE ${qualifiedName(table.schema, table.name)} ADD ${foreignKeyClause(table, fk, false)}`,
          ]),
        ],
        resolves,
        [],
        table.schema,
      )
    }
    // An index for each key the spec lists none for: else the next check reports the key [indexed].
    for (const fk of table.foreignKeys) if (expectsOwnIndex(table, fk)) this.indexForeignKey(table, fk, resolves)
    for (const trigger of table.triggers) this.createTriggerSteps(table.schema, table.name, trigger, resolves, false)
  }

  private createTableStatement(table: TableModel): string | Missing {
    const partition = partitionClause(table)
    if (partition !== undefined) return partition
    return createTable(table, this.version)
  }

  /** A finding folded into a missing table (a partition, a sequence): created with it. */
  private createConsequence(code: FindingCode, subject: ObjectRef, resolves: Resolves): void {
    if (subject.schema === null || subject.name === null) return
    if (code === 'table.missing') {
      const table = this.expectedTables.get(tableKey(subject.schema, subject.name))
      if (table !== undefined) this.createTableWhole(table, resolves)
    } else if (code === 'sequence.missing') {
      const sequence = this.input.expected.sequences.find((s) => s.schema === subject.schema && s.name === subject.name)
      if (sequence !== undefined) this.createSequenceSteps(sequence, resolves)
    }
  }

  private addColumn(table: TableModel, column: ColumnModel, resolves: Resolves): void {
    if (column.isSerial === true && column.default === undefined) {
      this.createSequenceSteps(
        { ...serialSequence(table, column), dataType: column.type ?? 'integer', ownedBy: { table: table.name, column: column.name } },
        resolves,
      )
    }
    const definition = columnDefinition(table, column)
    if (isMissing(definition)) return this.cannot(resolves, definition.missing)
    const hazards: Hazard[] = []
    const fills = column.isSerial === true || column.identity != null || column.generated != null || isVolatile(columnDefault(table, column))
    if (fills) hazards.push('rewrites_table', 'blocks_reads')
    if (column.isNullable === false && columnDefault(table, column) === null && column.identity == null && column.generated == null)
      hazards.push('may_fail_on_existing_rows')
    this.add(
      'column',
      [`ALTER TABLE ${qualifiedName(table.schema, table.name)} ADD COLUMN IF NOT EXISTS ${definition}`],
      resolves,
      this.rowHazards({ kind: 'column', schema: table.schema, table: table.name, name: column.name }, hazards),
      table.schema,
    )
  }

  private alterColumn(table: TableModel, expected: ColumnModel, actual: ColumnModel, attributes: readonly string[], resolves: Resolves): void {
    const alter = `ALTER TABLE ${qualifiedName(table.schema, table.name)} ALTER COLUMN ${quoteIdent(expected.name)}`
    const column = quoteIdent(expected.name)
    for (const attribute of attributes) {
      switch (attribute) {
        case 'type': {
          // `serial` differs from its integer type only by the default that draws from its sequence.
          if (expected.type === actual.type && expected.isSerial === true && !attributes.includes('default')) {
            this.alterColumn(table, expected, actual, ['default'], resolves)
            break
          }
          if (expected.type === undefined || expected.type === actual.type) break
          const change = classifyTypeChange(actual.type ?? '', expected.type)
          const using = change === 'other' || change === 'narrowing' ? ` USING ${column}::${expected.type}` : ''
          const hazards: Hazard[] =
            change === 'same' || change === 'no_rewrite'
              ? []
              : change === 'widening'
                ? ['rewrites_table', 'blocks_reads']
                : ['rewrites_table', 'blocks_reads', 'may_fail_on_existing_rows', ...(change === 'narrowing' ? (['narrows_type'] as const) : [])]
          this.add('column_change', [`${alter} TYPE ${expected.type}${using}`], resolves, hazards, table.schema)
          break
        }
        case 'nullable':
          if (expected.isNullable === false)
            this.add('column_change', [`${alter} SET NOT NULL`], resolves, ['may_fail_on_existing_rows', 'scans_table', 'blocks_reads'], table.schema)
          else this.add('column_change', [`${alter} DROP NOT NULL`], resolves, [], table.schema)
          break
        case 'default': {
          const value = columnDefault(table, expected)
          if (expected.isSerial === true && expected.default === undefined) {
            this.createSequenceSteps(
              { ...serialSequence(table, expected), dataType: expected.type ?? 'integer', ownedBy: { table: table.name, column: expected.name } },
              resolves,
            )
          }
          this.add('column_change', [value === null ? `${alter} DROP DEFAULT` : `${alter} SET DEFAULT ${value}`], resolves, [], table.schema)
          break
        }
        case 'identity':
          if (expected.identity === null || expected.identity === undefined)
            this.add('column_change', [`${alter} DROP IDENTITY IF EXISTS`], resolves, [], table.schema)
          else if (actual.identity == null) {
            const statements = [
              ...(actual.default != null ? [`${alter} DROP DEFAULT`] : []),
              `${alter} SET NOT NULL`,
              `${alter} ADD GENERATED ${expected.identity.toUpperCase()} AS IDENTITY`,
            ]
            this.add('column_change', statements, resolves, actual.isNullable === false ? [] : ['may_fail_on_existing_rows', 'scans_table'], table.schema)
          } else this.add('column_change', [`${alter} SET GENERATED ${expected.identity.toUpperCase()}`], resolves, [], table.schema)
          break
        case 'generated':
          if (expected.generated === null || expected.generated === undefined)
            this.add('column_change', [`${alter} DROP EXPRESSION IF EXISTS`], resolves, [], table.schema)
          else if (actual.generated != null && this.version >= FEATURES.setExpression) {
            this.add('column_change', [`${alter} SET EXPRESSION AS (${expected.generated})`], resolves, ['rewrites_table', 'blocks_reads'], table.schema)
          } else {
            const definition = columnDefinition(table, expected)
            if (isMissing(definition)) return this.cannot(resolves, definition.missing)
            const table_ = qualifiedName(table.schema, table.name)
            this.add(
              'column_change',
              [`ALTER TABLE ${table_} DROP COLUMN IF EXISTS ${column}`, `ALTER TABLE ${table_} ADD COLUMN ${definition}`],
              resolves,
              ['deletes_data', 'rewrites_table', 'drops_dependents'],
              table.schema,
            )
          }
          break
        default:
          break
      }
    }
  }

  // --- other objects --------------------------------------------------------------------------

  /**
   * The index a foreign key's referencing columns need, unless the table has one that starts with
   * them or this plan already builds one (keys on `(a)` and `(a, b)` in that order share the
   * second only when it comes first; the order of findings decides). A B-tree on the columns,
   * named as PostgreSQL would name it, numbered past every name already taken in the schema
   * (IF NOT EXISTS would otherwise skip it and leave the key without one).
   */
  private indexForeignKey(table: TableModel, fk: ForeignKeyModel, resolves: Resolves): void {
    const key = tableKey(table.schema, table.name)
    const actual = this.actualTables.get(key)
    const planned = this.plannedKeyIndexes.get(key) ?? []
    if (actual !== undefined && hasIndexLeadingWith(actual, fk.columns)) return
    if (hasIndexLeadingWith({ indexes: planned, primaryKey: null, uniqueConstraints: [] }, fk.columns)) return
    const taken = this.relationNamesIn(table.schema)
    let name = makeObjectName(table.name, fk.columns.join('_'), 'idx')
    for (let n = 1; taken.has(name); n++) name = makeObjectName(table.name, fk.columns.join('_'), `idx${n}`)
    const index: IndexModel = { name, keys: fk.columns, method: 'btree', where: null }
    this.plannedKeyIndexes.set(key, [...planned, index])
    this.plannedKeyIndexNames.set(table.schema, new Set([...(this.plannedKeyIndexNames.get(table.schema) ?? []), name]))
    this.createIndexStep(table, index, resolves)
  }

  /** Names of relations in `schema`: the database's tables, views, sequences and indexes, the spec's, and the key indexes planned. */
  private relationNamesIn(schema: string): Set<string> {
    const { actual, expected } = this.input
    const names = new Set<string>()
    for (const model of [actual, expected]) {
      for (const t of model.tables.filter((t) => t.schema === schema)) {
        names.add(t.name)
        for (const i of t.indexes) if (i.name !== undefined) names.add(i.name)
        // A constraint's index takes the constraint's name.
        if (t.primaryKey?.name !== undefined) names.add(t.primaryKey.name)
        for (const u of t.uniqueConstraints) if (u.name !== undefined) names.add(u.name)
      }
      for (const o of [...model.views, ...model.sequences]) if (o.schema === schema) names.add(o.name)
    }
    for (const name of this.plannedKeyIndexNames.get(schema) ?? []) names.add(name)
    return names
  }

  private createIndexStep(table: TableModel, index: TableModel['indexes'][number], resolves: Resolves): void {
    const subject: ObjectRef = { kind: 'index', schema: table.schema, table: table.name, name: index.name ?? null }
    const isNew = this.newTables.has(tableKey(table.schema, table.name))
    const hazards = this.rowHazards(subject, ['blocks_writes', ...(index.isUnique === true ? (['may_fail_on_existing_rows'] as const) : [])])
    if (this.options.concurrently && !isNew && !this.isPartitioned(subject)) {
      // If this build fails it leaves an INVALID index behind; the next check reports it, and its
      // repair drops the leftover before building again.
      return this.add(
        'index',
        [createIndex(table, index, true)],
        resolves,
        [...hazards.filter((h) => h !== 'blocks_writes'), 'outside_transaction'],
        table.schema,
        {
          isOutsideTransaction: true,
          notes: ['builds without blocking writes; a failed build leaves an INVALID index, which the next check reports'],
        },
      )
    }
    this.add('index', [createIndex(table, index, false)], resolves, hazards, table.schema)
  }

  private createTriggerSteps(schema: string, relation: string, trigger: TriggerModel, resolves: Resolves, isReplace: boolean): void {
    const canReplace = this.version >= FEATURES.createOrReplaceTrigger
    const create = createTrigger(schema, relation, trigger, isReplace && canReplace)
    if (isMissing(create)) return this.cannot(resolves, create.missing)
    const statements = isReplace
      ? canReplace
        ? [create]
        : [`DROP TRIGGER IF EXISTS ${quoteIdent(trigger.name)} ON ${qualifiedName(schema, relation)}`, create]
      : [unlessTriggerExists(schema, relation, trigger.name, [create])]
    const enabled = trigger.enabled !== undefined && trigger.enabled !== 'origin' ? triggerEnabled(schema, relation, trigger) : null
    const requires: ObjectRef[] = [
      { kind: 'view', schema, table: null, name: relation },
      ...(trigger.function === undefined ? [] : [functionRef(trigger.function)]),
    ]
    this.add('trigger', enabled === null ? statements : [...statements, enabled], resolves, [], schema, { requires })
  }

  private createViewTriggers(view: ViewModel, resolves: Resolves): void {
    for (const trigger of view.triggers ?? []) this.createTriggerSteps(view.schema, view.name, trigger, resolves, false)
  }

  private createSequenceSteps(sequence: SequenceModel, resolves: Resolves): void {
    this.add('sequence', [createSequence(sequence)], resolves, [], sequence.schema)
    if (sequence.ownedBy != null) {
      const owner = `${qualifiedName(sequence.schema, sequence.ownedBy.table)}.${quoteIdent(sequence.ownedBy.column)}`
      this.add('column_change', [`ALTER SEQUENCE ${qualifiedName(sequence.schema, sequence.name)} OWNED BY ${owner}`], resolves, [], sequence.schema)
    }
  }

  /**
   * Missing labels are added in place (ADD VALUE IF NOT EXISTS, next to a neighbour that exists);
   * PostgreSQL cannot remove or reorder labels, so any other difference is left to a person.
   */
  private addEnumLabels(schema: string, name: string, expected: readonly string[], actual: readonly string[], resolves: Resolves): void {
    const kept = expected.filter((label) => actual.includes(label))
    const isInOrder = kept.length === actual.length && kept.every((label, i) => label === actual[i])
    if (!isInOrder)
      return this.cannot(resolves, 'PostgreSQL cannot remove or reorder enum labels: create a new type, move the columns to it, and drop the old one')
    const statements: string[] = []
    for (const [i, label] of expected.entries()) {
      if (actual.includes(label)) continue
      const position = i > 0 ? ` AFTER ${quoteLiteral(expected[i - 1] as string)}` : expected.length > 1 ? ` BEFORE ${quoteLiteral(expected[1] as string)}` : ''
      statements.push(`ALTER TYPE ${qualifiedName(schema, name)} ADD VALUE IF NOT EXISTS ${quoteLiteral(label)}${position}`)
    }
    this.add('type', statements, resolves, [], schema, { notes: ['a label added in this transaction cannot be used before it commits'] })
  }
}

/** A trigger's function (`name` or `schema.name`) as an object reference. */
function functionRef(name: string): ObjectRef {
  const dot = name.indexOf('.')
  return dot < 0
    ? { kind: 'function', schema: 'public', table: null, name }
    : { kind: 'function', schema: name.slice(0, dot), table: null, name: name.slice(dot + 1) }
}

/** CREATE TABLE ... PARTITION OF, when the model knows the bounds. */
function partitionClause(table: TableModel): string | Missing | undefined {
  if (table.partitionOf == null) return undefined
  const bound = (table as TableModel & { readonly partitionBound?: string }).partitionBound
  if (bound === undefined) return { missing: `the spec does not give the partition bounds of ${table.name}` }
  return `CREATE TABLE IF NOT EXISTS ${qualifiedName(table.schema, table.name)} PARTITION OF ${qualifiedName(table.partitionOf.schema, table.partitionOf.name)} ${bound}`
}

/** Whether a type as format_type() spells it (`users`, `SETOF app.users`, `users[]`, `TABLE(u users)`) names type `spelled`. */
function namesType(type: string, spelled: string): boolean {
  for (let at = type.indexOf(spelled); at >= 0; at = type.indexOf(spelled, at + 1)) {
    const before = type[at - 1] ?? ' '
    const after = type[at + spelled.length] ?? ' '
    if (/[\s(,]/.test(before) && /[\s),[]/.test(after)) return true
  }
  return false
}

/** A default PostgreSQL must compute per row when the column is added (so it rewrites the table). */
function isVolatile(expression: string | null): boolean {
  if (expression === null) return false
  return /\b(nextval|random|gen_random_uuid|uuid_generate_v\d|clock_timestamp|timeofday)\s*\(/i.test(expression)
}

const SIZED_HAZARDS: ReadonlySet<Hazard> = new Set<Hazard>(['rewrites_table', 'scans_table', 'blocks_writes', 'blocks_reads'])

function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${units[unit] ?? ''}`
}

function uniqueHazards(hazards: readonly Hazard[]): Hazard[] {
  return [...new Set(hazards)].sort(compareText)
}

const PHASE_RANK = Object.fromEntries(FIX_PHASES.map((phase, i) => [phase, i])) as Readonly<Record<FixPhase, number>>

/**
 * The names to drop the actual object of a mismatch by: its own, and the spec's name when the
 * spec gives one, since an object found under another name is renamed first (its `.renamed`
 * finding) when that repair runs before this one. `fallback`: the name when the database's is unknown.
 */
function namesOfPair(f: { readonly expected: { readonly name?: string }; readonly actual: { readonly name?: string } }, fallback: string): string[] {
  return [...new Set([f.actual.name ?? fallback, ...(f.expected.name !== undefined ? [f.expected.name] : [])])]
}

const STRICTER = 'the database checks more than the spec asks (validated or enforced); nothing to repair: change the spec instead'

/** A mismatch only in health flags the database has and the spec says it may lack. */
function isOnlyStricter(f: Pick<Extract<Finding, { code: 'check.mismatch' | 'foreign_key.mismatch' }>, 'attributes' | 'expected' | 'actual'>): boolean {
  const attributes: readonly string[] = f.attributes
  return attributes.every((a) => (a === 'valid' || a === 'enforced') && isHealthier(f.expected, f.actual, a))
}
