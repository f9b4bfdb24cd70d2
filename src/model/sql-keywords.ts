/**
 * PostgreSQL keywords that are not "unreserved" (kwlist.h, PostgreSQL 18). quote_identifier()
 * quotes exactly these and any name that is not a plain lowercase identifier, so quoteIdent()
 * below prints names the way the server's deparser does.
 */

const RESERVED =
  'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral leading limit localtime localtimestamp not null offset on only or order placing primary references returning select session_user some symmetric system_user table then to trailing true union unique user using variadic when where window with'
const TYPE_FUNC_NAME =
  'authorization binary collation concurrently cross current_schema freeze full ilike inner is isnull join left like natural notnull outer overlaps right similar tablesample verbose'
const COL_NAME =
  'between bigint bit boolean char character coalesce dec decimal exists extract float greatest grouping inout int integer interval json json_array json_arrayagg json_exists json_object json_objectagg json_query json_scalar json_serialize json_table json_value least merge_action national nchar none normalize nullif numeric out overlay position precision real row setof smallint substring time timestamp treat trim values varchar xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable'

/** Fully reserved keywords: never a column reference when unquoted. */
export const RESERVED_KEYWORDS: ReadonlySet<string> = new Set(RESERVED.split(' '))

/** Every keyword that quote_identifier() quotes. */
export const QUOTED_KEYWORDS: ReadonlySet<string> = new Set([RESERVED, TYPE_FUNC_NAME, COL_NAME].join(' ').split(' '))

const PLAIN = /^[a-z_][a-z0-9_$]*$/

/** Quotes a name as PostgreSQL's quote_identifier() does: only when it must be quoted. */
export function quoteIdent(name: string): string {
  if (PLAIN.test(name) && !QUOTED_KEYWORDS.has(name)) return name
  return `"${name.replace(/"/g, '""')}"`
}

/** Quotes a string constant as the deparser does (standard_conforming_strings on: only ' doubled). */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}
