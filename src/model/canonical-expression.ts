/** Context that changes how an expression is canonicalised. */
export interface ExpressionContext {
  /** Canonical type of the column a default belongs to (lets `'t'` = `true` on a boolean, `'0'` = `0` on numeric). */
  readonly columnType?: string
  /** Schema of the table the expression belongs to: qualifications with it are dropped. */
  readonly schema?: string
}

/**
 * Canonical text of a SQL expression, so that a hand-written expression and PostgreSQL's own
 * deparsed form of it compare equal as strings. PLACEHOLDER: the real implementation replaces this.
 */
export function canonicalExpression(sql: string, _context: ExpressionContext = {}): string {
  return sql.trim()
}
