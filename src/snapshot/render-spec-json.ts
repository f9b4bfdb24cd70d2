import type { Spec } from '../spec/spec-types.js'
import { compareText } from '../model/compare-text.js'

/**
 * Key order within each kind of spec object: `name` first, then the order spec-types.ts (and the
 * JSON Schema) list the properties in. A unit test keeps this in step with the JSON Schema.
 */
export const SPEC_KEY_ORDER = {
  spec: ['$schema', 'formatVersion', 'complete', 'allSchemas', 'description', 'extensions', 'migrations', 'schemas', 'suppressions', 'recorded'],
  extension: ['name', 'schema', 'version'],
  schema: ['tables', 'functions', 'enums', 'sequences', 'views'],
  table: ['partitionOf', 'partitionBound', 'partitionBy', 'unlogged', 'columns', 'primaryKey', 'unique', 'checks', 'indexes', 'foreignKeys', 'triggers'],
  column: ['type', 'nullable', 'default', 'identity', 'generated'],
  primaryKey: ['name', 'columns'],
  unique: ['name', 'columns', 'nullsNotDistinct'],
  check: ['name', 'expression', 'valid', 'enforced'],
  index: ['name', 'columns', 'unique', 'method', 'where', 'include'],
  foreignKey: ['name', 'columns', 'references', 'onDelete', 'onUpdate', 'match', 'deferrable', 'initiallyDeferred', 'valid', 'enforced', 'indexed'],
  references: ['schema', 'table', 'columns'],
  partitionOf: ['schema', 'table'],
  trigger: ['name', 'timing', 'events', 'updateOf', 'level', 'function', 'arguments', 'when', 'enabled'],
  function: ['name', 'arguments', 'returns', 'language', 'body'],
  enum: ['values'],
  sequence: ['type'],
  view: ['materialized', 'triggers', 'definition'],
} as const satisfies Record<string, readonly string[]>

type Json = unknown

/** How one value of a spec is laid out: an object's keys in SPEC_KEY_ORDER, a map's names sorted, a list's items. */
type Shape =
  | { readonly object: keyof typeof SPEC_KEY_ORDER; readonly children?: Readonly<Record<string, Shape>> }
  | { readonly map: Shape; readonly isSorted: boolean }
  | { readonly list: Shape }

const object = (kind: keyof typeof SPEC_KEY_ORDER, children?: Record<string, Shape>): Shape => ({ object: kind, ...(children && { children }) })
const map = (shape: Shape, isSorted: boolean): Shape => ({ map: shape, isSorted })
const list = (shape: Shape): Shape => ({ list: shape })

const SPEC_SHAPE: Shape = object('spec', {
  extensions: list(object('extension')),
  schemas: map(
    object('schema', {
      tables: map(
        object('table', {
          partitionOf: object('partitionOf'),
          columns: map(object('column'), false),
          primaryKey: object('primaryKey'),
          unique: list(object('unique')),
          checks: list(object('check')),
          indexes: list(object('index')),
          foreignKeys: list(object('foreignKey', { references: object('references') })),
          triggers: list(object('trigger')),
        }),
        true,
      ),
      functions: list(object('function')),
      enums: map(object('enum'), true),
      sequences: map(object('sequence'), true),
      views: map(object('view'), true),
    }),
    true,
  ),
})

/**
 * The spec as a git-friendly file: 2-space JSON with a trailing newline, keys in SPEC_KEY_ORDER,
 * schemas / tables / enums / sequences / views sorted by name, columns in the order given.
 * Arrays keep their order (modelToSpec already sorts constraints by name). modelToSpec builds
 * its objects in this order, so a snapshot is written as it is, without a reordered copy (at
 * 10,000 tables that copy was the largest thing in memory); any other spec is reordered.
 */
export function renderSpecJson(spec: Spec): string {
  return `${JSON.stringify(isInSpecOrder(spec) ? spec : inOrder(spec, SPEC_SHAPE), null, 2)}\n`
}

/** Whether renderSpecJson writes `spec` as it is (true for every modelToSpec result) rather than a reordered copy. */
export function isInSpecOrder(spec: Spec): boolean {
  return isInOrder(spec, SPEC_SHAPE)
}

/** The value laid out as `shape` says (null stays null: `partitionOf` and `primaryKey` may be null). */
function inOrder(value: Json, shape: Shape): Json {
  if (value === null || typeof value !== 'object') return value
  if ('list' in shape) return (value as Json[]).map((item) => inOrder(item, shape.list))
  const source = value as Record<string, Json>
  if ('map' in shape) {
    const entries = Object.entries(source)
    if (shape.isSorted) entries.sort(([a], [b]) => compareText(a, b))
    return Object.fromEntries(entries.map(([name, v]) => [name, inOrder(v, shape.map)]))
  }
  const result: Record<string, Json> = {}
  const put = (key: string): void => {
    if (source[key] === undefined) return
    const child = shape.children?.[key]
    result[key] = child === undefined ? source[key] : inOrder(source[key], child)
  }
  const keys: readonly string[] = SPEC_KEY_ORDER[shape.object]
  for (const key of keys) put(key)
  // Unknown keys (a spec that bypassed validation) go last, sorted, rather than vanishing.
  for (const key of unknownKeys(source, keys).sort(compareText)) put(key)
  return result
}

/** Whether inOrder would change nothing but copy: every object's keys already in order, every sorted map sorted. */
function isInOrder(value: Json, shape: Shape): boolean {
  if (value === null || typeof value !== 'object') return true
  if ('list' in shape) return (value as Json[]).every((item) => isInOrder(item, shape.list))
  const source = value as Record<string, Json>
  if ('map' in shape) {
    let previous: string | undefined
    for (const name in source) {
      if (shape.isSorted && previous !== undefined && compareText(previous, name) > 0) return false
      if (!isInOrder(source[name], shape.map)) return false
      previous = name
    }
    return true
  }
  const keys: readonly string[] = SPEC_KEY_ORDER[shape.object]
  let position = 0
  for (const key in source) {
    const at = keys.indexOf(key, position)
    // An unknown key, a key out of order, or an undefined value JSON.stringify would drop anyway: reorder.
    if (at < 0 || source[key] === undefined) return false
    position = at + 1
    const child = shape.children?.[key]
    if (child !== undefined && !isInOrder(source[key], child)) return false
  }
  return true
}

function unknownKeys(source: Record<string, Json>, keys: readonly string[]): string[] {
  const unknown: string[] = []
  for (const key in source) if (!keys.includes(key)) unknown.push(key)
  return unknown
}
