import type { FunctionModel } from '../../model/schema-model.js'
import { requireDeparsed } from '../catalog-changed.js'
import type { PublicPath } from './public-path.js'
import { inUserSchema, notExtensionMember } from './scope.js'
import type { TypeNames } from './type-names.js'

/** SQL-standard function bodies (BEGIN ATOMIC, RETURN) came with PostgreSQL 14. */
const SQL_STANDARD_BODY_VERSION = 140000

/**
 * Functions and procedures (pg_proc prokind 'f'/'p'; aggregates and window functions are not
 * modelled) outside system schemas and not owned by an extension (pgcrypto alone adds dozens to
 * `public`). prokind exists since PostgreSQL 11, so this is the same on 13–18 and PGlite.
 * Argument types are the input arguments (proargtypes: IN, INOUT, VARIADIC) in order, spelled by
 * format_type(). The result is spelled as pg_get_function_result() does (`integer`, `SETOF
 * customer`, `TABLE(id integer, name text)`), but assembled here from proretset, prorettype and
 * the TABLE columns (proargmodes 't', with proargnames quoted by quote_ident()), so that every
 * type goes through TypeNames like any other; procedures report their prorettype.
 * The body is prosrc, or for a SQL-standard body (prosqlbody, PostgreSQL 14+: prosrc is then
 * empty) its deparsed text; the server's version picks the query, as 13 has neither the column nor
 * pg_get_function_sqlbody(). pg_get_functiondef() is safe to call on every row (it refuses only
 * aggregates, which are not selected). Both deparse functions answer NULL for a function dropped
 * after our snapshot was taken (see catalog-changed.ts).
 */
export function functionsSql(serverVersionNum: number): string {
  const body =
    serverVersionNum >= SQL_STANDARD_BODY_VERSION
      ? `CASE WHEN p.prosqlbody IS NOT NULL THEN pg_catalog.pg_get_function_sqlbody(p.oid) ELSE p.prosrc END AS body,
  p.prosqlbody IS NOT NULL AS has_sql_body,`
      : 'p.prosrc AS body, false AS has_sql_body,'
  return `
SELECT n.nspname::text AS schema, p.proname::text AS name, p.prokind::text AS kind,
  (SELECT pg_catalog.json_agg(pg_catalog.format_type(k.type_oid, NULL) ORDER BY k.ord)
    FROM unnest(p.proargtypes::pg_catalog.oid[]) WITH ORDINALITY AS k(type_oid, ord)) AS argument_types,
  p.proretset AS returns_set, pg_catalog.format_type(p.prorettype, NULL) AS return_type,
  (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
      'name', COALESCE(pg_catalog.quote_ident(NULLIF(p.proargnames[k.ord], '')), ''),
      'type', pg_catalog.format_type(k.type_oid, NULL)) ORDER BY k.ord)
    FROM unnest(p.proallargtypes) WITH ORDINALITY AS k(type_oid, ord)
    WHERE p.proargmodes[k.ord] = 't') AS table_columns,
  l.lanname::text AS language, ${body}
  pg_catalog.pg_get_functiondef(p.oid) AS create_statement
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE p.prokind IN ('f', 'p') AND ${inUserSchema('n')} AND ${notExtensionMember('pg_proc', 'p')}`
}

export interface FunctionRow {
  readonly schema: string
  readonly name: string
  /** 'f' function, 'p' procedure. */
  readonly kind: string
  /** null when the function takes no arguments (json_agg over nothing). */
  readonly argument_types: string[] | null
  readonly returns_set: boolean
  readonly return_type: string
  /** The columns of RETURNS TABLE (name quoted, '' when unnamed); null for other functions. */
  readonly table_columns: { readonly name: string; readonly type: string }[] | null
  readonly language: string
  /** prosrc, or the deparsed SQL-standard body; NULL only when the function vanished (has_sql_body). */
  readonly body: string | null
  readonly has_sql_body: boolean
  /** pg_get_functiondef(); NULL only when the function vanished. */
  readonly create_statement: string | null
}

/** `publicPath` spells deparsed text (not the source a function was created with) as with `public` on the search path. */
export function toFunctionModel(row: FunctionRow, typeNames: TypeNames, publicPath: PublicPath): FunctionModel {
  const what = `function ${row.schema}.${row.name}`
  const spell = (type: string): string => typeNames.spell(type, what)
  return {
    schema: row.schema,
    name: row.name,
    argumentTypes: (row.argument_types ?? []).map(spell),
    returns: row.kind === 'p' ? spell(row.return_type) : functionResult(row, spell),
    language: row.language,
    // prosrc is the text as written; a SQL-standard body is deparsed.
    body: row.has_sql_body ? publicPath.sql(requireDeparsed(row.body, true, what) ?? '') : (row.body ?? ''),
    createStatement: publicPath.sql(requireDeparsed(row.create_statement, true, what) ?? ''),
  }
}

/** ruleutils.c print_function_rettype(): TABLE(...) when there are table columns, else [SETOF ]type. */
function functionResult(row: FunctionRow, spell: (type: string) => string): string {
  if (row.returns_set && row.table_columns !== null && row.table_columns.length > 0) {
    const columns = row.table_columns.map((c) => (c.name === '' ? '' : `${c.name} `) + spell(c.type))
    return `TABLE(${columns.join(', ')})`
  }
  return (row.returns_set ? 'SETOF ' : '') + spell(row.return_type)
}
