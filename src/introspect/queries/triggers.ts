import { canonicalExpression } from '../../model/canonical-expression.js'
import type { TriggerEnabled, TriggerEvent, TriggerModel, TriggerTiming } from '../../model/schema-model.js'
import { requireDeparsed } from '../catalog-changed.js'
import { inUserSchema, notExtensionMember } from './scope.js'
import { parenthesizedAfter } from './sql-text.js'

/**
 * User triggers (pg_trigger, not tgisinternal: those implement foreign keys) of reported tables
 * AND views (INSTEAD OF triggers live on views; the caller decides where those go). Timing,
 * events and level are bits of tgtype; UPDATE OF columns are tgattr; arguments are tgargs, a
 * bytea of NUL-terminated strings, sent as hex so pg and PGlite return the same text. The WHEN
 * condition is only available deparsed inside pg_get_triggerdef() (tgqual refers to OLD/NEW,
 * which pg_get_expr cannot print). Triggers cloned onto partitions (tgparentid, PG13+) are
 * ordinary, non-internal rows on every supported version and are kept. pg_get_triggerdef() answers
 * NULL for a trigger dropped after our snapshot was taken (has_when says a definition is due).
 */
export const TRIGGERS_SQL = `
SELECT n.nspname::text AS schema, c.relname::text AS table, c.relkind::text AS relation_kind,
  t.tgname::text AS name, t.tgtype::int AS type,
  (SELECT pg_catalog.json_agg(a.attname::text ORDER BY k.ord)
    FROM unnest(t.tgattr::pg_catalog.int2[]) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.attnum) AS update_of,
  fn.nspname::text AS function_schema, p.proname::text AS function_name,
  t.tgnargs::int AS argument_count, pg_catalog.encode(t.tgargs, 'hex') AS arguments_hex,
  CASE WHEN t.tgqual IS NOT NULL THEN pg_catalog.pg_get_triggerdef(t.oid) END AS definition,
  t.tgqual IS NOT NULL AS has_when,
  t.tgenabled::text AS enabled
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
JOIN pg_catalog.pg_namespace fn ON fn.oid = p.pronamespace
WHERE NOT t.tgisinternal AND c.relkind IN ('r', 'p', 'v', 'm')
  AND ${inUserSchema('n')} AND ${notExtensionMember('pg_class', 'c')}`

export interface TriggerRow {
  readonly schema: string
  readonly table: string
  /** r/p for tables, v/m for views. */
  readonly relation_kind: string
  readonly name: string
  readonly type: number
  readonly update_of: string[] | null
  readonly function_schema: string
  readonly function_name: string
  readonly argument_count: number
  readonly arguments_hex: string
  readonly definition: string | null
  readonly has_when: boolean
  /** O, D, R or A. */
  readonly enabled: string
}

// tgtype bits, from PostgreSQL's catalog/pg_trigger.h.
const ROW = 1 << 0
const BEFORE = 1 << 1
const INSTEAD = 1 << 6
const EVENT_BITS: readonly (readonly [TriggerEvent, number])[] = [
  ['INSERT', 1 << 2],
  ['UPDATE', 1 << 4],
  ['DELETE', 1 << 3],
  ['TRUNCATE', 1 << 5],
]
const ENABLED: Readonly<Record<string, TriggerEnabled>> = { O: 'origin', D: 'disabled', R: 'replica', A: 'always' }

export function toTriggerModel(row: TriggerRow): TriggerModel {
  const timing: TriggerTiming = (row.type & INSTEAD) !== 0 ? 'INSTEAD OF' : (row.type & BEFORE) !== 0 ? 'BEFORE' : 'AFTER'
  const definition = requireDeparsed(row.definition, row.has_when, `trigger ${row.name} on ${row.schema}.${row.table}`)
  const when = definition === null ? undefined : parenthesizedAfter(definition, 'WHEN')
  return {
    name: row.name,
    timing,
    events: EVENT_BITS.filter(([, bit]) => (row.type & bit) !== 0).map(([event]) => event),
    updateOf: row.update_of ?? [],
    level: (row.type & ROW) !== 0 ? 'ROW' : 'STATEMENT',
    function: row.function_schema === 'public' ? row.function_name : `${row.function_schema}.${row.function_name}`,
    arguments: decodeArguments(row.arguments_hex, row.argument_count),
    when: when === undefined ? null : canonicalExpression(when, { schema: row.schema }),
    enabled: ENABLED[row.enabled] ?? 'origin',
  }
}

/** tgargs holds each argument followed by a NUL byte. */
function decodeArguments(hex: string, count: number): string[] {
  const parts = Buffer.from(hex, 'hex').toString('utf8').split('\0')
  return parts.slice(0, count)
}
