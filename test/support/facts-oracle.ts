/**
 * Ground truth for the TimeTracker dumps, computed without the introspector, the spec loader or
 * the comparer: from the corpus' facts files (one catalog fact per line, made from psql output
 * when the dumps were built) and nothing else.
 *
 * Facts format (corpus/timetracker/README.md):
 *   T table
 *   C table.column type NULL|NOT NULL [DEFAULT expr]
 *   I table index :: [UNIQUE] method (cols) [WHERE (predicate)]
 *   K table constraint p|u|f|c :: definition
 *   G table trigger :: CREATE TRIGGER ... definition
 *   F function
 *
 * The reference database is what expected-schema.json describes (the nine core tables, their
 * triggers and the trigger function). expectedFindings() says what checking another database
 * against that spec must report, by the rules the README of verify-database documents:
 * - a missing table is one finding (nothing about its columns, keys, indexes or triggers);
 * - columns match by name; a mismatch lists the attributes that differ (type, nullable, default);
 * - indexes, unique constraints, foreign keys and triggers match by definition first, then by
 *   name: same definition under another name = `renamed`, same name with another definition =
 *   `mismatch`, neither = `missing`; foreign keys are identified by what they link, their
 *   ON DELETE / ON UPDATE are attributes; an expected unique constraint is also satisfied by a
 *   plain unique index, an expected index also by the index behind a constraint;
 * - nothing the spec does not mention is reported (not strict).
 */
import { readFileSync } from 'node:fs'

/** The tables expected-schema.json describes. */
export const CORE_TABLES = ['users', 'projects', 'time_entries', 'tasks', 'settings', 'invoices', 'invoice_items', 'clients', 'project_costs'] as const

/** The functions expected-schema.json describes. */
export const CORE_FUNCTIONS = ['update_updated_at_column'] as const

/** A finding as the oracle predicts it. */
export interface ExpectedFinding {
  readonly code: string
  /** Null for tables and functions. */
  readonly table: string | null
  readonly name: string
  /** For mismatches: the attributes that differ, sorted. Empty otherwise. */
  readonly attributes: readonly string[]
}

export interface ColumnFact {
  readonly type: string
  readonly isNullable: boolean
  readonly default: string | null
}

export interface IndexFact {
  readonly name: string
  readonly isUnique: boolean
  readonly method: string
  readonly columns: readonly string[]
  readonly where: string | null
}

export interface ConstraintFact {
  readonly name: string
  readonly type: 'p' | 'u' | 'f' | 'c'
  readonly definition: string
}

export interface TriggerFact {
  readonly name: string
  /** The CREATE TRIGGER text with the trigger's own name taken out. */
  readonly body: string
}

/** Everything one facts file says. */
export interface Facts {
  readonly tables: ReadonlySet<string>
  readonly columns: ReadonlyMap<string, ReadonlyMap<string, ColumnFact>>
  readonly indexes: ReadonlyMap<string, readonly IndexFact[]>
  readonly constraints: ReadonlyMap<string, readonly ConstraintFact[]>
  readonly triggers: ReadonlyMap<string, readonly TriggerFact[]>
  readonly functions: ReadonlySet<string>
}

/** Reads and parses a facts file. */
export function readFacts(file: string): Facts {
  return parseFacts(readFileSync(file, 'utf8'))
}

/** Parses the text of a facts file; throws on a line it does not understand. */
export function parseFacts(text: string): Facts {
  const tables = new Set<string>()
  const columns = new Map<string, Map<string, ColumnFact>>()
  const indexes = new Map<string, IndexFact[]>()
  const constraints = new Map<string, ConstraintFact[]>()
  const triggers = new Map<string, TriggerFact[]>()
  const functions = new Set<string>()
  const push = <T>(map: Map<string, T[]>, key: string, value: T): void => {
    map.set(key, [...(map.get(key) ?? []), value])
  }
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    let m: RegExpExecArray | null
    if ((m = /^T (\S+)$/.exec(line))) {
      tables.add(m[1]!)
    } else if ((m = /^F (\S+)$/.exec(line))) {
      functions.add(m[1]!)
    } else if ((m = /^C ([^.\s]+)\.(\S+) (.+?) (NULL|NOT NULL)(?: DEFAULT (.+))?$/.exec(line))) {
      const byName = columns.get(m[1]!) ?? new Map<string, ColumnFact>()
      byName.set(m[2]!, { type: m[3]!, isNullable: m[4] === 'NULL', default: m[5] ?? null })
      columns.set(m[1]!, byName)
    } else if ((m = /^I (\S+) (\S+) :: (UNIQUE )?(\w+) \((.*?)\)(?: WHERE \((.*)\))?$/.exec(line))) {
      push(indexes, m[1]!, { name: m[2]!, isUnique: m[3] !== undefined, method: m[4]!, columns: m[5]!.split(', '), where: m[6] ?? null })
    } else if ((m = /^K (\S+) (\S+) ([pufc]) :: (.+)$/.exec(line))) {
      push(constraints, m[1]!, { name: m[2]!, type: m[3] as ConstraintFact['type'], definition: m[4]! })
    } else if ((m = /^G (\S+) (\S+) :: (.+)$/.exec(line))) {
      push(triggers, m[1]!, { name: m[2]!, body: m[3]!.replace(`CREATE TRIGGER ${m[2]!} `, 'CREATE TRIGGER ') })
    } else {
      throw new Error(`facts: cannot parse line: ${line}`)
    }
  }
  return { tables, columns, indexes, constraints, triggers, functions }
}

/**
 * What checking `actual` against a spec of `reference` (restricted to `tables` and `functions`)
 * must report, sorted by table, code and name.
 */
export function expectedFindings(
  reference: Facts,
  actual: Facts,
  tables: readonly string[] = CORE_TABLES,
  functions: readonly string[] = CORE_FUNCTIONS,
): ExpectedFinding[] {
  const findings: ExpectedFinding[] = []
  for (const fn of functions) {
    if (!reference.functions.has(fn)) throw new Error(`reference has no function ${fn}`)
    if (!actual.functions.has(fn)) findings.push(finding('function.missing', null, fn))
  }
  for (const table of tables) {
    if (!reference.tables.has(table)) throw new Error(`reference has no table ${table}`)
    if (!actual.tables.has(table)) {
      findings.push(finding('table.missing', null, table))
      continue
    }
    findings.push(...compareTable(table, reference, actual))
  }
  return sortExpected(findings)
}

/** Sorted copy: by table (null first), code, name. */
export function sortExpected(findings: readonly ExpectedFinding[]): ExpectedFinding[] {
  return [...findings].sort((a, b) => (a.table ?? '').localeCompare(b.table ?? '') || a.code.localeCompare(b.code) || a.name.localeCompare(b.name))
}

function finding(code: string, table: string | null, name: string, attributes: readonly string[] = []): ExpectedFinding {
  return { code, table, name, attributes: [...attributes].sort() }
}

function compareTable(table: string, reference: Facts, actual: Facts): ExpectedFinding[] {
  const out: ExpectedFinding[] = []
  const refConstraints = reference.constraints.get(table) ?? []
  const actConstraints = actual.constraints.get(table) ?? []
  const actColumns = actual.columns.get(table) ?? new Map<string, ColumnFact>()

  // Columns, by name.
  for (const [name, e] of reference.columns.get(table) ?? []) {
    const a = actColumns.get(name)
    if (a === undefined) {
      out.push(finding('column.missing', table, name))
      continue
    }
    const differs: string[] = []
    if (e.type !== a.type) differs.push('type')
    if (e.isNullable !== a.isNullable) differs.push('nullable')
    if (!isSameDefault(e.default, a.default)) differs.push('default')
    if (differs.length > 0) out.push(finding('column.mismatch', table, name, differs))
  }

  // Primary key.
  const refPk = refConstraints.find((k) => k.type === 'p')
  const actPk = actConstraints.find((k) => k.type === 'p')
  if (refPk !== undefined) {
    if (actPk === undefined) out.push(finding('primary_key.missing', table, refPk.name))
    else if (refPk.definition !== actPk.definition) out.push(finding('primary_key.mismatch', table, refPk.name, ['columns']))
    else if (refPk.name !== actPk.name) out.push(finding('primary_key.renamed', table, refPk.name))
  }

  // Unique constraints: satisfied by a UNIQUE constraint or a plain unique index.
  const constraintNames = new Set(actConstraints.map((k) => k.name))
  const uniqueCandidates = [
    ...actConstraints.filter((k) => k.type === 'u').map((k) => ({ name: k.name, columns: uniqueColumns(k) })),
    ...(actual.indexes.get(table) ?? [])
      .filter((i) => i.isUnique && i.where === null && !constraintNames.has(i.name) && i.columns.every((c) => actColumns.has(c)))
      .map((i) => ({ name: i.name, columns: i.columns })),
  ]
  const refUnique = refConstraints.filter((k) => k.type === 'u').map((k) => ({ name: k.name, columns: uniqueColumns(k) }))
  for (const m of pair(refUnique, uniqueCandidates, (e, a) => sameSet(e.columns, a.columns))) {
    if (m.how === 'missing') out.push(finding('unique.missing', table, m.expected.name))
    else if (m.how === 'renamed') out.push(finding('unique.renamed', table, m.expected.name))
    else if (m.how === 'by_name') out.push(finding('unique.mismatch', table, m.expected.name, ['columns']))
  }

  // Indexes the spec lists: those not behind a constraint of the reference.
  const refConstraintNames = new Set(refConstraints.map((k) => k.name))
  const refIndexes = (reference.indexes.get(table) ?? []).filter((i) => !refConstraintNames.has(i.name))
  for (const m of pair(refIndexes, actual.indexes.get(table) ?? [], (e, a) => indexDefinition(e) === indexDefinition(a))) {
    if (m.how === 'missing') out.push(finding('index.missing', table, m.expected.name))
    else if (m.how === 'renamed') out.push(finding('index.renamed', table, m.expected.name))
    else if (m.how === 'by_name') {
      const e = m.expected
      const a = m.actual!
      const differs: string[] = []
      if (e.columns.join() !== a.columns.join()) differs.push('columns')
      if (e.isUnique !== a.isUnique) differs.push('unique')
      if (e.method !== a.method) differs.push('method')
      if (e.where !== a.where) differs.push('where')
      out.push(finding('index.mismatch', table, e.name, differs))
    }
  }

  // Foreign keys: identified by what they link; actions are attributes.
  const refFks = refConstraints.filter((k) => k.type === 'f').map(parseForeignKey)
  const actFks = actConstraints.filter((k) => k.type === 'f').map(parseForeignKey)
  for (const m of pair(refFks, actFks, (e, a) => e.link === a.link)) {
    if (m.how === 'missing') {
      out.push(finding('foreign_key.missing', table, m.expected.name))
      continue
    }
    const e = m.expected
    const a = m.actual!
    if (m.how === 'renamed') out.push(finding('foreign_key.renamed', table, e.name))
    const differs: string[] = []
    if (m.how === 'by_name') {
      if (e.columns !== a.columns) differs.push('columns')
      if (e.references !== a.references) differs.push('references')
    }
    if (e.onDelete !== a.onDelete) differs.push('onDelete')
    if (e.onUpdate !== a.onUpdate) differs.push('onUpdate')
    if (differs.length > 0) out.push(finding('foreign_key.mismatch', table, e.name, differs))
  }

  // Triggers: by what they do, then by name.
  for (const m of pair(reference.triggers.get(table) ?? [], actual.triggers.get(table) ?? [], (e, a) => e.body === a.body)) {
    if (m.how === 'missing') out.push(finding('trigger.missing', table, m.expected.name))
    else if (m.how === 'renamed') out.push(finding('trigger.renamed', table, m.expected.name))
    else if (m.how === 'by_name') out.push(finding('trigger.mismatch', table, m.expected.name, triggerDifferences(m.expected.body, m.actual!.body)))
  }

  // Check constraints: by expression, then by name.
  const refChecks = refConstraints.filter((k) => k.type === 'c')
  for (const m of pair(
    refChecks,
    actConstraints.filter((k) => k.type === 'c'),
    (e, a) => e.definition === a.definition,
  )) {
    if (m.how === 'missing') out.push(finding('check.missing', table, m.expected.name))
    else if (m.how === 'renamed') out.push(finding('check.renamed', table, m.expected.name))
    else if (m.how === 'by_name') out.push(finding('check.mismatch', table, m.expected.name, ['expression']))
  }
  return out
}

interface Pairing<E, A> {
  readonly expected: E
  readonly actual: A | undefined
  readonly how: 'exact' | 'renamed' | 'by_name' | 'missing'
}

/**
 * Pairs each expected object with at most one actual object: same name and definition first,
 * then same definition (renamed), then same name (mismatch); the rest is missing.
 */
function pair<E extends { name: string }, A extends { name: string }>(
  expected: readonly E[],
  actual: readonly A[],
  isSameDefinition: (e: E, a: A) => boolean,
): Pairing<E, A>[] {
  const used = new Set<A>()
  const result = new Map<E, Pairing<E, A>>()
  const passes: [Pairing<E, A>['how'], (e: E, a: A) => boolean][] = [
    ['exact', (e, a) => e.name === a.name && isSameDefinition(e, a)],
    ['renamed', (e, a) => isSameDefinition(e, a)],
    ['by_name', (e, a) => e.name === a.name],
  ]
  for (const [how, matches] of passes) {
    for (const e of expected) {
      if (result.has(e)) continue
      const a = actual.find((candidate) => !used.has(candidate) && matches(e, candidate))
      if (a === undefined) continue
      used.add(a)
      result.set(e, { expected: e, actual: a, how: how === 'renamed' && a.name === e.name ? 'exact' : how })
    }
  }
  return expected.map((e) => result.get(e) ?? { expected: e, actual: undefined, how: 'missing' })
}

/**
 * Two column defaults mean the same value: equal text, any two nextval() (the spec says
 * `serial`), or the same number written as `'0'::numeric` (SQLAlchemy) and `0` (plain SQL).
 */
function isSameDefault(e: string | null, a: string | null): boolean {
  if (e === a) return true
  if (e === null || a === null) return false
  if (e.startsWith('nextval(') && a.startsWith('nextval(')) return true
  const number = (d: string): string | null => /^'?(-?\d+(?:\.\d+)?)'?(?:::numeric)?$/.exec(d)?.[1] ?? null
  return number(e) !== null && number(e) === number(a)
}

function uniqueColumns(k: ConstraintFact): string[] {
  const m = /^UNIQUE \((.*)\)$/.exec(k.definition)
  if (!m) throw new Error(`facts: unexpected unique constraint ${k.definition}`)
  return m[1]!.split(', ')
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return [...a].sort().join() === [...b].sort().join()
}

function indexDefinition(i: IndexFact): string {
  return JSON.stringify([i.columns, i.isUnique, i.method, i.where])
}

interface ForeignKeyFact {
  readonly name: string
  readonly columns: string
  readonly references: string
  readonly link: string
  readonly onDelete: string
  readonly onUpdate: string
}

function parseForeignKey(k: ConstraintFact): ForeignKeyFact {
  const m = /^FOREIGN KEY \((.*?)\) REFERENCES (\S+?)\((.*?)\)(.*)$/.exec(k.definition)
  if (!m) throw new Error(`facts: unexpected foreign key ${k.definition}`)
  const rest = m[4]!
  const action = (on: string): string => new RegExp(`ON ${on} (CASCADE|SET NULL|SET DEFAULT|RESTRICT|NO ACTION)`).exec(rest)?.[1] ?? 'NO ACTION'
  if (/MATCH|DEFERRABLE/.test(rest)) throw new Error(`facts: foreign key option not handled: ${k.definition}`)
  const references = `${m[2]!}(${m[3]!})`
  return { name: k.name, columns: m[1]!, references, link: `${m[1]!} -> ${references}`, onDelete: action('DELETE'), onUpdate: action('UPDATE') }
}

function triggerDifferences(e: string, a: string): string[] {
  const parse = (body: string): Record<string, string> => {
    const m = /^CREATE TRIGGER (BEFORE|AFTER|INSTEAD OF) (.+?) ON \S+ FOR EACH (ROW|STATEMENT) (?:WHEN \((.*)\) )?EXECUTE FUNCTION (\S+?)\((.*)\)$/.exec(body)
    if (!m) throw new Error(`facts: unexpected trigger ${body}`)
    return { timing: m[1]!, events: m[2]!, level: m[3]!, when: m[4] ?? '', function: m[5]!, arguments: m[6]! }
  }
  const pe = parse(e)
  const pa = parse(a)
  return Object.keys(pe).filter((k) => pe[k] !== pa[k])
}
