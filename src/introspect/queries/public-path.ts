import { SqlTokenError, tokenize, type Token } from '../../model/sql-tokens.js'

/**
 * Deparsed SQL (a view's query, a partition key or bound, a SQL-standard function body, a CREATE
 * FUNCTION statement) as a role with `public` on its search path reads it. Introspection pins
 * search_path to `public`, but PostgreSQL leaves a schema off the effective path when the role
 * lacks USAGE on it, and the deparse functions then qualify every public object they name:
 * `FROM public.edge`, `public.twice(id)`, `'a'::public.mood`, `OPERATOR(public.~)`. For such a
 * role (and only then: a role that can use `public` gets the text as it is) this takes those
 * qualifications off again, so that every role reads the same model, as TypeNames does for
 * format_type(). It keeps what PostgreSQL qualifies for everyone: a public type a pg_catalog type
 * of the same name hides (`public.box`), and the name a CREATE FUNCTION or PROCEDURE statement
 * creates. String constants (a function's `AS $function$...$function$` source among them) are
 * never touched, nor is anything else of the text.
 */
export class PublicPath {
  readonly #isOnPath: boolean
  readonly #hiddenPublicTypes: ReadonlySet<string>

  /**
   * `isOnPath`: the reading role can use `public` (so PostgreSQL honours the pinned search_path).
   * `hiddenPublicTypes`: names of public types that a pg_catalog type of the same name hides.
   */
  constructor(isOnPath: boolean, hiddenPublicTypes: Iterable<string>) {
    this.#isOnPath = isOnPath
    this.#hiddenPublicTypes = new Set(hiddenPublicTypes)
  }

  /** `deparsed` as a role with `public` on its search path gets it. */
  sql(deparsed: string): string {
    if (this.#isOnPath) return deparsed
    let tokens: Token[]
    try {
      tokens = tokenize(deparsed)
    } catch (error) {
      // Deparsed SQL always tokenizes; should it not, the text stays as PostgreSQL gave it.
      if (error instanceof SqlTokenError) return deparsed
      throw error
    }
    let result = ''
    let copied = 0
    const replace = (start: number, end: number, text: string): void => {
      result += deparsed.slice(copied, start) + text
      copied = end
    }
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as Token
      // OPERATOR(public.~) → ~ (PostgreSQL writes an operator bare when the path finds it).
      const op = tokens[i + 4]
      if (
        t.kind === 'ident' &&
        t.value === 'operator' &&
        tokens[i + 1]?.value === '(' &&
        isPublicDot(tokens[i + 2], tokens[i + 3]) &&
        op?.kind === 'op' &&
        tokens[i + 5]?.value === ')'
      ) {
        replace(t.start, (tokens[i + 5] as Token).end, deparsed.slice(op.start, op.end))
        i += 5
        continue
      }
      // public.name → name
      const [dot, name, previous] = [tokens[i + 1], tokens[i + 2], tokens[i - 1]]
      if (!isPublicDot(t, dot) || (name?.kind !== 'ident' && name?.kind !== 'qident') || name.start !== dot?.end) continue
      const isCreatedName = previous?.kind === 'ident' && (previous.value === 'function' || previous.value === 'procedure')
      if (isCreatedName || this.#hiddenPublicTypes.has(name.value)) continue
      replace(t.start, name.start, '')
      i += 1
    }
    return result + deparsed.slice(copied)
  }
}

/**
 * A scalar subquery: whether the role can use `public` (USAGE, as owner, member or superuser);
 * NULL when there is no such schema (then no text can name it either).
 */
export const PUBLIC_ON_PATH_SQL = `(SELECT pg_catalog.has_schema_privilege(n.oid, 'USAGE')
    FROM pg_catalog.pg_namespace n WHERE n.nspname = 'public')`

/** `public` (bare or quoted) followed right away by a dot. */
function isPublicDot(name: Token | undefined, dot: Token | undefined): boolean {
  return (name?.kind === 'ident' || name?.kind === 'qident') && name.value === 'public' && dot?.kind === 'punct' && dot.value === '.' && dot.start === name.end
}
