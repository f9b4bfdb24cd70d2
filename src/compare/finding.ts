/**
 * A Finding is one difference between the expected and the actual schema: data only, typed by
 * its `code`. The payload is the model objects that were compared; how they are spelled on the
 * wire and in sentences is report/'s business. Every consumer switches on `code` (or `kind` and
 * `problem`) and ends in assertNever, so a new code makes tsc list each place that must handle it.
 */
import type { ObjectKind, ObjectRef, SpecLocation } from '../model/object-ref.js'
import type {
  CheckModel,
  ColumnModel,
  EnumModel,
  ExtensionModel,
  ForeignKeyModel,
  FunctionModel,
  IndexModel,
  PrimaryKeyModel,
  SchemaEntryModel,
  SequenceModel,
  TableModel,
  TriggerModel,
  UniqueModel,
  ViewModel,
} from '../model/schema-model.js'
import type { MigrationHistoryModel, MigrationSpecModel } from '../model/migration.js'
import type { SequenceHealthModel } from '../model/sequence-health.js'

export { OBJECT_KINDS as FINDING_KINDS } from '../model/object-ref.js'
export type FindingKind = ObjectKind
/** The kinds that are schema objects: found missing, extra, mismatched or renamed. */
export type ModelKind = Exclude<FindingKind, 'migration'>

/** The model object each kind of finding compares. */
export interface KindModels {
  readonly schema: SchemaEntryModel
  readonly table: TableModel
  readonly column: ColumnModel
  readonly primary_key: PrimaryKeyModel
  readonly unique: UniqueModel
  readonly check: CheckModel
  readonly index: IndexModel
  readonly foreign_key: ForeignKeyModel
  readonly trigger: TriggerModel
  readonly function: FunctionModel
  readonly extension: ExtensionModel
  readonly enum: EnumModel
  readonly sequence: SequenceModel
  readonly view: ViewModel
}

/**
 * The attributes a mismatch can name, per kind, spelled as the spec spells the property (so
 * `onDelete`, `nullsNotDistinct`, `type` for a sequence's data type).
 */
export const MISMATCH_ATTRIBUTES = {
  schema: [],
  table: ['partitionOf', 'partitionBy', 'partitionBound', 'unlogged'],
  column: ['type', 'nullable', 'default', 'identity', 'generated'],
  primary_key: ['columns'],
  unique: ['columns', 'nullsNotDistinct', 'constraint'],
  check: ['expression', 'valid', 'enforced'],
  index: ['columns', 'unique', 'method', 'where', 'include', 'valid'],
  foreign_key: ['columns', 'references', 'onDelete', 'onUpdate', 'match', 'deferrable', 'initiallyDeferred', 'valid', 'enforced', 'indexed'],
  trigger: ['timing', 'events', 'updateOf', 'level', 'function', 'arguments', 'when', 'enabled'],
  function: ['returns', 'language', 'body'],
  extension: ['schema', 'version'],
  enum: ['values'],
  sequence: ['type'],
  view: ['materialized', 'definition'],
} as const satisfies { readonly [K in ModelKind]: readonly string[] }
export type Attribute<K extends ModelKind> = (typeof MISMATCH_ATTRIBUTES)[K][number]

/**
 * The model properties behind each mismatch attribute (the attribute is the spec's word, the
 * property the model's): tsc checks that every attribute of every kind names real properties.
 */
export const ATTRIBUTE_PROPERTIES = {
  table: { partitionOf: ['partitionOf'], partitionBy: ['partitionBy'], partitionBound: ['partitionBound'], unlogged: ['isUnlogged'] },
  column: { type: ['type', 'isSerial'], nullable: ['isNullable'], default: ['default'], identity: ['identity'], generated: ['generated'] },
  primary_key: { columns: ['columns'] },
  unique: { columns: ['columns'], nullsNotDistinct: ['nullsNotDistinct'], constraint: ['isConstraint'] },
  check: { expression: ['expression'], valid: ['isValid'], enforced: ['isEnforced'] },
  index: { columns: ['keys'], unique: ['isUnique'], method: ['method'], where: ['where'], include: ['include'], valid: ['isValid'] },
  foreign_key: {
    columns: ['columns'],
    references: ['referencedSchema', 'referencedTable', 'referencedColumns'],
    onDelete: ['onDelete'],
    onUpdate: ['onUpdate'],
    match: ['match'],
    deferrable: ['isDeferrable'],
    initiallyDeferred: ['isInitiallyDeferred'],
    valid: ['isValid'],
    enforced: ['isEnforced'],
    indexed: ['isIndexed'],
  },
  trigger: {
    timing: ['timing'],
    events: ['events'],
    updateOf: ['updateOf'],
    level: ['level'],
    function: ['function'],
    arguments: ['arguments'],
    when: ['when'],
    enabled: ['enabled'],
  },
  function: { returns: ['returns'], language: ['language'], body: ['body'] },
  extension: { schema: ['schema'], version: ['version'] },
  enum: { values: ['values'] },
  sequence: { type: ['dataType'] },
  view: { materialized: ['isMaterialized'], definition: ['definition'] },
} as const satisfies { readonly [K in MismatchableKind]: { readonly [A in Attribute<K>]: readonly (keyof KindModels[K])[] } }

/** Kinds matched by definition first, so the same object under another name is `renamed`. */
export const RENAMEABLE_KINDS = ['primary_key', 'unique', 'check', 'index', 'foreign_key', 'trigger'] as const
export type RenameableKind = (typeof RENAMEABLE_KINDS)[number]

export const SEVERITIES = ['error', 'warning', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

export type { SpecLocation } from '../model/object-ref.js'

/** What every finding has besides its code and payload. */
interface FindingBase<K extends FindingKind> {
  readonly kind: K
  /** The object the finding is about; its `name` is the expected name (null: unnamed in the spec). */
  readonly subject: ObjectRef & { readonly kind: K }
  readonly severity: Severity
  /**
   * Where the spec declares the object (for an extra: the spec's entry of its table, when the
   * spec has one); null when the spec does not mention it or the spec has no file.
   */
  readonly source: SpecLocation | null
  /**
   * Findings that follow from this one and are therefore not reported on their own (one cause,
   * one finding): for a missing table, its partitions and the sequences of its serial columns;
   * for an object of a partitioned table, the same finding on each partition that inherits it.
   */
  readonly consequences: readonly Consequence[]
  /**
   * A missing object this one depends on, which is reported too: the table a missing foreign
   * key references, the function of a missing trigger, the enum type of a missing column.
   */
  readonly dependsOn: ObjectRef | null
  /**
   * Index findings only: the table's column names. A model index key is a column name or an
   * expression, and only the table's columns tell `"lower(x)"` the column from `lower(x)`.
   */
  readonly tableColumns?: readonly string[]
}

export interface MissingFinding<K extends ModelKind> extends FindingBase<K> {
  readonly code: `${K}.missing`
  readonly problem: 'missing'
  /** What the spec asks for. */
  readonly expected: KindModels[K]
}

export interface ExtraFinding<K extends ModelKind> extends FindingBase<K> {
  readonly code: `${K}.extra`
  readonly problem: 'extra'
  /** What the database has and the spec does not mention. */
  readonly actual: KindModels[K]
}

export interface MismatchFinding<K extends ModelKind> extends FindingBase<K> {
  readonly code: `${K}.mismatch`
  readonly problem: 'mismatch'
  /** The properties that differ, in the order the comparer checks them. */
  readonly attributes: readonly Attribute<K>[]
  readonly expected: KindModels[K]
  readonly actual: KindModels[K]
}

/**
 * For `unique.renamed` and `index.renamed`, what the database object that satisfies the
 * expectation is, when it is not simply an object of the same kind: a unique index standing for
 * a unique constraint, or the index that implements a constraint.
 */
export type FoundAs =
  | { readonly object: 'unique_constraint' }
  | { readonly object: 'unique_index' }
  | { readonly object: 'constraint_index'; readonly constraint: 'primary_key' | 'unique' | 'other'; readonly constraintName: string }

export interface RenamedFinding<K extends RenameableKind> extends FindingBase<K> {
  readonly code: `${K}.renamed`
  readonly problem: 'renamed'
  readonly expected: KindModels[K]
  /** The same definition, under `actual.name`. */
  readonly actual: KindModels[K]
  readonly foundAs: FoundAs | null
}

/** The kinds that have attributes to mismatch (a schema only exists or does not). */
export type MismatchableKind = { [K in ModelKind]: (typeof MISMATCH_ATTRIBUTES)[K] extends readonly [] ? never : K }[ModelKind]

type Distribute<K extends ModelKind> = K extends ModelKind
  ? MissingFinding<K> | ExtraFinding<K> | (K extends MismatchableKind ? MismatchFinding<K> : never)
  : never
type DistributeRenamed<K extends RenameableKind> = K extends RenameableKind ? RenamedFinding<K> : never

/**
 * What the migration history says, against what the spec expects:
 * - `behind`: an older revision (or none) is recorded; `ahead`: a newer one;
 * - `unknown`: a revision the spec's history does not have (another branch, a reverted chain);
 * - `missing_table`: no history table at all (a hand-made or pre-migration install);
 * - `dirty`: the tool marked a migration failed or unfinished;
 * - `stamped`: a revision is recorded but tables it creates are missing (recorded, not run).
 */
export const MIGRATION_PROBLEMS = ['behind', 'ahead', 'unknown', 'missing_table', 'dirty', 'stamped'] as const
export type MigrationProblem = (typeof MIGRATION_PROBLEMS)[number]

/** The facts behind a migration finding, for its message and its repair. */
export interface MigrationFacts {
  /** The revisions the history says are current (heads), newest last; empty when none is recorded. */
  readonly current: readonly string[]
  /** behind: the revisions between current and expected, oldest first (empty without a history to count them). */
  readonly pending: readonly string[]
  /** ahead: the revisions after the expected one; unknown: those the spec does not know. */
  readonly revisions: readonly string[]
  /** dirty: the failed or unfinished revisions. */
  readonly failed: readonly string[]
  /** Tables (`schema.table`) the spec's `creates` gives to the revisions concerned that the database lacks. */
  readonly missingTables: readonly string[]
  /** Tables the pending revisions create that the database already has (behind: stamp rather than upgrade). */
  readonly presentTables: readonly string[]
  /** unknown and missing_table: the tables the database has in the spec's schemas that the spec does not describe. */
  readonly undescribedTables: readonly string[]
  /** missing_table: how many of the spec's tables the database has. */
  readonly tablesPresent: number
  readonly tablesExpected: number
}

export interface MigrationFinding extends FindingBase<'migration'> {
  readonly code: `migration.${MigrationProblem}`
  readonly problem: MigrationProblem
  readonly expected: MigrationSpecModel
  /** The history table read; null when there is none. */
  readonly actual: MigrationHistoryModel | null
  readonly migration: MigrationFacts
}

/**
 * `sequence.behind` (read with --health): the next value a column's sequence gives is one the
 * column already holds, so the next insert that takes the default fails with a duplicate key.
 */
export interface SequenceBehindFinding extends FindingBase<'sequence'> {
  readonly code: 'sequence.behind'
  readonly problem: 'behind'
  /** The sequence, owned by the column (as the spec would describe it). */
  readonly expected: SequenceModel
  readonly health: SequenceHealthModel
}

export type Finding = Distribute<ModelKind> | DistributeRenamed<RenameableKind> | MigrationFinding | SequenceBehindFinding
export type FindingCode = Finding['code']
export type FindingProblem = Finding['problem']
/** Findings about schema objects (every kind but migration). */
export type ObjectFinding = Exclude<Finding, MigrationFinding | SequenceBehindFinding>

/** Every code a finding can have, in kind order: the README's table lists exactly these. */
export const FINDING_CODES: readonly FindingCode[] = [
  ...(Object.keys(MISMATCH_ATTRIBUTES) as ModelKind[]).flatMap((kind) => [
    `${kind}.missing` as FindingCode,
    ...(MISMATCH_ATTRIBUTES[kind].length > 0 ? [`${kind}.mismatch` as FindingCode] : []),
    `${kind}.extra` as FindingCode,
    ...((RENAMEABLE_KINDS as readonly string[]).includes(kind) ? [`${kind}.renamed` as FindingCode] : []),
  ]),
  'sequence.behind',
  ...MIGRATION_PROBLEMS.map((problem) => `migration.${problem}` as const),
]

/** A finding folded into another one (see Finding.consequences): what it would have said. */
export interface Consequence {
  readonly code: FindingCode
  readonly subject: ObjectRef
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 }

/** True when `severity` is at or above `threshold`. */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold]
}

/** A health flag (valid, enforced) the spec says the object may lack and the database's has (as one built by hand, without it, does). */
export function isHealthier(expected: object, actual: object, attribute: 'valid' | 'enforced' | 'unlogged'): boolean {
  const e = expected as Record<string, unknown>
  const a = actual as Record<string, unknown>
  // A logged table where the spec allows an unlogged one is the healthier state of `unlogged`.
  if (attribute === 'unlogged') return e['isUnlogged'] === true && a['isUnlogged'] !== true
  const property = attribute === 'valid' ? 'isValid' : 'isEnforced'
  return e[property] === false && a[property] !== false
}

/** The end of every switch over findings: tsc fails here when a case is not handled. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`)
}
