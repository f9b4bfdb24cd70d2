/**
 * Seeded pseudo-random passwords for redaction fuzz tests: printable ASCII, always with some of
 * the characters that break naive URL and conninfo handling. Deterministic, so a failing case
 * can be replayed from its seed.
 */

/** Characters that end or escape parts of URLs and key/value strings. */
export const SPECIAL_CHARACTERS = `/#?@:%'"\\ =&`

/** mulberry32: a tiny PRNG with a 32-bit state; numbers in [0, 1). */
export function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `count` passwords of 8 to 24 printable ASCII characters, at least two from SPECIAL_CHARACTERS. */
export function randomPasswords(count: number, seed: number): string[] {
  const random = prng(seed)
  const pick = (text: string): string => text.charAt(Math.floor(random() * text.length))
  const result: string[] = []
  while (result.length < count) {
    const chars = Array.from({ length: 8 + Math.floor(random() * 17) }, () => String.fromCharCode(0x20 + Math.floor(random() * 95)))
    for (let i = 0; i < 2 + Math.floor(random() * 3); i++) chars[Math.floor(random() * chars.length)] = pick(SPECIAL_CHARACTERS)
    const password = chars.join('')
    // Letters, digits and spaces only could coincide with words of the output; never keep those.
    if (/[^a-z0-9 ]/i.test(password)) result.push(password)
  }
  return result
}

/** A key/value conninfo value in single quotes, with \ and ' escaped. */
export function quoteConninfo(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`
}

/** A key/value conninfo value without quotes: \, ' and whitespace escaped with a backslash. */
export function escapeConninfo(value: string): string {
  return value.replace(/[\\'\s]/g, (c) => `\\${c}`)
}
