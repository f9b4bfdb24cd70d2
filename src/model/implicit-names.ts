/**
 * Names PostgreSQL makes up for objects a statement creates implicitly (the sequence of a serial
 * or identity column, and by the same rule a key's index, ...), so that the spec producer and the
 * fix planner can predict them. Assumes a UTF-8 database, as every name here is a JS string.
 */

import { canonicalExpression } from './canonical-expression.js'
import { quoteIdent, quoteLiteral } from './sql-keywords.js'

/** PostgreSQL's NAMEDATALEN: a name keeps at most NAMEDATALEN - 1 = 63 bytes. */
export const NAMEDATALEN = 64

/**
 * PostgreSQL's makeObjectName() (src/backend/commands/indexcmds.c): `name1_name2_label`, with
 * `name1` and `name2` shortened so the whole fits in NAMEDATALEN - 1 bytes. Bytes are taken off
 * the longer of the two first (off `name2` on a tie), then each is clipped back to a whole UTF-8
 * character, so the result can be a byte or two shorter than 63. The label is never shortened.
 * `name2` may be null (then there is no `_name2`). Both are names as the catalog stores them (at
 * most 63 bytes). ChooseRelationName() appends 1, 2, ... to the label when the name is taken;
 * which names are taken is up to the database, not to this function.
 */
export function makeObjectName(name1: string, name2: string | null, label: string): string {
  const bytes1 = utf8Length(name1)
  const bytes2 = name2 === null ? 0 : utf8Length(name2)
  const overhead = (name2 === null ? 0 : 1) + utf8Length(label) + 1
  const available = NAMEDATALEN - 1 - overhead
  let keep1 = bytes1
  let keep2 = bytes2
  // PostgreSQL's own loop, kept as a loop so it reads like the original.
  while (keep1 + keep2 > available) {
    if (keep1 > keep2) keep1--
    else keep2--
  }
  const part1 = clipUtf8(name1, keep1)
  const part2 = name2 === null ? null : clipUtf8(name2, keep2)
  return part2 === null ? `${part1}_${label}` : `${part1}_${part2}_${label}`
}

/**
 * The name PostgreSQL gives the sequence it creates for a serial or identity column
 * (ChooseRelationName(table, column, "seq", ...) in generateSerialExtraStmts(), parse_utilcmd.c),
 * when no relation of that name exists yet in the schema and no SEQUENCE NAME option was given.
 * `table` is the table's name when the column was created: renaming the table later keeps the name.
 */
export function serialSequenceName(table: string, column: string): string {
  return makeObjectName(table, column, 'seq')
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/** The longest prefix of `text` of at most `limit` bytes in UTF-8 that ends on a character boundary (pg_mbcliplen). */
function clipUtf8(text: string, limit: number): string {
  let bytes = 0
  let end = 0
  for (const char of text) {
    bytes += utf8Length(char)
    if (bytes > limit) break
    end += char.length
  }
  return text.slice(0, end)
}

/**
 * The default of a column drawing from sequence `name` in `schema`, in canonical form (as both
 * producers write defaults), so a default can be recognised as naming a sequence by equality.
 * `tableSchema`: the schema of the column's table (default: the sequence's), in whose light the
 * canonical form leaves the qualification out or keeps it.
 */
export function sequenceDefault(schema: string, name: string, tableSchema: string = schema): string {
  return canonicalExpression(`nextval(${quoteLiteral(`${quoteIdent(schema)}.${quoteIdent(name)}`)}::regclass)`, { schema: tableSchema })
}
