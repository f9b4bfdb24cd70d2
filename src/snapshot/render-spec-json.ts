import type { Spec } from '../spec/spec-types.js'
import { compareText } from '../model/compare-text.js'

/**
 * Key order within each kind of spec object: `name` first, then the order spec-types.ts (and the
 * JSON Schema) list the properties in. A unit test keeps this in step with the JSON Schema.
 */
export const SPEC_KEY_ORDER = {
  spec: ['$schema', 'formatVersion', 'complete', 'allSchemas', 'description', 'extensions', 'schemas'],
  extension: ['name', 'schema', 'version'],
  schema: ['tables', 'functions', 'enums', 'sequences', 'views'],
  table: ['partitionOf', 'partitionBound', 'partitionBy', 'columns', 'primaryKey', 'unique', 'checks', 'indexes', 'foreignKeys', 'triggers'],
  column: ['type', 'nullable', 'default', 'identity', 'generated'],
  primaryKey: ['name', 'columns'],
  unique: ['name', 'columns', 'nullsNotDistinct'],
  check: ['name', 'expression', 'valid', 'enforced'],
  index: ['name', 'columns', 'unique', 'method', 'where', 'include'],
  foreignKey: ['name', 'columns', 'references', 'onDelete', 'onUpdate', 'match', 'deferrable', 'initiallyDeferred', 'valid', 'enforced'],
  references: ['schema', 'table', 'columns'],
  partitionOf: ['schema', 'table'],
  trigger: ['name', 'timing', 'events', 'updateOf', 'level', 'function', 'arguments', 'when', 'enabled'],
  function: ['name', 'arguments', 'returns', 'language', 'body'],
  enum: ['values'],
  sequence: ['type'],
  view: ['materialized', 'triggers', 'definition'],
} as const satisfies Record<string, readonly string[]>

type Json = unknown
type Transform = (value: Json) => Json

/**
 * The spec as a git-friendly file: 2-space JSON with a trailing newline, keys in SPEC_KEY_ORDER,
 * schemas / tables / enums / sequences / views sorted by name, columns in the order given.
 * Arrays keep their order (modelToSpec already sorts constraints by name).
 */
export function renderSpecJson(spec: Spec): string {
  return `${JSON.stringify(normalizeSpec(spec), null, 2)}\n`
}

function normalizeSpec(spec: Spec): Json {
  const column = ordered('column')
  const table = ordered('table', {
    partitionOf: (ref) => (ref === null ? null : ordered('partitionOf')(ref)),
    columns: byName(column, false),
    primaryKey: (pk) => (pk === null ? null : ordered('primaryKey')(pk)),
    unique: each(ordered('unique')),
    checks: each(ordered('check')),
    indexes: each(ordered('index')),
    foreignKeys: each(ordered('foreignKey', { references: ordered('references') })),
    triggers: each(ordered('trigger')),
  })
  const schema = ordered('schema', {
    tables: byName(table, true),
    functions: each(ordered('function')),
    enums: byName(ordered('enum'), true),
    sequences: byName(ordered('sequence'), true),
    views: byName(ordered('view'), true),
  })
  return ordered('spec', { extensions: each(ordered('extension')), schemas: byName(schema, true) })(spec)
}

function ordered(kind: keyof typeof SPEC_KEY_ORDER, transforms: Record<string, Transform> = {}): Transform {
  const keys: readonly string[] = SPEC_KEY_ORDER[kind]
  const known = new Set(keys)
  return (value) => {
    const source = value as Record<string, Json>
    const result: Record<string, Json> = {}
    const put = (key: string): void => {
      if (source[key] === undefined) return
      const transform = transforms[key]
      result[key] = transform === undefined ? source[key] : transform(source[key])
    }
    for (const key of keys) put(key)
    // Unknown keys (a spec that bypassed validation) go last, sorted, rather than vanishing.
    let unknown: string[] | undefined
    for (const key in source) if (!known.has(key)) (unknown ??= []).push(key)
    if (unknown !== undefined) for (const key of unknown.sort(compareText)) put(key)
    return result
  }
}

function byName(transform: Transform, isSorted: boolean): Transform {
  return (value) => {
    const entries = Object.entries(value as Record<string, Json>)
    if (isSorted) entries.sort(([a], [b]) => compareText(a, b))
    return Object.fromEntries(entries.map(([name, v]) => [name, transform(v)]))
  }
}

function each(transform: Transform): Transform {
  return (value) => (value as Json[]).map(transform)
}
