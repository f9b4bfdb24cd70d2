/**
 * The URL prefix that selects the embedded engine: `pglite:memory` or `pglite:<directory>`. On its
 * own so that open-database.ts can recognise it without importing pglite-session.ts, which it
 * loads lazily (PGlite takes ~0.2 s to import), and pglite-session.ts can parse it without
 * importing open-database.ts back.
 */
export const PGLITE_PREFIX = 'pglite:'
