/**
 * Whether a column's sequence is behind the column's data: the next value it gives is one the
 * column already holds, so the next insert that takes the default fails with a duplicate key (a
 * restore that copied rows with their ids, a bulk load, a sequence reset by hand). Reading it
 * takes the column's maximum, so it is read only when asked (`check --health`, `doctor`).
 */
export interface SequenceHealthModel {
  /** The table and the column drawing from the sequence (a serial default or an identity). */
  readonly schema: string
  readonly table: string
  readonly column: string
  readonly isIdentity: boolean
  /** The sequence, schema-qualified as PostgreSQL spells it (`public.users_id_seq`). */
  readonly sequence: string
  /** What the role could read: the table and the sequence; false = not checked. */
  readonly isReadable: boolean
  /** The column's maximum (decimal text), null when the table is empty or not readable. */
  readonly maxValue: string | null
  /** The value the next nextval() returns (decimal text), null when not readable. */
  readonly nextValue: string | null
  /** The sequence's increment: a descending sequence is behind when its next value is at or below the minimum instead. */
  readonly increment: string | null
}

/** True when the next value the sequence gives is one the column already holds (ascending sequences). */
export function isSequenceBehind(h: SequenceHealthModel): boolean {
  if (!h.isReadable || h.maxValue === null || h.nextValue === null || h.increment === null) return false
  if (BigInt(h.increment) <= 0n) return false
  return BigInt(h.nextValue) <= BigInt(h.maxValue)
}
