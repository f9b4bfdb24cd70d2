import { canonicalExpression, type ExpressionContext } from '../model/canonical-expression.js'
import { indexKeyColumn, splitIndexKey } from '../model/index-key.js'

// The spelling rules of key elements live in the model (the comparer shows keys too).
export { indexKeyColumn, specIndexKey, splitIndexKey, type IndexKeyParts } from '../model/index-key.js'

/**
 * Canonical text of one index key element (`lower(email) DESC`, `created_at NULLS FIRST`), as the
 * introspector builds it: a column key is the plain column name (pg_attribute.attname), an
 * expression goes through canonicalExpression(); then the sort options are re-appended in
 * uppercase, leaving out the defaults (ASC; NULLS LAST for ASC, NULLS FIRST for DESC).
 */
export function canonicalIndexKey(element: string, context: ExpressionContext = {}): string {
  const { base, isDescending, nulls } = splitIndexKey(element)
  let key = indexKeyColumn(base) ?? canonicalExpression(base, context)
  if (isDescending) key += ' DESC'
  if (nulls !== undefined && nulls !== (isDescending ? 'FIRST' : 'LAST')) key += ` NULLS ${nulls}`
  return key
}
