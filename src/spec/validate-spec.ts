import type { ErrorObject } from 'ajv'
import { escapePointer } from '../model/json-pointer.js'
import { closestName } from '../text/closest-name.js'
import { PACKAGE_ROOT } from '../version.js'
// Compiled from the published JSON Schema at build time (scripts/compile-spec-validator.mjs):
// importing ajv and compiling the schema cost about 140 ms of every run of the CLI.
import { validate, validateConfig, validateTargets } from './spec-validator.js'

/**
 * The published JSON Schema: schema/ ships at the package root (package.json "files"), three
 * levels above dist/src/spec/ both in this repository and once installed.
 */
export const SPEC_JSON_SCHEMA_URL = new URL('schema/expected-schema.schema.json', PACKAGE_ROOT)

/** `$id` of the published JSON Schema. */
export const SPEC_JSON_SCHEMA_ID = 'https://verify-database.dev/schema/expected-schema.schema.json'

/** One JSON Schema violation, in words a user understands. */
export interface SchemaViolation {
  readonly pointer: string
  readonly message: string
  /** Point at the property key rather than its value (unknown properties, names). */
  readonly atKey: boolean
}

/** Every violation of the published JSON Schema, or [] when the document conforms. */
export function validateSpecDocument(document: unknown): SchemaViolation[] {
  return violationsOf(validate, document)
}

/** Every violation of the config file's published JSON Schema, or [] when the document conforms. */
export function validateConfigDocument(document: unknown): SchemaViolation[] {
  return violationsOf(validateConfig, document)
}

/** Every violation of the targets file's published JSON Schema (schema/targets.schema.json), or []. */
export function validateTargetsDocument(document: unknown): SchemaViolation[] {
  return violationsOf(validateTargets, document)
}

function violationsOf(validator: typeof validate, document: unknown): SchemaViolation[] {
  if (validator(document)) return []
  const errors = validator.errors ?? []
  // A value of the wrong type also fails its enum/minLength/...; the type error says it all.
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath))
  const violations: SchemaViolation[] = []
  const seen = new Set<string>()
  for (const error of errors) {
    if (error.keyword !== 'type' && wrongType.has(error.instancePath)) continue
    const violation = describeError(error)
    if (violation === undefined) continue
    const key = `${violation.pointer}\0${violation.message}`
    if (!seen.has(key)) violations.push(violation)
    seen.add(key)
  }
  return violations
}

function describeError(error: ErrorObject): SchemaViolation | undefined {
  const at = error.instancePath
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty)
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {})
      const suggestion = closestName(name, allowed)
      const hint = suggestion === undefined ? '' : `; did you mean "${suggestion}"?`
      return { pointer: `${at}/${escapePointer(name)}`, message: `unknown property "${name}" (allowed: ${allowed.join(', ')})${hint}`, atKey: true }
    }
    case 'required':
      return { pointer: at, message: `missing required property "${String(params.missingProperty)}"`, atKey: false }
    case 'type':
      return { pointer: at, message: `expected ${describeExpectedType(params.type)}, got ${describeValue(error.data)}`, atKey: false }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(formatAllowed).join(', ')
      return { pointer: at, message: `must be one of ${allowed} (got ${JSON.stringify(error.data)})`, atKey: false }
    }
    case 'const':
      return { pointer: at, message: `must be ${JSON.stringify(params.allowedValue)} (got ${JSON.stringify(error.data)})`, atKey: false }
    case 'minLength':
      if (error.propertyName !== undefined) {
        return { pointer: `${at}/${escapePointer(error.propertyName)}`, message: 'names must not be empty', atKey: true }
      }
      return { pointer: at, message: 'must not be empty', atKey: false }
    case 'minItems':
      return { pointer: at, message: params.limit === 1 ? 'must list at least one item' : `must list at least ${String(params.limit)} items`, atKey: false }
    case 'uniqueItems': {
      const [i, j] = [Number(params.i), Number(params.j)]
      const item = (error.data as unknown[])[i]
      return {
        pointer: `${at}/${Math.max(i, j)}`,
        message: `${JSON.stringify(item)} is listed twice (items ${Math.min(i, j)} and ${Math.max(i, j)})`,
        atKey: false,
      }
    }
    case 'format':
      return { pointer: at, message: `must be a valid ${String(params.format)}`, atKey: false }
    case 'propertyNames':
      return undefined // its nested error (minLength with propertyName) is the one worth showing
    default:
      return { pointer: at, message: error.message ?? `fails ${error.keyword}`, atKey: false }
  }
}

const ARTICLES: Record<string, string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  null: 'null',
}

function describeExpectedType(type: unknown): string {
  const types = Array.isArray(type) ? type.map(String) : String(type).split(',')
  return types.map((t) => ARTICLES[t] ?? t).join(' or ')
}

function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'number') return Number.isInteger(value) ? `a number (${value})` : 'a number'
  return ARTICLES[typeof value] ?? typeof value
}

// Enum values as users type them: CASCADE, SET NULL, true, null.
function formatAllowed(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}
