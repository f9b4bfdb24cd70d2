/**
 * Whether a table has an index PostgreSQL can use to find the rows that reference a key: what
 * every DELETE or key UPDATE on the referenced table looks up (ON DELETE CASCADE, the NO ACTION
 * check), and what joins along the key use. Without one, each such statement scans the whole
 * referencing table, under a lock.
 */
import { splitIndexKey } from './index-key.js'
import type { ForeignKeyModel, IndexModel, TableModel } from './schema-model.js'

/**
 * True when an index, primary key or unique constraint of `table` starts with exactly
 * `columns` (in any order, any sort direction): a valid, non-partial B-tree, or a hash index on
 * the one column. INCLUDE columns do not count: they cannot be searched.
 */
export function hasIndexLeadingWith(table: Pick<TableModel, 'indexes' | 'primaryKey' | 'uniqueConstraints'>, columns: readonly string[]): boolean {
  const wanted = new Set(columns)
  const leadsWith = (keys: readonly string[]): boolean =>
    keys.length >= wanted.size && keys.slice(0, wanted.size).every((key) => wanted.has(key)) && new Set(keys.slice(0, wanted.size)).size === wanted.size
  if (table.primaryKey != null && leadsWith(table.primaryKey.columns)) return true
  if (table.uniqueConstraints.some((u) => leadsWith(u.columns))) return true
  return table.indexes.some((index) => isSearchable(index, wanted.size) && leadsWith(index.keys.map((key) => splitIndexKey(key).base)))
}

function isSearchable(index: IndexModel, keyCount: number): boolean {
  if (index.isValid === false) return false
  if (index.where != null) return false
  const method = index.method ?? 'btree'
  return method === 'btree' || (method === 'hash' && keyCount === 1)
}

/**
 * Whether the key needs an index the spec does not list: one cause, one finding, so when the
 * spec lists a covering index (or the key leads its primary key or a unique constraint), that
 * object's own finding says it is missing, not this key.
 */
export function expectsOwnIndex(expectedTable: TableModel, fk: ForeignKeyModel): boolean {
  return fk.isIndexed !== false && !hasIndexLeadingWith(expectedTable, fk.columns)
}

/**
 * An index the spec does not list but one of its keys asks for (the one `check --fix` creates
 * for foreign_key.mismatch [indexed]): a plain B-tree keyed on exactly the key's columns. Not an
 * extra under --strict. A unique one (it changes what rows may exist), one with INCLUDE columns
 * or another method is something else, and stays an extra.
 */
export function isImpliedForeignKeyIndex(expectedTable: TableModel, index: IndexModel): boolean {
  const isPlain = index.isUnique !== true && (index.method ?? 'btree') === 'btree' && (index.include ?? []).length === 0
  return (
    isPlain &&
    expectedTable.foreignKeys.some(
      (fk) =>
        index.keys.length === fk.columns.length &&
        expectsOwnIndex(expectedTable, fk) &&
        hasIndexLeadingWith({ indexes: [index], primaryKey: null, uniqueConstraints: [] }, fk.columns),
    )
  )
}
