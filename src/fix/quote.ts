/**
 * The one quoting module of the SQL we write: every identifier and literal that comes from a
 * spec or a catalog passes through here on its way into a statement, so a name with quotes,
 * spaces, upper case, `;` or `--` stays one token and injects nothing.
 */
import { quoteIdent } from '../model/sql-keywords.js'

export { quoteIdent }

/** `schema.name`, each part quoted only where PostgreSQL needs it. */
export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`
}

/** A parenthesised list of quoted names: `(a, "B c")`. */
export function quotedList(names: readonly string[]): string {
  return `(${names.map(quoteIdent).join(', ')})`
}

/**
 * A string constant that means the same whatever standard_conforming_strings is: a value with a
 * backslash is written as an escape string (`E'a\\b'`), anything else as a plain one.
 */
export function quoteLiteral(value: string): string {
  assertNoNul(value)
  const doubled = value.replace(/'/g, "''")
  return value.includes('\\') ? `E'${doubled.replace(/\\/g, '\\\\')}'` : `'${doubled}'`
}

/**
 * A function or DO body in dollar quotes whose tag does not occur in the body (`$body$`,
 * `$body1$`, ...), so no body can close its own quotes.
 */
export function dollarQuote(body: string, tag = 'body'): string {
  assertNoNul(body)
  let candidate = tag
  for (let i = 1; body.includes(`$${candidate}$`); i++) candidate = `${tag}${i}`
  return `$${candidate}$${body}$${candidate}$`
}

/** PostgreSQL text cannot hold NUL; a name or value with one cannot come from a catalog. */
function assertNoNul(value: string): void {
  if (value.includes('\0')) throw new RangeError('a NUL character cannot appear in SQL text')
}
