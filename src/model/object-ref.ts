/**
 * The identity of a schema object, and the one way to key it. Every map, sort and match over
 * objects of a model or over findings goes through objectKey(), so two objects are the same
 * object exactly when their keys are equal (and a suppression rule or a fix step can name one).
 */
import { compareText } from './compare-text.js'

export const OBJECT_KINDS = [
  'schema',
  'table',
  'column',
  'primary_key',
  'unique',
  'check',
  'index',
  'foreign_key',
  'trigger',
  'function',
  'extension',
  'enum',
  'sequence',
  'view',
  // Not a schema object: the database's record of applied migrations (its history table).
  'migration',
] as const
export type ObjectKind = (typeof OBJECT_KINDS)[number]

export interface ObjectRef {
  readonly kind: ObjectKind
  /** PostgreSQL schema; null only for an extension the spec does not place in a schema. */
  readonly schema: string | null
  /** The table (or view, for a trigger) the object belongs to; null for schema-level objects. */
  readonly table: string | null
  /**
   * The object's own name; null for an expected object the spec left unnamed (a unique
   * constraint given only by its columns): it is matched by definition, and shown by a label.
   */
  readonly name: string | null
  /** Functions only: the argument types that tell overloads apart, when known. */
  readonly arguments?: readonly string[]
}

/** Where the spec declares an object: the file, the JSON pointer, and its 1-based line and column. */
export interface SpecLocation {
  readonly file: string
  readonly pointer: string
  readonly line: number
  readonly column: number
}

/** A table (or view) as a reference, e.g. for what a foreign key points at. */
export function tableRef(schema: string, name: string): ObjectRef {
  return { kind: 'table', schema, table: null, name }
}

/** The key of a table (or view) by schema and name: objectKey of its tableRef. */
export function tableKey(schema: string, name: string): string {
  return objectKey(tableRef(schema, name))
}

/** Orders schema-level objects (tables, functions, ...) by schema, then name: the order both producers list them in. */
export function bySchemaAndName(a: { readonly schema: string; readonly name: string }, b: { readonly schema: string; readonly name: string }): number {
  return compareText(a.schema, b.schema) || compareText(a.name, b.name)
}

/**
 * The key of an object: its kind and its quoted, qualified name, e.g.
 * `index "public"."users"."users_email_key"` or `function "public"."add"(integer)`. Every part
 * is quoted, so no name can make two objects collide. An unnamed object's key ends in `.?`.
 */
export function objectKey(ref: ObjectRef): string {
  // Built by concatenation: this runs for every object of both models.
  let key = `${ref.kind} `
  if (ref.schema !== null) key += `${quotedPart(ref.schema)}.`
  if (ref.table !== null) key += `${quotedPart(ref.table)}.`
  key += ref.name === null ? '?' : quotedPart(ref.name)
  return ref.arguments === undefined ? key : `${key}(${ref.arguments.join(', ')})`
}

/** Orders refs by schema, then table (schema-level objects before the tables they sort with), then kind, then name. */
export function compareRefs(a: ObjectRef, b: ObjectRef): number {
  return (
    compareText(a.schema ?? '', b.schema ?? '') ||
    compareText(a.table ?? a.name ?? '', b.table ?? b.name ?? '') ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    compareText(a.name ?? '', b.name ?? '') ||
    compareText((a.arguments ?? []).join(','), (b.arguments ?? []).join(','))
  )
}

const KIND_ORDER = Object.fromEntries(OBJECT_KINDS.map((kind, i) => [kind, i])) as Readonly<Record<ObjectKind, number>>

function quotedPart(name: string): string {
  return name.includes('"') ? `"${name.replace(/"/g, '""')}"` : `"${name}"`
}
