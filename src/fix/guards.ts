/**
 * Guards that make a statement safe to run twice where PostgreSQL has no IF [NOT] EXISTS for it:
 * a DO block that looks in the catalog first. The catalog tests are spelled here, once.
 */
import { dollarQuote, qualifiedName, quoteLiteral } from './quote.js'

/** `'schema.table'::regclass` as a literal, for catalog lookups by relation. */
function regclass(schema: string, relation: string): string {
  return `${quoteLiteral(qualifiedName(schema, relation))}::pg_catalog.regclass`
}

function constraintExists(schema: string, table: string, name: string): string {
  return `EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = ${regclass(schema, table)} AND conname = ${quoteLiteral(name)})`
}

function triggerExists(schema: string, relation: string, name: string): string {
  return `EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE tgrelid = ${regclass(schema, relation)} AND tgname = ${quoteLiteral(name)} AND NOT tgisinternal)`
}

function relationExists(schema: string, name: string): string {
  return `pg_catalog.to_regclass(${quoteLiteral(qualifiedName(schema, name))}) IS NOT NULL`
}

function typeExists(schema: string, name: string): string {
  return (
    `EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace ` +
    `WHERE n.nspname = ${quoteLiteral(schema)} AND t.typname = ${quoteLiteral(name)})`
  )
}

/** `DO $fix$ BEGIN IF <condition> THEN <statements>; END IF; END $fix$` */
function doIf(condition: string, statements: readonly string[]): string {
  const body = `\nBEGIN\n  IF ${condition} THEN\n${statements.map((s) => `    ${s.replace(/\n/g, '\n    ')};\n`).join('')}  END IF;\nEND\n`
  return `DO ${dollarQuote(body, 'fix')}`
}

/** Runs `statements` only when the table has no constraint `name`. */
export function unlessConstraintExists(schema: string, table: string, name: string, statements: readonly string[]): string {
  return doIf(`NOT ${constraintExists(schema, table, name)}`, statements)
}

/** Renames constraint `from` to `to` when `from` exists and `to` does not. */
export function renameConstraint(schema: string, table: string, from: string, to: string, statement: string): string {
  return doIf(`${constraintExists(schema, table, from)} AND NOT ${constraintExists(schema, table, to)}`, [statement])
}

export function unlessTriggerExists(schema: string, relation: string, name: string, statements: readonly string[]): string {
  return doIf(`NOT ${triggerExists(schema, relation, name)}`, statements)
}

export function renameTrigger(schema: string, relation: string, from: string, to: string, statement: string): string {
  return doIf(`${triggerExists(schema, relation, from)} AND NOT ${triggerExists(schema, relation, to)}`, [statement])
}

/** Renames a relation (an index) when `from` exists in the schema and `to` does not. */
export function renameRelation(schema: string, from: string, to: string, statement: string): string {
  return doIf(`${relationExists(schema, from)} AND NOT ${relationExists(schema, to)}`, [statement])
}

export function unlessTypeExists(schema: string, name: string, statements: readonly string[]): string {
  return doIf(`NOT ${typeExists(schema, name)}`, statements)
}
