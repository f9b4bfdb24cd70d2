/**
 * How safe a column (or sequence) type change is, from the two canonical type names: whether
 * every old value fits the new type, and whether PostgreSQL rewrites the table to change it.
 * Conservative: anything not known to be safe is `other` (may fail, rewrites).
 */

export type TypeChange =
  /** The same type. */
  | 'same'
  /** Every value fits and PostgreSQL only changes the catalog (varchar(50) → varchar(100) or text). */
  | 'no_rewrite'
  /** Every value fits, but the table is rewritten (integer → bigint). */
  | 'widening'
  /** Some values may not fit (varchar(100) → varchar(50), bigint → integer). */
  | 'narrowing'
  /** No safe implicit conversion is known. */
  | 'other'

const INTEGER_WIDTH: Readonly<Record<string, number>> = { smallint: 2, integer: 4, bigint: 8 }
const FLOAT_WIDTH: Readonly<Record<string, number>> = { real: 4, 'double precision': 8 }
const TEXT_LIKE = /^(character varying|varchar)(?:\((\d+)\))?$/
const NUMERIC = /^numeric(?:\((\d+)(?:,\s*(\d+))?\))?$/

export function classifyTypeChange(from: string, to: string): TypeChange {
  if (from === to) return 'same'
  const fromInt = INTEGER_WIDTH[from]
  const toInt = INTEGER_WIDTH[to]
  if (fromInt !== undefined && toInt !== undefined) return toInt > fromInt ? 'widening' : 'narrowing'
  if (fromInt !== undefined && (to === 'numeric' || NUMERIC.test(to))) return to === 'numeric' ? 'widening' : 'other'
  const fromFloat = FLOAT_WIDTH[from]
  const toFloat = FLOAT_WIDTH[to]
  if (fromFloat !== undefined && toFloat !== undefined) return toFloat > fromFloat ? 'widening' : 'narrowing'
  const fromText = TEXT_LIKE.exec(from)
  if (fromText !== null) {
    const fromLength = fromText[2] === undefined ? Infinity : Number(fromText[2])
    if (to === 'text') return 'no_rewrite'
    const toText = TEXT_LIKE.exec(to)
    if (toText !== null) {
      const toLength = toText[2] === undefined ? Infinity : Number(toText[2])
      return toLength >= fromLength ? 'no_rewrite' : 'narrowing'
    }
  }
  if (from === 'text' && TEXT_LIKE.test(to)) return TEXT_LIKE.exec(to)?.[2] === undefined ? 'no_rewrite' : 'narrowing'
  const fromNumeric = NUMERIC.exec(from)
  const toNumeric = NUMERIC.exec(to)
  if (fromNumeric !== null && toNumeric !== null) {
    if (toNumeric[1] === undefined) return 'no_rewrite'
    if (fromNumeric[1] === undefined) return 'narrowing'
    const fromScale = Number(fromNumeric[2] ?? 0)
    const toScale = Number(toNumeric[2] ?? 0)
    const fromIntegerDigits = Number(fromNumeric[1]) - fromScale
    const toIntegerDigits = Number(toNumeric[1]) - toScale
    if (toScale === fromScale && toIntegerDigits >= fromIntegerDigits) return 'no_rewrite'
    return toScale >= fromScale && toIntegerDigits >= fromIntegerDigits ? 'widening' : 'narrowing'
  }
  return 'other'
}
