import { createRequire } from 'node:module'
import type { Node, ParseError, printParseErrorCode } from 'jsonc-parser'
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

/**
 * jsonc-parser, loaded on first use: only a spec with a syntax error or a duplicate key needs a
 * syntax tree, and importing it costs every run of the CLI about 30 ms.
 */
function jsonc(): typeof import('jsonc-parser') {
  return createRequire(import.meta.url)('jsonc-parser') as typeof import('jsonc-parser')
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
 * Maps JSON pointers of a document to line and column (JSON.parse keeps no positions). Nothing is
 * built up front: a valid spec of 40 MB is never read twice unless something needs a position.
 * locateAll() reads the text once for every pointer asked for, so the comparer locates all its
 * findings in one pass; the shape pass (nesting depth and property count) runs once, at load.
 */
export class SourcePositions {
  readonly #text: string
  #lineStarts: number[] | undefined

  constructor(text: string) {
    this.#text = text
  }

  /** The array or object that opens level MAX_SPEC_NESTING + 1, if the text nests that deep. */
  tooDeep(): SyntaxProblem | undefined {
    const tooDeepAt = nestingLimitExceededAt(this.#text, MAX_SPEC_NESTING)
    if (tooDeepAt === undefined) return undefined
    return {
      pointer: '',
      message: `arrays and objects nested more than ${MAX_SPEC_NESTING} levels deep; a valid spec needs fewer than 10`,
      ...this.positionOf(tooDeepAt),
    }
  }

  /** Line and column of a character offset. */
  positionOf(offset: number): Position {
    const lineStarts = this.#lineStartsOfText()
    let low = 0
    let high = lineStarts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if ((lineStarts[mid] ?? 0) <= offset) low = mid
      else high = mid - 1
    }
    return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 }
  }

  /** locateAll() for one pointer. */
  locate(pointer: string, atKey = false): Position {
    return this.locateAll([pointer], atKey).get(pointer) ?? this.positionOf(0)
  }

  /**
   * Where the value at each pointer starts (or its property key, with `atKey`), in one pass over
   * the text. A pointer that goes deeper than the document resolves to the deepest node that
   * exists. Only for text that JSON.parse accepted and that is not too deep.
   */
  locateAll(pointers: Iterable<string>, atKey = false): Map<string, Position> {
    const root: PointerTrie = { children: new Map() }
    const paths = new Map<string, PointerTrie[]>()
    for (const pointer of pointers) {
      if (paths.has(pointer)) continue
      const path: PointerTrie[] = [root]
      let node = root
      for (const token of parsePointer(pointer)) {
        let child = node.children.get(token)
        if (child === undefined) node.children.set(token, (child = { children: new Map() }))
        path.push((node = child))
      }
      paths.set(pointer, path)
    }
    // Nothing asked (a check without findings): no need to read the text.
    if (paths.size > 0) new OffsetScanner(this.#text).scanDocument(root)
    const positions = new Map<string, Position>()
    for (const [pointer, path] of paths) {
      // The deepest node of the path that the document has.
      let found: PointerTrie = root
      for (const node of path) {
        if (node.valueOffset === undefined) break
        found = node
      }
      const offset = atKey && found.keyOffset !== undefined ? found.keyOffset : (found.valueOffset ?? 0)
      positions.set(pointer, this.positionOf(offset))
    }
    return positions
  }

  /**
   * What is wrong with a document JSON.parse accepted, before anything walks it: arrays and
   * objects nested deeper than MAX_SPEC_NESTING (the walks recurse once per level), else the
   * properties written twice in one object (JSON.parse silently keeps the last one).
   */
  problemsOfParsed(document: unknown): { readonly isTooDeep: boolean; readonly problems: SyntaxProblem[] } {
    const propertyCount = countProperties(document, MAX_SPEC_NESTING)
    if (propertyCount < 0) {
      const tooDeep = this.tooDeep() ?? { pointer: '', message: `arrays and objects nested more than ${MAX_SPEC_NESTING} levels deep`, line: 1, column: 1 }
      return { isTooDeep: true, problems: [tooDeep] }
    }
    return { isTooDeep: false, problems: propertyCount === countPropertyKeys(this.#text) ? [] : this.#duplicateKeys() }
  }

  /** Properties written twice in one object, found through a syntax tree of the whole text. */
  #duplicateKeys(): SyntaxProblem[] {
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
    const root = jsonc().parseTree(this.#text, [], STRICT)
    if (root !== undefined) walk(root, [])
    return problems
  }

  /**
   * The first syntax error of a document JSON.parse rejected, with its position. Only the first:
   * after it, a parser's guesses about the rest are mostly noise.
   */
  syntaxError(fallbackMessage: string): SyntaxProblem {
    const errors: ParseError[] = []
    const { parse, printParseErrorCode } = jsonc()
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

  #lineStartsOfText(): number[] {
    if (this.#lineStarts === undefined) {
      const text = this.#text
      const lineStarts = [0]
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1)
      this.#lineStarts = lineStarts
    }
    return this.#lineStarts
  }
}

/** The pointers asked for, as a tree of reference tokens; the scan fills in the offsets it meets. */
interface PointerTrie {
  readonly children: Map<string, PointerTrie>
  /** Where the value starts; undefined while the document has not shown this node. */
  valueOffset?: number
  /** Where its property key starts (the opening quote); undefined for array items and the root. */
  keyOffset?: number
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COLON = 0x3a
const COMMA = 0x2c
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d

/**
 * The keys of the object under the top-level property `property` (the last one of that name, as
 * JSON.parse keeps), read from the text without parsing it: a check needs the spec's schemas
 * before anything else, and this takes a fraction of the time JSON.parse does. Undefined when
 * the text is not an object, has no such object, or is not well-formed as far as this reading
 * goes (JSON.parse then says what is wrong).
 */
export function keysOfTopLevelObject(text: string, property: string): string[] | undefined {
  try {
    return new OffsetScanner(text).keysOfTopLevelObject(property)
  } catch (error) {
    if (error instanceof NotPlainJson) return undefined
    throw error
  }
}

/** What OffsetScanner throws at text it cannot read. */
class NotPlainJson extends Error {}

/**
 * A recursive-descent reader of JSON text that records where the nodes of a PointerTrie start
 * and skips every subtree the trie does not ask about without looking inside. Recursion follows
 * the trie, which is as deep as the deepest pointer asked for. Made for text JSON.parse accepted;
 * on other text it throws NotPlainJson rather than reading past the end.
 */
class OffsetScanner {
  readonly #text: string
  #at = 0

  constructor(text: string) {
    this.#text = text
  }

  keysOfTopLevelObject(property: string): string[] | undefined {
    let keys: string[] | undefined
    this.#skipSpace()
    this.#expect(OPEN_BRACE)
    this.#skipSpace()
    if (this.#text.charCodeAt(this.#at) === CLOSE_BRACE) return undefined
    for (;;) {
      const key = this.#string()
      this.#skipSpace()
      this.#expect(COLON)
      this.#skipSpace()
      if (key === property) keys = this.#keysOfObject()
      else this.#skipValue()
      this.#skipSpace()
      if (this.#text.charCodeAt(this.#at) !== COMMA) break
      this.#at++
      this.#skipSpace()
    }
    this.#expect(CLOSE_BRACE)
    this.#skipSpace()
    if (this.#at !== this.#text.length) throw new NotPlainJson()
    return keys
  }

  #keysOfObject(): string[] | undefined {
    if (this.#text.charCodeAt(this.#at) !== OPEN_BRACE) {
      this.#skipValue()
      return undefined
    }
    this.#at++
    this.#skipSpace()
    const keys: string[] = []
    if (this.#text.charCodeAt(this.#at) === CLOSE_BRACE) {
      this.#at++
      return keys
    }
    for (;;) {
      keys.push(this.#string())
      this.#skipSpace()
      this.#expect(COLON)
      this.#skipSpace()
      this.#skipValue()
      this.#skipSpace()
      if (this.#text.charCodeAt(this.#at) !== COMMA) break
      this.#at++
      this.#skipSpace()
    }
    this.#expect(CLOSE_BRACE)
    return keys
  }

  #expect(code: number): void {
    if (this.#text.charCodeAt(this.#at) !== code) throw new NotPlainJson()
    this.#at++
  }

  scanDocument(root: PointerTrie): void {
    this.#skipSpace()
    this.#value(root)
  }

  /** Reads the value at the cursor, recording `node`'s offset and those of its children. */
  #value(node: PointerTrie): void {
    node.valueOffset = this.#at
    if (node.children.size === 0) return this.#skipValue()
    const c = this.#text.charCodeAt(this.#at)
    if (c === OPEN_BRACE) this.#object(node)
    else if (c === OPEN_BRACKET) this.#array(node)
    else this.#skipValue()
  }

  #object(node: PointerTrie): void {
    this.#at++ // {
    this.#skipSpace()
    if (this.#text.charCodeAt(this.#at) === CLOSE_BRACE) {
      this.#at++
      return
    }
    for (;;) {
      const keyOffset = this.#at
      const key = this.#string()
      this.#skipSpace()
      this.#at++ // :
      this.#skipSpace()
      const child = node.children.get(key)
      if (child === undefined) this.#skipValue()
      else {
        // A property written twice: the last one counts, as in JSON.parse.
        clearOffsets(child)
        child.keyOffset = keyOffset
        this.#value(child)
      }
      this.#skipSpace()
      if (this.#text.charCodeAt(this.#at++) !== COMMA) return // }
      this.#skipSpace()
    }
  }

  #array(node: PointerTrie): void {
    this.#at++ // [
    this.#skipSpace()
    if (this.#text.charCodeAt(this.#at) === CLOSE_BRACKET) {
      this.#at++
      return
    }
    for (let index = 0; ; index++) {
      const child = node.children.get(String(index))
      if (child === undefined) this.#skipValue()
      else this.#value(child)
      this.#skipSpace()
      if (this.#text.charCodeAt(this.#at++) !== COMMA) return // ]
      this.#skipSpace()
    }
  }

  /** Reads a string token and returns its value (decoded only when it holds escapes). */
  #string(): string {
    const start = this.#at
    if (this.#text.charCodeAt(start) !== QUOTE) throw new NotPlainJson()
    this.#skipString()
    const raw = this.#text.slice(start + 1, this.#at - 1)
    if (!raw.includes('\\')) return raw
    try {
      return JSON.parse(`"${raw}"`) as string
    } catch {
      throw new NotPlainJson() // an invalid escape
    }
  }

  #skipString(): void {
    const text = this.#text
    let i = this.#at + 1
    for (;;) {
      const c = text.charCodeAt(i++)
      if (c === QUOTE) break
      if (c === BACKSLASH) i++
      else if (Number.isNaN(c)) throw new NotPlainJson() // the text ends inside the string
    }
    this.#at = i
  }

  /** Moves past the value at the cursor: one loop that counts brackets, no recursion. */
  #skipValue(): void {
    const text = this.#text
    let depth = 0
    for (;;) {
      const c = text.charCodeAt(this.#at)
      if (c === QUOTE) {
        this.#skipString()
        if (depth === 0) return
        continue
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (depth === 0) return // the end of the enclosing container: a scalar ended just before
        if (--depth === 0) {
          this.#at++
          return
        }
      } else if (depth === 0 && (c === COMMA || isSpace(c) || Number.isNaN(c))) return
      else if (Number.isNaN(c)) throw new NotPlainJson() // the text ends inside an array or object
      this.#at++
    }
  }

  #skipSpace(): void {
    while (isSpace(this.#text.charCodeAt(this.#at))) this.#at++
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
}

function clearOffsets(node: PointerTrie): void {
  if (node.valueOffset === undefined) return
  node.valueOffset = undefined
  node.keyOffset = undefined
  for (const child of node.children.values()) clearOffsets(child)
}

/**
 * Offset of the first `[` or `{` deeper than `limit`, skipping strings; one linear pass, no
 * recursion, so that text too deep for a parser is measured too.
 */
function nestingLimitExceededAt(text: string, limit: number): number | undefined {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) if (text.charCodeAt(i) === BACKSLASH) i++
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return i
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--
    }
  }
  return undefined
}

/**
 * The properties of a parsed document (JSON.parse keeps one of each duplicate), or -1 when it
 * nests deeper than `limit`: the walk stops there, so it recurses at most `limit` levels.
 */
function countProperties(value: unknown, limit: number, depth = 0): number {
  if (typeof value !== 'object' || value === null) return 0
  if (depth >= limit) return -1
  let count = 0
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      const inner = countProperties(item, limit, depth + 1)
      if (inner < 0) return -1
      count += inner
    }
  } else {
    for (const key in value) {
      const inner = countProperties((value as Record<string, unknown>)[key], limit, depth + 1)
      if (inner < 0) return -1
      count += 1 + inner
    }
  }
  return count
}

/**
 * Property keys in JSON text: colons right after a closing quote (an escaped quote is part of a
 * string). Never fewer than the keys written, and more only when a string starts with a colon,
 * so an equal count from the parsed document means no key was written twice. A loop over
 * indexOf, far faster than reading every character.
 */
function countPropertyKeys(text: string): number {
  let count = 0
  for (let colon = text.indexOf(':'); colon !== -1; colon = text.indexOf(':', colon + 1)) {
    let i = colon - 1
    while (isSpace(text.charCodeAt(i))) i--
    if (text.charCodeAt(i) !== QUOTE) continue
    let backslashes = 0
    while (text.charCodeAt(i - 1 - backslashes) === BACKSLASH) backslashes++
    if (backslashes % 2 === 0) count++
  }
  return count
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
