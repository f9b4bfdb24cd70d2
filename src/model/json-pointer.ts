/**
 * JSON pointers (RFC 6901): the spec loader locates problems and objects with them, and every
 * expected object records its entry's pointer (Declared.source), so the comparer builds some too.
 */
/** RFC 6901 escaping of one reference token. */
export function escapePointer(token: string): string {
  // Most names have neither character: no new string for them.
  return token.includes('~') || token.includes('/') ? token.replace(/~/g, '~0').replace(/\//g, '~1') : token
}

/** The reference tokens of a JSON pointer ('' = the whole document). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** A JSON pointer built from reference tokens. */
export function toPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${escapePointer(String(t))}`).join('')
}
