/**
 * The text inside the parentheses that follow `keyword` in a deparsed definition, e.g. the
 * condition of `CHECK (...)` in pg_get_constraintdef() or of `WHEN (...)` in pg_get_triggerdef().
 * Quote-aware: a keyword or parenthesis inside '...' or "..." (a quoted trigger name, a string
 * constant) is not a match. Returns undefined when the keyword is absent.
 */
export function parenthesizedAfter(definition: string, keyword: string): string | undefined {
  const upperKeyword = keyword.toUpperCase()
  let depth = 0
  let start = -1
  for (let i = 0; i < definition.length; i++) {
    const char = definition[i]
    if (char === "'" || char === '"') {
      i = closingQuote(definition, i)
      continue
    }
    if (start >= 0) {
      if (char === '(') depth++
      else if (char === ')' && --depth === 0) return definition.slice(start, i)
      continue
    }
    if (isKeywordAt(definition, i, upperKeyword)) {
      const open = skipSpaces(definition, i + keyword.length)
      if (definition[open] === '(') {
        start = open + 1
        depth = 1
        i = open
      }
    }
  }
  return undefined
}

/** Index of the quote that closes the one at `open` (a doubled quote is an escaped quote). */
function closingQuote(text: string, open: number): number {
  const quote = text[open]
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] !== quote) continue
    if (text[i + 1] === quote) i++
    else return i
  }
  return text.length
}

function isKeywordAt(text: string, index: number, upperKeyword: string): boolean {
  const before = index === 0 ? ' ' : (text[index - 1] ?? ' ')
  const after = text[index + upperKeyword.length] ?? ' '
  return /[\s(]/.test(before) && !/[\w$]/.test(after) && text.slice(index, index + upperKeyword.length).toUpperCase() === upperKeyword
}

function skipSpaces(text: string, index: number): number {
  let i = index
  while (i < text.length && /\s/.test(text[i] ?? '')) i++
  return i
}
