import { requireType, type Described } from '../catalog-changed.js'

/**
 * format_type() spells a type bare when the search path finds it, and schema-qualified
 * otherwise. Introspection pins search_path to `public`, but PostgreSQL leaves a schema off the
 * effective path when the role lacks USAGE on it, so for a least-privilege role (REVOKE ALL ON
 * SCHEMA public FROM PUBLIC) format_type() qualifies every public type: `public.year`,
 * `SETOF public.customer`. TypeNames puts back what a role with `public` on its path reads: a
 * leading `public.` goes unless a pg_catalog type of the same name would be found first (the
 * path is pg_catalog, then public), which is exactly when PostgreSQL itself keeps it. Only whole
 * format_type() results are edited, never expression text.
 */
export class TypeNames {
  readonly #hiddenPublicTypes: ReadonlySet<string>

  /** `hiddenPublicTypes`: names of public types that a pg_catalog type of the same name hides. */
  constructor(hiddenPublicTypes: Iterable<string>) {
    this.#hiddenPublicTypes = new Set(hiddenPublicTypes)
  }

  /**
   * The spelling of a format_type() result as seen with `public` on the search path. `what` names
   * the owner for the error raised when the type vanished meanwhile ('???').
   */
  spell(formatted: string, what: Described): string {
    const type = requireType(formatted, what)
    if (!type.startsWith(PUBLIC_PREFIX)) return type
    const unqualified = type.slice(PUBLIC_PREFIX.length)
    return this.#hiddenPublicTypes.has(leadingIdentifier(unqualified)) ? type : unqualified
  }
}

const PUBLIC_PREFIX = 'public.'

/**
 * The type name at the start of `typeText` (format_type() output after the schema: a name as
 * quote_ident() prints it, then perhaps a typmod `(...)` and `[]`s), unquoted.
 */
function leadingIdentifier(typeText: string): string {
  if (!typeText.startsWith('"')) return /^[^([]*/.exec(typeText)?.[0] ?? typeText
  let name = ''
  for (let i = 1; i < typeText.length; i++) {
    if (typeText[i] !== '"') name += typeText[i]
    else if (typeText[i + 1] === '"') name += typeText[++i]
    else break
  }
  return name
}

/**
 * A scalar subquery: json array of the names of `public` types that a pg_catalog type of the
 * same name hides (e.g. a user's `public.json`), which format_type() qualifies for everyone.
 */
export const HIDDEN_PUBLIC_TYPES_SQL = `(SELECT pg_catalog.json_agg(t.typname::text)
    FROM pg_catalog.pg_type t
    JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' AND EXISTS (SELECT FROM pg_catalog.pg_type c
      WHERE c.typnamespace = 'pg_catalog'::pg_catalog.regnamespace AND c.typname = t.typname))`
