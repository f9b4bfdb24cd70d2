/**
 * Code-point order: the same on every machine, locale and engine (localeCompare and a server's
 * ORDER BY follow a collation). Every sorted output (snapshots, models, findings) uses it, so
 * reports and snapshots diff cleanly wherever they were made.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
