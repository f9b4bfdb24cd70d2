import { indexKeyColumn, splitIndexKey } from './canonical-index-key.js'
import { escapePointer } from '../model/json-pointer.js'
import type { Spec, SpecTable, SpecTrigger } from './spec-types.js'

/** A string in the spec that PostgreSQL cannot store or would store differently. */
export interface NameProblem {
  readonly pointer: string
  readonly message: string
  /** The string is a property name: point at the key. */
  readonly atKey: boolean
}

/**
 * Longest name PostgreSQL keeps: NAMEDATALEN - 1 bytes. A longer identifier is silently
 * truncated when the object is created, so a spec name of 64 bytes or more could never match
 * the catalog; enum labels that long are refused outright.
 */
export const MAX_NAME_BYTES = 63

/**
 * Every string, property names included, holding a NUL character. PostgreSQL cannot store NUL in
 * a name or in text, and sending one in a query fails ("invalid byte sequence"). Works on any
 * parsed document, valid or not; its nesting is already bounded by MAX_SPEC_NESTING.
 */
export function findNulCharacters(document: unknown): NameProblem[] {
  const problems: NameProblem[] = []
  const message = 'contains a NUL character (\\u0000), which PostgreSQL cannot store in a name or a string'
  const walk = (value: unknown, pointer: string): void => {
    if (typeof value === 'string') {
      if (value.includes('\u0000')) problems.push({ pointer, message, atKey: false })
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${pointer}/${i}`))
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        const at = `${pointer}/${escapePointer(key)}`
        if (key.includes('\u0000')) problems.push({ pointer: at, message: `property name ${message}`, atKey: true })
        walk(item, at)
      }
    }
  }
  walk(document, '')
  return problems
}

/** Names (and enum labels) longer than PostgreSQL keeps. Expects a schema-valid spec. */
export function checkNameLengths(spec: Spec): NameProblem[] {
  const problems: NameProblem[] = []
  const name = (value: string | undefined, pointer: string, atKey = false): void => {
    if (value === undefined) return
    const bytes = utf8Length(value)
    if (bytes <= MAX_NAME_BYTES) return
    problems.push({
      pointer,
      message: `name is ${bytes} bytes long, but PostgreSQL keeps only the first ${MAX_NAME_BYTES} bytes of a name ("${truncateUtf8(value, MAX_NAME_BYTES)}"), so it can never match`,
      atKey,
    })
  }
  const names = (values: readonly (string | undefined)[] | undefined, pointer: string): void => {
    values?.forEach((value, i) => name(value, `${pointer}/${i}`))
  }
  const key = (parent: string, value: string): string => `${parent}/${escapePointer(value)}`

  spec.extensions?.forEach((extension, i) => {
    name(extension.name, `/extensions/${i}/name`)
    name(extension.schema, `/extensions/${i}/schema`)
  })
  for (const [schemaName, schema] of Object.entries(spec.schemas)) {
    const at = key('/schemas', schemaName)
    name(schemaName, at, true)
    for (const [tableName, table] of Object.entries(schema.tables ?? {})) {
      const tableAt = key(`${at}/tables`, tableName)
      name(tableName, tableAt, true)
      checkTable(table, tableAt, name, names)
    }
    schema.functions?.forEach((fn, i) => {
      name(fn.name, `${at}/functions/${i}/name`)
      name(fn.language, `${at}/functions/${i}/language`)
    })
    for (const [enumName, e] of Object.entries(schema.enums ?? {})) {
      const enumAt = key(`${at}/enums`, enumName)
      name(enumName, enumAt, true)
      e.values?.forEach((label, i) => {
        const bytes = utf8Length(label)
        if (bytes > MAX_NAME_BYTES) {
          problems.push({
            pointer: `${enumAt}/values/${i}`,
            message: `enum label is ${bytes} bytes long; PostgreSQL allows at most ${MAX_NAME_BYTES}`,
            atKey: false,
          })
        }
      })
    }
    for (const sequenceName of Object.keys(schema.sequences ?? {})) name(sequenceName, key(`${at}/sequences`, sequenceName), true)
    for (const [viewName, view] of Object.entries(schema.views ?? {})) {
      const viewAt = key(`${at}/views`, viewName)
      name(viewName, viewAt, true)
      checkTriggers(view.triggers, viewAt, name, names)
    }
  }
  return problems
}

type CheckName = (value: string | undefined, pointer: string, atKey?: boolean) => void
type CheckNames = (values: readonly (string | undefined)[] | undefined, pointer: string) => void

function checkTable(table: SpecTable, at: string, name: CheckName, names: CheckNames): void {
  for (const column of Object.keys(table.columns ?? {})) name(column, `${at}/columns/${escapePointer(column)}`, true)
  if (table.primaryKey) {
    name(table.primaryKey.name, `${at}/primaryKey/name`)
    names(table.primaryKey.columns, `${at}/primaryKey/columns`)
  }
  table.unique?.forEach((unique, i) => {
    name(unique.name, `${at}/unique/${i}/name`)
    names(unique.columns, `${at}/unique/${i}/columns`)
  })
  table.checks?.forEach((check, i) => name(check.name, `${at}/checks/${i}/name`))
  table.indexes?.forEach((index, i) => {
    name(index.name, `${at}/indexes/${i}/name`)
    // Only keys that name a column; an expression is not a name.
    names(
      index.columns.map((k) => indexKeyColumn(splitIndexKey(k).base)),
      `${at}/indexes/${i}/columns`,
    )
    names(index.include, `${at}/indexes/${i}/include`)
  })
  table.foreignKeys?.forEach((fk, i) => {
    const fkAt = `${at}/foreignKeys/${i}`
    name(fk.name, `${fkAt}/name`)
    names(fk.columns, `${fkAt}/columns`)
    name(fk.references.schema, `${fkAt}/references/schema`)
    name(fk.references.table, `${fkAt}/references/table`)
    names(fk.references.columns, `${fkAt}/references/columns`)
  })
  checkTriggers(table.triggers, at, name, names)
}

function checkTriggers(triggers: readonly SpecTrigger[] | undefined, at: string, name: CheckName, names: CheckNames): void {
  triggers?.forEach((trigger, i) => {
    name(trigger.name, `${at}/triggers/${i}/name`)
    names(trigger.updateOf, `${at}/triggers/${i}/updateOf`)
  })
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/** The first `limit` bytes of `text` in UTF-8, cut before a partial character, as PostgreSQL truncates. */
function truncateUtf8(text: string, limit: number): string {
  let bytes = 0
  let end = 0
  for (const char of text) {
    bytes += Buffer.byteLength(char, 'utf8')
    if (bytes > limit) break
    end += char.length
  }
  return text.slice(0, end)
}
