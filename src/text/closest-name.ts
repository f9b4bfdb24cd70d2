/**
 * "Did you mean …?" for misspelt names: flags, commands, schemas, tables, spec keys. One
 * implementation, so every error that suggests a name suggests it the same way.
 */

/** The candidate closest to a misspelt `name`, if it is close enough to be a typo. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1
  const lowered = name.toLowerCase()
  for (const candidate of candidates) {
    const distance = editDistance(lowered, candidate.toLowerCase())
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance]
  }
  return best
}

/** `; did you mean "x"?` or '' — ready to append to a message. */
export function didYouMean(name: string, candidates: Iterable<string>, quote: (s: string) => string = (s) => `"${s}"`): string {
  const suggestion = closestName(name, candidates)
  return suggestion === undefined ? '' : `; did you mean ${quote(suggestion)}?`
}

/** Levenshtein distance; names are short, and the bound above keeps suggestions sensible. */
function editDistance(a: string, b: string): number {
  // Names longer than this are not typos of each other; skip the O(n·m) table.
  if (Math.abs(a.length - b.length) > 16 || a.length * b.length > 1_000_000) return Number.POSITIVE_INFINITY
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost)
    }
    previous = current
  }
  return previous[b.length] ?? 0
}
