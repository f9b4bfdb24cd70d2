/**
 * Fuzz tests of spec loading and canonicalisation, with fast-check: fixed seeds and a bounded
 * number of runs, so every run tries the same cases and a failure reproduces (fast-check prints
 * the seed, the path and the shrunk counterexample). What must hold:
 * - loadSpec either succeeds or throws a SpecError (exit 2), never anything else;
 * - the canonicalisers return, or the tokenizer/parser throw their own errors; never a
 *   RangeError or a TypeError; and canonicalExpression() is idempotent;
 * - inputs with a run of one repeated piece, 10,000 to 100,000 characters long, finish: a super-linear regular
 *   expression or recursion would hang or overflow here.
 * Nothing asserts on time; the slowest case of each property is printed after the run, with the
 * number of cases and the seed.
 */
import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import fc from 'fast-check'
import { ExitCode, SpecError } from '../../src/errors.js'
import { canonicalExpression, type ExpressionContext } from '../../src/model/canonical-expression.js'
import { ExpressionParser } from '../../src/model/canonical-parser.js'
import { canonicalType } from '../../src/model/canonical-type.js'
import { SqlParseError } from '../../src/model/sql-token-cursor.js'
import { SqlTokenError, tokenize, type Token } from '../../src/model/sql-tokens.js'
import { canonicalIndexKey, splitIndexKey } from '../../src/spec/canonical-index-key.js'
import { loadSpec } from '../../src/spec/load-spec.js'
import { canonicalFunctionName, canonicalReturnType } from '../../src/spec/spec-to-model.js'

const SEED = 20_251_202
const ROOT = new URL('../../../', import.meta.url)
const FIXTURES = {
  'valid.json': readFileSync(new URL('test/fixtures/specs/valid.json', ROOT), 'utf8'),
  'expected-schema.json': readFileSync(new URL('expected-schema.json', ROOT), 'utf8'),
}

/** What one property tried, for the closing note. */
interface FuzzRun {
  readonly name: string
  runs: number
  slowestMs: number
  slowestInput: string
}

const runs: FuzzRun[] = []

/** Wraps a check so that its cases are counted and the slowest one is remembered (reported, never asserted). */
function timed<A extends unknown[], R>(name: string, check: (...args: A) => R): (...args: A) => R {
  const run: FuzzRun = { name, runs: 0, slowestMs: 0, slowestInput: '' }
  runs.push(run)
  return (...args: A): R => {
    const started = performance.now()
    const settle = (): void => {
      const ms = performance.now() - started
      run.runs++
      if (ms > run.slowestMs) Object.assign(run, { slowestMs: ms, slowestInput: preview(args) })
    }
    const result = check(...args)
    if (result instanceof Promise) return result.finally(settle) as R
    settle()
    return result
  }
}

function preview(args: readonly unknown[]): string {
  const text = JSON.stringify(args.length === 1 ? args[0] : args) ?? String(args)
  return text.length > 70 ? `${text.slice(0, 70)}… (${text.length} chars)` : text
}

/** SQL-ish pieces: tokens of every kind, their broken halves, keywords the parser special-cases, names that are Object.prototype members. */
const SQL_PIECES = [
  ' ',
  '  ',
  '\n',
  '\t',
  '(',
  ')',
  '[',
  ']',
  ',',
  '.',
  ';',
  ':',
  '::',
  "'",
  "''",
  '"',
  '""',
  '$',
  '$$',
  '$a$',
  '$1',
  "E'",
  '\\',
  '\\\\',
  '\\x4',
  '\\u00e9',
  '\\U00110000',
  'U&',
  "B'01'",
  "X'1f'",
  '/*',
  '*/',
  '--',
  '\u0000',
  'é',
  '\u00a0',
  '0',
  '1',
  '42',
  '1.5',
  '.5',
  '1e3',
  '1e-3',
  'e',
  '0x',
  '0x1f',
  '_',
  '0b',
  '0o7',
  '1_000',
  '1e999999',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '<',
  '>',
  '=',
  '<>',
  '!=',
  '~',
  '!',
  '@',
  '#',
  '&',
  '|',
  '||',
  '?',
  '`',
  'a',
  'b',
  'x',
  'Name',
  'email',
  'status',
  'public',
  'app',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'AND',
  'OR',
  'NOT',
  'IS',
  'NULL',
  'ISNULL',
  'NOTNULL',
  'TRUE',
  'false',
  'DISTINCT',
  'FROM',
  'IN',
  'LIKE',
  'ILIKE',
  'SIMILAR',
  'TO',
  'ESCAPE',
  'BETWEEN',
  'SYMMETRIC',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'ARRAY',
  'ROW',
  'CAST',
  'AS',
  'EXTRACT',
  'COLLATE',
  'AT',
  'TIME',
  'ZONE',
  'ANY',
  'ALL',
  'SOME',
  'SELECT',
  'VALUES',
  'ASC',
  'DESC',
  'NULLS',
  'FIRST',
  'LAST',
  'current_timestamp',
  'now()',
  'nextval',
  'regclass',
  'coalesce',
  'substring',
  'trim',
  'position',
  'overlay',
  'both',
  'for',
  'int',
  'integer',
  'varchar',
  'character',
  'varying',
  'double',
  'precision',
  'numeric',
  'timestamp',
  'with',
  'without',
  'interval',
  'year',
  'second',
  'bit',
  'national',
  'serial',
  'setof',
  'table',
  'text',
  'boolean',
  'float',
  '[]',
]

const sqlish = fc.array(fc.constantFrom(...SQL_PIECES), { maxLength: 30 }).map((pieces) => pieces.join(''))
const spacedSqlish = fc.array(fc.constantFrom(...SQL_PIECES), { maxLength: 30 }).map((pieces) => pieces.join(' '))
const anySql = fc.oneof(sqlish, spacedSqlish, fc.string({ unit: 'binary', maxLength: 40 }))

/** Pieces whose long runs made a regular expression or a recursion blow up, or could. */
const RUN_PIECES = [
  ' ',
  '\n',
  '\t ',
  '(',
  ')',
  '[',
  ']',
  '-',
  '- ',
  '+a',
  ' AND a',
  ' OR (a)',
  'NOT ',
  'f(',
  '::int',
  '[1]',
  ' IS NULL',
  'CASE WHEN a THEN ',
  ' COLLATE c',
  '0',
  '00',
  '1',
  '_',
  "'",
  "''",
  "\n'a'",
  '"',
  '""',
  '\\',
  "E'\\\\",
  ' DESC',
  ' nulls',
  ' nulls first',
  '/*',
  '*/',
  '--',
  '$',
  '$$',
  '.',
  'a.',
  'e',
  'é',
  '\u0000',
  '"a"',
  ' ( ) ',
]
/** A recipe rather than the text itself, so that a failure prints in one line rather than 100,000 characters. */
const longRun = fc.record({ before: sqlish, piece: fc.constantFrom(...RUN_PIECES), length: fc.integer({ min: 10_000, max: 100_000 }), after: sqlish })
const longRunText = ({ before, piece, length, after }: { before: string; piece: string; length: number; after: string }): string =>
  `${before}${piece.repeat(Math.ceil(length / piece.length))}${after}`

const CONTEXTS: readonly ExpressionContext[] = [{}, { columnType: 'numeric' }, { columnType: 'boolean' }, { schema: 'app' }]

/** Every canonicaliser on one input: each must return; only the tokenizer and parser may throw, and only their own errors. */
function canonicaliseEverything(sql: string, contexts = CONTEXTS, checkIdempotence = true): void {
  let tokens: Token[] | undefined
  try {
    tokens = tokenize(sql)
  } catch (error) {
    expect(error).to.be.instanceOf(SqlTokenError)
  }
  if (tokens !== undefined && tokens.length > 0) {
    try {
      new ExpressionParser(tokens, sql).parseWhole()
    } catch (error) {
      expect(error).to.be.instanceOf(SqlParseError)
    }
  }
  for (const context of contexts) {
    const canonical = canonicalExpression(sql, context)
    expect(canonical).to.be.a('string')
    // Idempotent, as documented: the canonical text is its own canonical text.
    if (checkIdempotence) expect(canonicalExpression(canonical, context)).to.equal(canonical)
  }
  const type = canonicalType(sql)
  expect(type.type).to.be.a('string')
  expect(type.isSerial).to.be.a('boolean')
  expect(canonicalIndexKey(sql)).to.be.a('string')
  expect(sql.trim().startsWith(splitIndexKey(sql).base)).to.equal(true)
  expect(canonicalFunctionName(sql)).to.be.a('string')
  expect(canonicalReturnType(sql)).to.be.a('string')
}

/** loadSpec on text: a loaded spec, or a SpecError with exit 2 and at least one problem; anything else fails the property. */
async function loadOrSpecError(text: string): Promise<void> {
  try {
    await loadSpec('fuzz.json', { readFile: () => Promise.resolve(text) })
  } catch (error) {
    if (!(error instanceof SpecError)) throw error
    expect(error.exitCode).to.equal(ExitCode.usage)
    expect(error.problems).not.to.be.empty
  }
}

// ---- Mutations of real specs -------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Path = readonly (string | number)[]

/** Paths to every value of a document (the root included). */
function pathsOf(value: Json, path: Path = []): Path[] {
  const paths: Path[] = [path]
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...pathsOf(item, [...path, i])))
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...path, key]))
  return paths
}

interface Mutation {
  readonly kind: 'replace' | 'rename' | 'delete' | 'insert'
  readonly at: number
  readonly value: Json
  readonly key: string
}

/** Applies a mutation to a copy, at the path with index `at` (modulo the number of paths); skips it where it does not apply. */
function mutate(document: Json, paths: readonly Path[], mutation: Mutation): Json {
  const copy = structuredClone(document)
  const path = paths[mutation.at % paths.length] ?? []
  if (path.length === 0) return mutation.kind === 'replace' ? mutation.value : copy
  let parent: Json = copy
  for (const token of path.slice(0, -1)) {
    const next: Json | undefined = Array.isArray(parent)
      ? parent[token as number]
      : parent !== null && typeof parent === 'object'
        ? parent[token as string]
        : undefined
    if (next === undefined) return copy
    parent = next
  }
  const last = path[path.length - 1] as string | number
  if (Array.isArray(parent)) {
    const i = last as number
    if (mutation.kind === 'replace' || mutation.kind === 'rename') parent[i] = mutation.value
    else if (mutation.kind === 'delete') parent.splice(i, 1)
    else parent.splice(i, 0, mutation.value)
  } else if (parent !== null && typeof parent === 'object') {
    const key = last as string
    const value = parent[key] as Json
    if (mutation.kind === 'replace') parent[key] = mutation.value
    else if (mutation.kind === 'delete') delete parent[key]
    else if (mutation.kind === 'rename') {
      delete parent[key]
      parent[mutation.key] = value
    } else parent[mutation.key] = mutation.value
  }
  return copy
}

/** Names and values PostgreSQL or the loader might choke on. */
const hostileString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    'a\nb',
    '__proto__',
    'constructor',
    'toString',
    'public',
    'serial',
    'constructor[]',
    'n'.repeat(63),
    'n'.repeat(64),
    'é'.repeat(32),
    '"quoted"',
    'lower(email) DESC NULLS FIRST',
    'now()',
    '1e999999999',
    "E'\\U00110000'",
    '0x_',
    "nextval('users_id_seq'::regclass)",
    'a.b.c',
    'f()',
    'SETOF int',
    'TABLE(a int)',
    '\uFEFF',
    '\u2028',
  ),
  anySql,
  fc.tuple(fc.constantFrom(' ', '(', '0', '- ', 'a', '[', '"'), fc.integer({ min: 100, max: 5_000 })).map(([piece, n]) => piece.repeat(n)),
)
/**
 * A value nested up to 3,000 levels deep, as a placeholder string that serialize() expands: the
 * test's own structuredClone, and fast-check's printing of a counterexample, recurse too.
 */
const nested = fc.tuple(fc.constantFrom('array', 'object'), fc.integer({ min: 1, max: 3_000 })).map(([kind, n]) => `\u0001${kind} nested ${n} deep\u0001`)
const NESTED_PLACEHOLDER = /"\\u0001(array|object) nested (\d+) deep\\u0001"/g

/** The document as spec text, placeholders expanded. */
function serialize(document: Json): string {
  return JSON.stringify(document, null, 2).replace(NESTED_PLACEHOLDER, (_, kind: string, n: string) => {
    const [open, close] = kind === 'array' ? ['[', ']'] : ['{"a":', '}']
    return `${open.repeat(Number(n))}1${close.repeat(Number(n))}`
  })
}
const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  { weight: 1, arbitrary: nested },
  { weight: 1, arbitrary: fc.constantFrom<Json>(null, true, 0, -1, 1e308, [], {}, ['a', 'a'], { name: 'x' }) },
)
const mutation = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('replace', 'rename', 'delete', 'insert'),
  at: fc.nat(),
  value: hostileValue,
  key: fc.oneof(hostileString, fc.constantFrom('schemas', 'tables', 'columns', 'type', 'default', 'indexes', 'name', 'references', 'values')),
})

/** Character-level edits of spec text: what a careless editor or a broken generator leaves behind. */
const textEdit = fc.record({
  at: fc.nat(),
  remove: fc.integer({ min: 0, max: 3 }),
  insert: fc
    .array(fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', '\\u0000', '\u0000', ' ', '\n', 'a', '0', '-', 'e', 'null', 'é', '/*'), { maxLength: 4 })
    .map((s) => s.join('')),
})

describe('fuzz: hostile input', function () {
  // A guard against hangs, not a measurement: the whole file takes seconds.
  this.timeout(120_000)

  after(() => {
    for (const run of runs) {
      console.log(`      fuzz ${run.name}: ${run.runs} cases, seed ${SEED}, slowest ${run.slowestMs.toFixed(1)} ms: ${run.slowestInput}`)
    }
  })

  describe('spec loading: succeeds or throws a SpecError, never anything else', () => {
    it('random JSON documents', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.jsonValue({ maxDepth: 6 }),
          timed('loadSpec(random JSON)', (value) => loadOrSpecError(JSON.stringify(value))),
        ),
        { seed: SEED, numRuns: 200 },
      )
    })

    for (const [name, text] of Object.entries(FIXTURES)) {
      it(`mutations of ${name}`, async () => {
        const document = JSON.parse(text) as Json
        const paths = pathsOf(document)
        await fc.assert(
          fc.asyncProperty(
            fc.array(mutation, { minLength: 1, maxLength: 3 }),
            timed(`loadSpec(mutated ${name})`, (mutations) => {
              const mutated = mutations.reduce((doc, m) => mutate(doc, paths, m), document)
              return loadOrSpecError(serialize(mutated))
            }),
          ),
          { seed: SEED, numRuns: 150 },
        )
      })

      it(`character edits of ${name}`, async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.array(textEdit, { minLength: 1, maxLength: 3 }),
            timed(`loadSpec(edited ${name})`, (edits) => {
              const edited = edits.reduce((t, e) => {
                const at = e.at % (t.length + 1)
                return t.slice(0, at) + e.insert + t.slice(at + e.remove)
              }, text)
              return loadOrSpecError(edited)
            }),
          ),
          { seed: SEED, numRuns: 150 },
        )
      })
    }
  })

  describe("canonicalisation: returns, or throws the tokenizer's and parser's own errors", () => {
    it('random SQL-ish strings', () => {
      fc.assert(
        fc.property(
          anySql,
          timed('canonicalisers(random SQL-ish)', (sql) => canonicaliseEverything(sql)),
        ),
        { seed: SEED, numRuns: 1_000 },
      )
    })

    it('long runs of one piece (10,000 to 100,000 characters) finish', () => {
      // Two contexts suffice here: the numeric one is the only one with its own code path (zeros).
      const contexts = [{}, { columnType: 'numeric' }]
      fc.assert(
        fc.property(
          longRun,
          timed('canonicalisers(long runs)', (recipe) => canonicaliseEverything(longRunText(recipe), contexts, false)),
        ),
        { seed: SEED, numRuns: 40 },
      )
    })
  })
})
