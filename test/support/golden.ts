/**
 * Golden files: a rendered report is compared, byte for byte, with a file checked in under
 * test/golden/, so a change of wording or payload shows up in review as a diff of that file.
 * `UPDATE_GOLDEN=1` (re)writes the files instead of comparing; without it a missing or different
 * file fails the test. Fields that change between runs (clock, versions, temporary paths) are
 * masked first by maskVolatile(), by structure for JSON and by one precise pattern for the table
 * header; findings are never masked.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'chai'

export interface GoldenOptions {
  /** The folder that holds the golden files (default: test/golden/ in the source tree). */
  readonly root?: string
  /** Write the file instead of comparing (default: the environment variable UPDATE_GOLDEN is `1`). */
  readonly isUpdate?: boolean
}

/**
 * The repository root, found by walking up from this module to the folder with package.json: the
 * tests run from dist/test/, but the golden files live (and are reviewed) in the source tree.
 */
export function repositoryRoot(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url))
  while (!existsSync(path.join(directory, 'package.json'))) {
    const parent = path.dirname(directory)
    if (parent === directory) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`)
    directory = parent
  }
  return directory
}

export const GOLDEN_ROOT = path.join(repositoryRoot(), 'test', 'golden')

/** Passes when `actual` equals test/golden/<relativePath> exactly; with UPDATE_GOLDEN=1 writes it and passes. */
export function expectGolden(relativePath: string, actual: string, options: GoldenOptions = {}): void {
  const root = options.root ?? GOLDEN_ROOT
  const isUpdate = options.isUpdate ?? process.env.UPDATE_GOLDEN === '1'
  const file = path.join(root, relativePath)
  if (isUpdate) {
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, actual)
    return
  }
  const shown = path.relative(process.cwd(), file) || file
  if (!existsSync(file)) {
    expect.fail(
      `golden file ${shown} does not exist; create it with: npm run build && UPDATE_GOLDEN=1 npx mocha <this test file in dist/>, then review and commit it`,
    )
  }
  // A checkout that turned LF into CRLF must not fail every golden test.
  const expected = readFileSync(file, 'utf8').replace(/\r\n/g, '\n')
  if (actual === expected) return
  expect.fail(
    `output differs from golden file ${shown} (- golden, + actual):\n${lineDiff(expected, actual)}\nIf the change is intended, rewrite the file with UPDATE_GOLDEN=1 and review its diff.`,
  )
}

/**
 * The differing lines between two texts as one hunk, `-` golden and `+` actual, numbered by line,
 * with two lines of context: the common prefix and suffix are cut, which is exact for one change
 * and still points at the first difference for several.
 */
export function lineDiff(expected: string, actual: string): string {
  const a = expected.split('\n')
  const b = actual.split('\n')
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const limit = 40
  // Control characters (ANSI colour, a stray \r) are shown escaped, since they are invisible otherwise.
  const visible = (line: string): string => line.replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  const numbered = (sign: string, lines: readonly string[], from: number): string[] =>
    lines.map((line, i) => `${sign}${String(from + i + 1).padStart(5)} | ${visible(line)}`)
  const context = (lines: readonly string[], from: number): string[] => numbered(' ', lines, from)
  const removed = a.slice(start, endA)
  const added = b.slice(start, endB)
  const out = [
    ...context(a.slice(Math.max(0, start - 2), start), Math.max(0, start - 2)),
    ...numbered('-', removed.slice(0, limit), start),
    ...(removed.length > limit ? [`-  … ${removed.length - limit} more lines`] : []),
    ...numbered('+', added.slice(0, limit), start),
    ...(added.length > limit ? [`+  … ${added.length - limit} more lines`] : []),
    ...context(a.slice(endA, endA + 2), endA),
  ]
  return out.join('\n')
}

export type GoldenFormat = 'table' | 'json'

/** Stand-ins for the values that change between runs. */
export const MASK = {
  generatedAt: '<generated-at>',
  toolVersion: '<tool-version>',
  serverVersion: '<server-version>',
  timings: '<timings>',
} as const

/**
 * The header line of the table report: `verify-database <spec> → <target> (PGlite, PostgreSQL 17.5)`
 * (no PGlite part for a server). Only the version in parentheses is volatile.
 */
const TABLE_HEADER = /^(verify-database .+ → .+ \((?:PGlite, )?PostgreSQL )([^()\s]+)\)$/m

/**
 * Replaces what changes between runs: in JSON the top-level `generatedAt`, `tool.version`,
 * `target.serverVersion` and `timings` (when present), parsed and re-stringified with 2-space
 * indent; in a table the server version of the header line. `literals` are exact strings that
 * differ by machine (a temporary directory, the checkout path), replaced everywhere they occur
 * (in JSON, inside string values, so escaping cannot hide them).
 */
export function maskVolatile(text: string, format: GoldenFormat, literals: Readonly<Record<string, string>> = {}): string {
  const replaceLiterals = (value: string): string => Object.entries(literals).reduce((s, [literal, stand]) => s.replaceAll(literal, stand), value)
  if (format === 'table') {
    if (!TABLE_HEADER.test(text))
      throw new Error(
        `maskVolatile: no report header line matching ${String(TABLE_HEADER)} (update the pattern in test/support/golden.ts if the header changed):\n${text}`,
      )
    return replaceLiterals(text.replace(TABLE_HEADER, `$1${MASK.serverVersion})`))
  }
  const document = replaceStrings(JSON.parse(text), replaceLiterals)
  if (!isRecord(document)) throw new Error('maskVolatile: the JSON document is not an object')
  if ('generatedAt' in document) document.generatedAt = MASK.generatedAt
  if ('timings' in document) document.timings = MASK.timings
  if (isRecord(document.tool) && 'version' in document.tool) document.tool.version = MASK.toolVersion
  if (isRecord(document.target) && 'serverVersion' in document.target) document.target.serverVersion = MASK.serverVersion
  return `${JSON.stringify(document, null, 2)}\n`
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function replaceStrings(value: unknown, replace: (s: string) => string): unknown {
  if (typeof value === 'string') return replace(value)
  if (Array.isArray(value)) return value.map((item) => replaceStrings(item, replace))
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceStrings(item, replace)]))
  return value
}
