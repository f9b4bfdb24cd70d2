/**
 * Baselines: the findings a database had when a team adopted the gate, so that the gate fails
 * only on new ones. A finding is recorded by its identity (code and object: schema, table, name,
 * or for an object the spec leaves unnamed its label, and a function's argument types), never
 * by its message, which may change between versions. The file carries a SHA-256 digest of its
 * content: a baseline edited by hand or cut short is refused rather than read as "fewer known
 * findings" (or more).
 */
import { createHash } from 'node:crypto'
import type { Finding } from '../compare/finding.js'
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
  }
}

/** One string per identity: equal exactly when the identities are. */
export function identityKey(identity: FindingIdentity): string {
  return JSON.stringify([identity.code, identity.schema, identity.table, identity.name, identity.arguments ?? null])
}

/** `table.missing public.project_costs`: an identity as people read it. */
export function describeIdentity(identity: FindingIdentity): string {
  const object = [identity.schema, identity.table, identity.name].filter((part) => part !== null).join('.')
  const args = identity.arguments === undefined ? '' : `(${identity.arguments.join(', ')})`
  return `${identity.code} ${object}${args}`
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
  if (digest !== digestOf(body)) return refuse('was changed after it was written (its digest does not match its content)')
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
    (v.arguments === undefined || (Array.isArray(v.arguments) && v.arguments.every((a) => typeof a === 'string')))
  )
}

/** SHA-256 of the document without its digest, as JSON.stringify writes it (key order included). */
export function digestOf(body: object): string {
  return `${DIGEST_PREFIX}${createHash('sha256').update(JSON.stringify(body)).digest('hex')}`
}
