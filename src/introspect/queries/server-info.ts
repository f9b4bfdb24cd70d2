import { HIDDEN_PUBLIC_TYPES_SQL } from './type-names.js'
import { PUBLIC_ON_PATH_SQL } from './public-path.js'

/**
 * Server and session facts: version, database and role, plus what type names need to be spelled
 * the same whoever connects (see TypeNames). Reads settings, session functions and pg_type, so it
 * works unchanged on PostgreSQL 13–18 and PGlite (whose version() says "PGlite").
 */

import { compareText } from '../../model/compare-text.js'

/** Which server we introspected. */
export interface ServerInfo {
  /** Major.minor, e.g. "17.10" (server_version without distribution suffixes). */
  readonly version: string
  /** server_version_num, e.g. 170010. */
  readonly versionNum: number
  readonly database: string
  readonly user: string
  readonly engine: 'postgresql' | 'pglite'
  /** Every user schema in the database (whatever was asked for), so a filter can say what exists. */
  readonly userSchemas: readonly string[]
}

export const SERVER_INFO_SQL = `
SELECT pg_catalog.current_setting('server_version') AS server_version,
  pg_catalog.current_setting('server_version_num')::int AS server_version_num,
  pg_catalog.current_database()::text AS database,
  CURRENT_USER::text AS "user",
  pg_catalog.version() AS full_version,
  ARRAY(SELECT nspname::text FROM pg_catalog.pg_namespace
    WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1) AS user_schemas,
  ${HIDDEN_PUBLIC_TYPES_SQL} AS hidden_public_types,
  ${PUBLIC_ON_PATH_SQL} AS public_on_path`

export interface ServerInfoRow {
  readonly server_version: string
  readonly server_version_num: number
  readonly database: string
  readonly user: string
  readonly full_version: string
  readonly user_schemas: string[]
  /** Public types hidden behind a pg_catalog type of the same name; null when there are none. */
  readonly hidden_public_types: string[] | null
  /** Whether the role can use `public` (so it is on the effective search path); null when there is no public schema. */
  readonly public_on_path: boolean | null
}

export function toServerInfo(row: ServerInfoRow): ServerInfo {
  return {
    // Packaged servers say e.g. "16.4 (Debian 16.4-1.pgdg120+1)"; keep the number.
    version: row.server_version.split(/\s/)[0] ?? row.server_version,
    versionNum: row.server_version_num,
    database: row.database,
    user: row.user,
    engine: row.full_version.includes('PGlite') ? 'pglite' : 'postgresql',
    userSchemas: [...row.user_schemas].sort(compareText),
  }
}
