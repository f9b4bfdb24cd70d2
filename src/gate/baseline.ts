/**
 * Baselines: the findings a database had when a team adopted the gate, so that the gate fails
 * only on new ones. A finding is recorded by its identity (code and object: schema, table, name,
 * or for an object the spec leaves unnamed its label, and a function's argument types), never
 * by its message, which may change between versions. The file carries a SHA-256 digest of its
 * content: a baseline edited by hand or cut short is refused rather than read as "fewer known
 * findings" (or more).
 */
import { createHash } from 'node:crypto'
import { ATTRIBUTE_PROPERTIES, type Finding } from '../compare/finding.js'
import { UsageError } from '../errors.js'
import { objectLabel } from '../compare/object-label.js'

/** The identity of a finding, as a baseline records it. */
export interface FindingIdentity {
  readonly code: string
  readonly schema: string | null
  readonly table: string | null
  /** The object's name; for an object the spec leaves unnamed, its label (`(email)`). */
  readonly name: string | null
  readonly arguments?: readonly string[]
  /**
   * A mismatch's attributes, sorted: the same object differing in one more way is new drift, not
   * the drift the baseline accepted.
   */
  readonly attributes?: readonly string[]
  /**
   * A digest of what defines the finding beyond its name: a mismatch's values on both sides (a
   * column still of the wrong type, but now another wrong type, is new drift), and an unnamed
   * object's definition (two unnamed indexes on the same columns, one partial, are two objects).
   */
  readonly detail?: string
}

/** One recorded finding: its identity, and for the reader its severity and message then. */
export interface BaselineEntry extends FindingIdentity {
  readonly severity: string
  readonly message: string
}

export interface Baseline {
  readonly file: string
  readonly entries: readonly BaselineEntry[]
}

const DIGEST_PREFIX = 'sha256:'

export function identityOf(f: Finding): FindingIdentity {
  const { schema, table, name } = f.subject
  const label = name ?? objectLabel(f)
  return {
    code: f.code,
    schema,
    table,
    name: label === '' ? null : label,
    ...(f.subject.arguments !== undefined && { arguments: [...f.subject.arguments] }),
    ...(f.problem === 'mismatch' && { attributes: [...f.attributes].sort() }),
    ...detailOf(f),
  }
}

function detailOf(f: Finding): { detail?: string } {
  if (f.problem === 'mismatch') {
    const properties = (ATTRIBUTE_PROPERTIES as Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>)[f.kind] ?? {}
    const sides = [f.expected, f.actual] as unknown as Record<string, unknown>[]
    const values = [...f.attributes].sort().map((attribute) => sides.map((side) => (properties[attribute] ?? []).map((property) => side[property] ?? null)))
    return { detail: shortDigest(values) }
  }
  if (f.subject.name === null && f.problem !== 'extra') return { detail: shortDigest(f.expected) }
  return {}
}

/** A short SHA-256 of a value as canonical JSON: keys sorted, and `source` (where the spec says it) left out. */
function shortDigest(value: unknown): string {
  const canonical = JSON.stringify(value, (key, v: unknown) => {
    if (key === 'source') return undefined
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  })
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16)
}

/** One string per identity: equal exactly when the identities are. */
export function identityKey(identity: FindingIdentity): string {
  return JSON.stringify([
    identity.code,
    identity.schema,
    identity.table,
    identity.name,
    identity.arguments ?? null,
    identity.attributes ?? null,
    identity.detail ?? null,
  ])
}

/** `table.missing public.project_costs`: an identity as people read it. */
export function describeIdentity(identity: FindingIdentity): string {
  const object = [identity.schema, identity.table, identity.name].filter((part) => part !== null).join('.')
  const args = identity.arguments === undefined ? '' : `(${identity.arguments.join(', ')})`
  const attributes = identity.attributes === undefined ? '' : ` [${identity.attributes.join(', ')}]`
  return `${identity.code} ${object}${args}${attributes}`
}

/** Reads a baseline file's text; a file that is not one we wrote, whole and unchanged, is a UsageError (exit 2). */
export function parseBaseline(file: string, text: string): Baseline {
  const refuse = (why: string): never => {
    throw new UsageError(`baseline ${file}: ${why}; write it again with check --write-baseline ${file}`)
  }
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch {
    return refuse('is not JSON (cut short, or not a baseline)')
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return refuse('is not a baseline file')
  const { digest, ...body } = document as Record<string, unknown>
  if (body.formatVersion !== 1) return refuse('is not a baseline file of format version 1')
  if (typeof digest !== 'string' || !digest.startsWith(DIGEST_PREFIX)) return refuse('has no digest')
  let actual: string
  try {
    actual = digestOf(body)
  } catch {
    // Nested deeper than JSON.stringify recurses: not a file we wrote.
    return refuse('is not a baseline file')
  }
  if (digest !== actual) return refuse('was changed after it was written (its digest does not match its content)')
  const findings = body.findings
  if (!Array.isArray(findings) || !findings.every(isEntry)) return refuse('does not list findings as a baseline does')
  return { file, entries: findings }
}

function isEntry(value: unknown): value is BaselineEntry {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  const isNameLike = (x: unknown): boolean => x === null || typeof x === 'string'
  return (
    typeof v.code === 'string' &&
    isNameLike(v.schema) &&
    isNameLike(v.table) &&
    isNameLike(v.name) &&
    isStringList(v.arguments) &&
    isStringList(v.attributes) &&
    (v.detail === undefined || typeof v.detail === 'string')
  )
}

function isStringList(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.every((item) => typeof item === 'string'))
}

/** SHA-256 of the document without its digest, as JSON.stringify writes it (key order included). */
export function digestOf(body: object): string {
  return `${DIGEST_PREFIX}${createHash('sha256').update(JSON.stringify(body)).digest('hex')}`
}
