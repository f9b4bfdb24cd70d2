import type { FunctionModel } from '../../model/schema-model.js'
import { inUserSchema, notExtensionMember } from './scope.js'

/**
 * Functions and procedures (pg_proc prokind 'f'/'p'; aggregates and window functions are not
 * modelled) outside system schemas and not owned by an extension (pgcrypto alone adds dozens to
 * `public`). prokind exists since PostgreSQL 11, so this is the same on 13–18 and PGlite.
 * Argument types are the input arguments (proargtypes: IN, INOUT, VARIADIC) in order, spelled by
 * format_type(); the result comes from pg_get_function_result(), which keeps `SETOF` and
 * `TABLE(...)`, and is NULL for procedures, which then report their prorettype.
 */
export const FUNCTIONS_SQL = `
SELECT n.nspname::text AS schema, p.proname::text AS name,
  (SELECT pg_catalog.json_agg(pg_catalog.format_type(k.type_oid, NULL) ORDER BY k.ord)
    FROM unnest(p.proargtypes::pg_catalog.oid[]) WITH ORDINALITY AS k(type_oid, ord)) AS argument_types,
  COALESCE(pg_catalog.pg_get_function_result(p.oid), pg_catalog.format_type(p.prorettype, NULL)) AS returns,
  l.lanname::text AS language
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE p.prokind IN ('f', 'p') AND ${inUserSchema('n')} AND ${notExtensionMember('pg_proc', 'p')}`

export interface FunctionRow {
  readonly schema: string
  readonly name: string
  /** null when the function takes no arguments (json_agg over nothing). */
  readonly argument_types: string[] | null
  readonly returns: string
  readonly language: string
}

export function toFunctionModel(row: FunctionRow): FunctionModel {
  return {
    schema: row.schema,
    name: row.name,
    argumentTypes: row.argument_types ?? [],
    returns: row.returns,
    language: row.language,
  }
}
