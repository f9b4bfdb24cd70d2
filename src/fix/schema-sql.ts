/**
 * The model → DDL writer: a whole schema model as a script that `psql -v ON_ERROR_STOP=1 -f`
 * runs in an empty database (`snapshot --format sql`, and the copy `--prove` builds). It is the
 * fix planner's repair from an empty database to the model, so every CREATE is the one a repair
 * would run (create-statements.ts) and every name goes through quote.ts. What cannot be created
 * from what the model knows (a function without its definition, a partition without its bounds)
 * is listed in comments at the end, never skipped silently.
 */
import { compareSchemas } from '../compare/compare-schemas.js'
import { objectKey, type ObjectRef } from '../model/object-ref.js'
import { EMPTY_SCHEMA, type SchemaModel, type ViewModel } from '../model/schema-model.js'
import type { FixOptions, FixPlan, FixStep, Unrepairable } from './fix-plan.js'
import { scriptOf, type ScriptStatement } from './fix-script.js'
import { planFix } from './plan-fix.js'
import { quoteIdent } from './quote.js'

/** Everything runs: an empty database has no rows to lose, and nothing is dropped. */
const FROM_EMPTY: FixOptions = { allowDestructive: true, isStrict: false, concurrently: false, notValid: false }

/**
 * The session setting the script starts with, as pg_dump's do: function bodies are checked when
 * they run, not when they are created, so a SQL function may read a table created after it.
 */
export const SCHEMA_SCRIPT_SETTINGS = ['SET check_function_bodies = false'] as const

/** The steps that turn an empty database into `model`, in order, and what they cannot create. */
export function planSchema(model: SchemaModel, serverVersionNum: number): FixPlan {
  const empty: SchemaModel = { ...EMPTY_SCHEMA, schemas: [] }
  const findings = compareSchemas(model, empty, { isStrict: false })
  const plan = planFix({ findings, expected: model, actual: empty, serverVersionNum, options: FROM_EMPTY })
  return {
    ...plan,
    statements: orderViews(plan.statements, model.views),
    unrepairable: [...plan.unrepairable, ...uncreatableIndexes(model)],
  }
}

/** Every statement of the schema script, in order: the settings, then scriptOf's transaction. */
export function schemaScript(plan: FixPlan): ScriptStatement[] {
  return [...SCHEMA_SCRIPT_SETTINGS.map((sql) => ({ sql, isOutsideTransaction: true })), ...scriptOf(plan)]
}

export interface SchemaSqlHeader {
  readonly toolVersion: string
  /** What the model describes, e.g. `app (PostgreSQL 17.2)`. No time: the same schema gives the same file. */
  readonly source: string
}

/** `model` as a script that creates it in an empty database (see the file comment). */
export function schemaSql(model: SchemaModel, serverVersionNum: number, header: SchemaSqlHeader | null = null): string {
  return renderSchemaSql(planSchema(model, serverVersionNum), header)
}

/** A schema plan as the script: each step after a comment naming what it creates, then what it cannot. */
export function renderSchemaSql(plan: FixPlan, header: SchemaSqlHeader | null): string {
  const lines: string[] = []
  if (header !== null) {
    lines.push(`-- Schema written by verify-database ${header.toolVersion}`, `-- of ${oneLine(header.source)}`)
  }
  lines.push('-- Creates the schema in an empty database: psql -v ON_ERROR_STOP=1 -f THIS_FILE. Running it twice is harmless.', '')
  let lastStep: FixStep | undefined
  for (const statement of schemaScript(plan)) {
    if (statement.step !== undefined && statement.step !== lastStep) {
      lines.push('', ...stepComment(statement.step))
      lastStep = statement.step
    }
    lines.push(`${statement.sql};`)
  }
  if (plan.unrepairable.length > 0) {
    lines.push('', '-- Not created: the model does not hold what it takes to create these.')
    for (const item of plan.unrepairable) lines.push(`--   ${subjectLabel(item.resolves.subject)}: ${oneLine(item.reason)}`)
  }
  return `${lines.join('\n')}\n`
}

/**
 * What a step creates: `-- table public.users`, or for a part created in a later phase
 * `-- table public.users: index` (a missing table's indexes, foreign keys and triggers all
 * resolve the table's finding), and the step's notes.
 */
function stepComment(step: FixStep): string[] {
  const lines = step.resolves.map(({ subject }) => {
    const phase = CONTAINERS.has(subject.kind) ? PHASE_WORDS[step.phase] : undefined
    return `-- ${subjectLabel(subject)}${phase === undefined || phase === subject.kind ? '' : `: ${phase}`}`
  })
  for (const note of step.notes) lines.push(`--   note: ${oneLine(note)}`)
  return lines
}

/** Objects whose parts are created in later steps (a table's indexes, a view's triggers, a sequence's owner). */
const CONTAINERS: ReadonlySet<ObjectRef['kind']> = new Set(['table', 'view', 'sequence'])

/** The phases a part of an object can be created in, as a comment names them. */
const PHASE_WORDS: Partial<Record<FixStep['phase'], string>> = {
  sequence: 'sequence',
  table: 'table',
  column: 'column',
  column_change: 'owner',
  key: 'constraint',
  index: 'index',
  foreign_key: 'foreign key',
  view: 'view',
  trigger: 'trigger',
}

/** `table public.users`, `index public.users.users_email_idx`, `function public.add(integer)`: for comments. */
export function subjectLabel(subject: ObjectRef): string {
  const parts = subject.kind === 'schema' ? [subject.name] : [subject.schema, subject.table, subject.name]
  const path = parts.filter((part): part is string => part !== null).map(quoteIdent)
  const args = subject.arguments !== undefined ? `(${subject.arguments.join(', ')})` : ''
  return oneLine(`${subject.kind.replace('_', ' ')} ${path.join('.')}${args}`)
}

/**
 * Views in an order that creates each after the views it reads: a view whose definition names
 * another view (as a whole identifier) comes after it. Naming is an over-approximation (a column
 * can share a view's name), which only costs order; a cycle keeps the planner's order.
 */
function orderViews(steps: readonly FixStep[], views: readonly ViewModel[]): FixStep[] {
  const viewSteps = steps.filter((s) => s.phase === 'view')
  if (viewSteps.length < 2) return [...steps]
  const definitionOf = new Map(views.map((v) => [objectKey({ kind: 'view', schema: v.schema, table: null, name: v.name }), definitionText(v)]))
  const keyOf = (step: FixStep): string | undefined => {
    const subject = step.resolves[0]?.subject
    return subject?.kind === 'view' ? objectKey(subject) : undefined
  }
  const namesOf = (step: FixStep): string | undefined => (keyOf(step) === undefined ? undefined : (step.resolves[0]?.subject.name ?? undefined))
  const reads = (reader: FixStep, read: FixStep): boolean => {
    const definition = definitionOf.get(keyOf(reader) ?? '')
    const name = namesOf(read)
    return reader !== read && definition !== undefined && name !== undefined && mentions(definition, name)
  }
  const ordered: FixStep[] = []
  const pending = [...viewSteps]
  while (pending.length > 0) {
    const ready = pending.findIndex((step) => !pending.some((other) => reads(step, other)))
    const [next] = pending.splice(ready < 0 ? 0 : ready, 1)
    ordered.push(next as FixStep)
  }
  const first = steps.indexOf(viewSteps[0] as FixStep)
  const others = steps.filter((s) => s.phase !== 'view')
  return [...others.slice(0, first), ...ordered, ...others.slice(first)]
}

function definitionText(view: ViewModel): string | undefined {
  return (view as ViewModel & { readonly definition?: string }).definition
}

/** Whether SQL text names `name` as a whole identifier (bare or quoted, as the deparser spells it). */
function mentions(sql: string, name: string): boolean {
  const spelled = quoteIdent(name)
  for (let at = sql.indexOf(spelled); at >= 0; at = sql.indexOf(spelled, at + 1)) {
    const before = sql[at - 1] ?? ' '
    const after = sql[at + spelled.length] ?? ' '
    if (!IDENTIFIER_CHAR.test(before) && !IDENTIFIER_CHAR.test(after)) return true
  }
  return false
}

const IDENTIFIER_CHAR = /[\p{L}\p{N}_$"]/u

/**
 * Indexes that back a constraint the model has no other record of (an exclusion constraint): the
 * planner leaves every constraint's index to its constraint, so these would vanish unnoticed.
 */
function uncreatableIndexes(model: SchemaModel): Unrepairable[] {
  const items: Unrepairable[] = []
  for (const table of model.tables) {
    const constraints = new Set([
      ...(table.primaryKey?.name !== undefined ? [table.primaryKey.name] : []),
      ...table.uniqueConstraints.flatMap((u) => (u.name === undefined ? [] : [u.name])),
    ])
    for (const index of table.indexes) {
      if (index.constraintName == null || constraints.has(index.constraintName)) continue
      items.push({
        resolves: { code: 'index.missing', subject: { kind: 'index', schema: table.schema, table: table.name, name: index.name ?? null } },
        reason: `it backs constraint ${index.constraintName}, which the model does not describe (an exclusion constraint)`,
      })
    }
  }
  return items
}

/** A value inside a `--` comment: a newline would end the comment and start SQL. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ')
}
