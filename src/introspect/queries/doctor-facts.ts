/**
 * What `doctor` reads besides the schema: the session (server, database, role, TLS), the settings
 * that change how an application or a repair behaves, how many connections are in use, and what
 * the current role may do on the spec's schemas and tables, and which of the spec's extensions
 * are installed or could be. Privileges are asked with has_*_privilege(), which answers for the
 * role whatever it may read: a role without SELECT on a table is told so, not refused. Four
 * statements, in the caller's read-only transaction.
 */
import type { DoctorFacts } from '../../model/doctor-facts.js'
import type { Queryable } from '../queryable.js'

export type { DoctorFacts }

/** The settings a support engineer asks about first. */
export const DOCTOR_SETTINGS = [
  'search_path',
  'default_transaction_read_only',
  'statement_timeout',
  'lock_timeout',
  'idle_in_transaction_session_timeout',
  'server_encoding',
  'client_encoding',
  'TimeZone',
  'max_connections',
] as const

const SESSION_SQL = `
SELECT current_setting('server_version') AS server_version, version() AS full_version,
  current_setting('server_version_num')::int AS server_version_num,
  current_database()::text AS database, current_user::text AS "user",
  host(inet_server_addr()) AS server_address, inet_server_port() AS server_port,
  (SELECT s.ssl FROM pg_catalog.pg_stat_ssl s WHERE s.pid = pg_catalog.pg_backend_pid()) AS ssl,
  (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) AS is_superuser,
  has_database_privilege(current_database(), 'CONNECT') AS can_connect,
  has_database_privilege(current_database(), 'CREATE') AS can_create,
  (SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE backend_type = 'client backend')::int AS connections,
  ARRAY[${DOCTOR_SETTINGS.map((name) => `current_setting('${name}', true)`).join(', ')}] AS settings`

const SCHEMAS_SQL = `
SELECT s.name, n.oid IS NOT NULL AS exists,
  COALESCE(has_schema_privilege(n.oid, 'USAGE'), false) AS usage,
  COALESCE(has_schema_privilege(n.oid, 'CREATE'), false) AS "create",
  pg_catalog.pg_get_userbyid(n.nspowner)::text AS owner
FROM unnest($1::text[]) WITH ORDINALITY AS s(name, i)
LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = s.name
ORDER BY s.i`

const TABLES_SQL = `
SELECT t.schema, t.name, c.oid IS NOT NULL AS exists,
  COALESCE(has_table_privilege(c.oid, 'SELECT'), false) AS "select",
  pg_catalog.pg_get_userbyid(c.relowner)::text AS owner,
  COALESCE(pg_catalog.pg_has_role(c.relowner, 'USAGE'), false) AS is_owner
FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(schema, name, i)
LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = t.schema
LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = t.name AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
ORDER BY t.i`

const EXTENSIONS_SQL = `
SELECT e.name, x.extversion AS installed, a.default_version AS available
FROM unnest($1::text[]) WITH ORDINALITY AS e(name, i)
LEFT JOIN pg_catalog.pg_extension x ON x.extname = e.name
LEFT JOIN pg_catalog.pg_available_extensions a ON a.name = e.name
ORDER BY e.i`

interface SessionRow {
  server_version: string
  full_version: string
  server_version_num: number
  database: string
  user: string
  server_address: string | null
  server_port: number | null
  ssl: boolean | null
  is_superuser: boolean | null
  can_connect: boolean
  can_create: boolean
  connections: number | null
  settings: (string | null)[]
}

/** Reads the facts for these schemas, tables and extensions (the spec's). */
export async function readDoctorFacts(
  db: Queryable,
  wanted: {
    readonly schemas: readonly string[]
    readonly tables: readonly { readonly schema: string; readonly name: string }[]
    readonly extensions: readonly string[]
  },
): Promise<DoctorFacts> {
  const [session] = await db.query<SessionRow>(SESSION_SQL)
  if (session === undefined) throw new Error('the session query returned no row')
  const schemas = await db.query<{ name: string; exists: boolean; usage: boolean; create: boolean; owner: string | null }>(SCHEMAS_SQL, [wanted.schemas])
  const tables = await db.query<{ schema: string; name: string; exists: boolean; select: boolean; owner: string | null; is_owner: boolean }>(TABLES_SQL, [
    wanted.tables.map((t) => t.schema),
    wanted.tables.map((t) => t.name),
  ])
  const extensions = await db.query<{ name: string; installed: string | null; available: string | null }>(EXTENSIONS_SQL, [wanted.extensions])
  return {
    session: {
      engine: session.full_version.includes('PGlite') ? 'pglite' : 'postgresql',
      serverVersion: session.server_version,
      serverVersionNum: session.server_version_num,
      database: session.database,
      user: session.user,
      serverAddress: session.server_address,
      serverPort: session.server_port,
      ssl: session.ssl,
      isSuperuser: session.is_superuser === true,
      canConnect: session.can_connect,
      canCreateInDatabase: session.can_create,
      // PGlite is one in-process backend: its pg_stat_activity lists no client backends.
      connectionsInUse: session.full_version.includes('PGlite') ? null : session.connections,
      settings: Object.fromEntries(DOCTOR_SETTINGS.map((name, i) => [name, session.settings[i] ?? null])),
    },
    schemas: schemas.map((s) => ({ schema: s.name, exists: s.exists, usage: s.usage, create: s.create, owner: s.owner })),
    tables: tables.map((t) => ({ schema: t.schema, name: t.name, exists: t.exists, select: t.select, owner: t.owner, isOwner: t.is_owner })),
    extensions: extensions.map((e) => ({ name: e.name, installedVersion: e.installed, availableVersion: e.available })),
  }
}
