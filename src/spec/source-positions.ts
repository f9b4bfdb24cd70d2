import { parse, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser'
import { parsePointer, toPointer } from '../model/json-pointer.js'

/** 1-based line and column. */
export interface Position {
  readonly line: number
  readonly column: number
}

/** A problem found while parsing, before the document has a shape worth validating. */
export interface SyntaxProblem extends Position {
  readonly pointer: string
  readonly message: string
}

// Strict JSON: the spec is JSON, not JSONC, so other tools can read it.
const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false }

/**
 * Deepest nesting of arrays and objects read. A valid spec needs fewer than 10 levels; jsonc-parser,
 * JSON Schema validation and the walks over the document recurse once per level, and a document
 * nested a few thousand levels deep would exhaust the stack (an internal error instead of exit 2).
 */
export const MAX_SPEC_NESTING = 64

/**
 * Maps JSON pointers of a parsed document back to line and column, through jsonc-parser's
 * syntax tree (JSON.parse keeps no positions).
 */
export class SourcePositions {
  readonly #text: string
  readonly #root: Node | undefined
  readonly #lineStarts: number[]
  readonly #tooDeepAt: number | undefined
  readonly #properties = new WeakMap<Node, Map<unknown, Node>>()

  constructor(text: string) {
    this.#text = text
    this.#lineStarts = [0]
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.#lineStarts.push(i + 1)
    this.#tooDeepAt = nestingLimitExceededAt(text, MAX_SPEC_NESTING)
    // Too deep for the recursive tree parser: no tree, and the caller stops at tooDeep().
    this.#root = this.#tooDeepAt === undefined ? parseTree(text, [], STRICT) : undefined
  }

  /** The array or object that opens level MAX_SPEC_NESTING + 1, if the text nests that deep. */
  tooDeep(): SyntaxProblem | undefined {
    if (this.#tooDeepAt === undefined) return undefined
    return {
      pointer: '',
      message: `arrays and objects nested more than ${MAX_SPEC_NESTING} levels deep; a valid spec needs fewer than 10`,
      ...this.positionOf(this.#tooDeepAt),
    }
  }

  /** Line and column of a character offset. */
  positionOf(offset: number): Position {
    let low = 0
    let high = this.#lineStarts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if ((this.#lineStarts[mid] ?? 0) <= offset) low = mid
      else high = mid - 1
    }
    return { line: low + 1, column: offset - (this.#lineStarts[low] ?? 0) + 1 }
  }

  /**
   * Where the value at `pointer` starts (or its property key, with `atKey`). A pointer that goes
   * deeper than the document resolves to the deepest node that exists.
   */
  locate(pointer: string, atKey = false): Position {
    let node = this.#root
    let keyNode: Node | undefined
    for (const token of parsePointer(pointer)) {
      if (node?.type === 'object') {
        const property = this.#propertiesOf(node).get(token)
        if (property === undefined) break
        keyNode = property.children?.[0]
        node = property.children?.[1]
      } else if (node?.type === 'array') {
        const item = node.children?.[Number(token)]
        if (item === undefined) break
        keyNode = undefined
        node = item
      } else {
        break
      }
    }
    const target = atKey && keyNode !== undefined ? keyNode : node
    return this.positionOf(target?.offset ?? 0)
  }

  /**
   * An object's properties by name, built once per object: finding each of 20,000 problems in one
   * object by a linear search was quadratic. The last of duplicate properties wins, as in JSON.parse.
   */
  #propertiesOf(node: Node): Map<unknown, Node> {
    let properties = this.#properties.get(node)
    if (properties === undefined) {
      properties = new Map((node.children ?? []).map((p) => [p.children?.[0]?.value, p]))
      this.#properties.set(node, properties)
    }
    return properties
  }

  /** Properties written twice in one object: JSON.parse silently keeps the last one. */
  duplicateKeys(): SyntaxProblem[] {
    const problems: SyntaxProblem[] = []
    const walk = (node: Node, path: (string | number)[]): void => {
      if (node.type === 'object') {
        const seen = new Set<string>()
        for (const property of node.children ?? []) {
          const [key, value] = property.children ?? []
          if (key === undefined || typeof key.value !== 'string') continue
          if (seen.has(key.value)) {
            problems.push({
              pointer: toPointer([...path, key.value]),
              message: `duplicate property "${key.value}": JSON keeps only the last one`,
              ...this.positionOf(key.offset),
            })
          }
          seen.add(key.value)
          if (value !== undefined) walk(value, [...path, key.value])
        }
      } else if (node.type === 'array') {
        node.children?.forEach((item, i) => walk(item, [...path, i]))
      }
    }
    if (this.#root !== undefined) walk(this.#root, [])
    return problems
  }

  /**
   * The first syntax error of a document JSON.parse rejected, with its position. Only the first:
   * after it, a parser's guesses about the rest are mostly noise.
   */
  syntaxError(fallbackMessage: string): SyntaxProblem {
    const errors: ParseError[] = []
    parse(this.#text, errors, STRICT)
    const first = errors[0]
    if (first === undefined) {
      // JSON.parse is stricter than the tree parser in a few corners (control characters in strings).
      const offset = /at position (\d+)/.exec(fallbackMessage)?.[1]
      return { pointer: '', message: `invalid JSON: ${fallbackMessage}`, ...this.positionOf(offset === undefined ? 0 : Number(offset)) }
    }
    const trailingComma = this.#trailingCommaBefore(first.offset)
    if (trailingComma !== undefined) {
      return { pointer: '', message: 'invalid JSON: trailing comma (JSON allows no comma after the last item)', ...this.positionOf(trailingComma) }
    }
    return {
      pointer: '',
      message: `invalid JSON: ${describeParseError(printParseErrorCode(first.error), this.#text, first.offset)}`,
      ...this.positionOf(first.offset),
    }
  }

  #trailingCommaBefore(offset: number): number | undefined {
    const next = this.#text[offset]
    if (next !== '}' && next !== ']') return undefined
    let i = offset - 1
    while (i >= 0 && /\s/.test(this.#text[i] ?? '')) i--
    return this.#text[i] === ',' ? i : undefined
  }
}

/**
 * Offset of the first `[` or `{` deeper than `limit`, skipping strings; one linear pass, no
 * recursion, and run before any parser so that malformed text is measured too.
 */
function nestingLimitExceededAt(text: string, limit: number): number | undefined {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++
    } else if (c === '[' || c === '{') {
      if (++depth > limit) return i
    } else if (c === ']' || c === '}') {
      depth--
    }
  }
  return undefined
}

function describeParseError(code: ReturnType<typeof printParseErrorCode>, text: string, offset: number): string {
  const found = offset >= text.length ? 'the end of the file' : `${JSON.stringify(text.slice(offset, offset + 10))}`
  switch (code) {
    case 'PropertyNameExpected':
      return `expected a property name in double quotes, found ${found}`
    case 'ValueExpected':
      return text.trim() === '' ? 'the file is empty' : `expected a value, found ${found}`
    case 'ColonExpected':
      return `expected ":" after the property name, found ${found}`
    case 'CommaExpected':
      return `expected "," between items, found ${found}`
    case 'CloseBraceExpected':
      return `expected "}" to close the object, found ${found}`
    case 'CloseBracketExpected':
      return `expected "]" to close the array, found ${found}`
    case 'EndOfFileExpected':
      return `unexpected text after the end of the document: ${found}`
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return 'comments are not allowed in JSON'
    case 'UnexpectedEndOfString':
      return 'unterminated string'
    case 'InvalidSymbol':
      return `unexpected ${found} (strings and property names need double quotes)`
    case 'InvalidNumberFormat':
    case 'UnexpectedEndOfNumber':
      return 'invalid number'
    case 'InvalidUnicode':
    case 'InvalidEscapeCharacter':
      return 'invalid escape sequence in string'
    case 'InvalidCharacter':
      return 'invalid character in string (control characters must be escaped)'
    case '<unknown ParseErrorCode>':
      return `syntax error at ${found}`
  }
}
