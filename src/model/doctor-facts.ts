/**
 * What `doctor` reads about a database besides its schema (introspect/queries/doctor-facts.ts
 * reads it): the session, the settings, the current role's privileges on the spec's schemas and
 * tables, and the spec's extensions. Data only, for the report and the GRANT writer.
 */

export interface SessionFacts {
  /** PGlite says so in version(). */
  readonly engine: 'postgresql' | 'pglite'
  readonly serverVersion: string
  readonly serverVersionNum: number
  readonly database: string
  readonly user: string
  /** The server's address as it sees this connection; null over a Unix socket or in PGlite. */
  readonly serverAddress: string | null
  readonly serverPort: number | null
  /** Whether this connection is encrypted; null when the server cannot say (PGlite). */
  readonly ssl: boolean | null
  readonly isSuperuser: boolean
  readonly canConnect: boolean
  readonly canCreateInDatabase: boolean
  readonly connectionsInUse: number | null
  readonly settings: Readonly<Record<string, string | null>>
}

export interface SchemaPrivileges {
  readonly schema: string
  readonly exists: boolean
  readonly usage: boolean
  readonly create: boolean
  readonly owner: string | null
}

export interface TablePrivileges {
  readonly schema: string
  readonly name: string
  readonly exists: boolean
  readonly select: boolean
  readonly owner: string | null
  /** The current role owns the table, or is a member of its owner: it could ALTER it. */
  readonly isOwner: boolean
}

export interface ExtensionAvailability {
  readonly name: string
  readonly installedVersion: string | null
  /** The default version the server could install; null when its files are not on the server. */
  readonly availableVersion: string | null
}

export interface DoctorFacts {
  readonly session: SessionFacts
  readonly schemas: readonly SchemaPrivileges[]
  readonly tables: readonly TablePrivileges[]
  readonly extensions: readonly ExtensionAvailability[]
}
