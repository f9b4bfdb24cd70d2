import { readFile as fsReadFile } from 'node:fs/promises'
import { SpecError, type SpecProblem } from '../errors.js'
import type { SpecLocation } from '../model/object-ref.js'
import type { SchemaModel } from '../model/schema-model.js'
import { rulesOf, suppressionProblems, type SuppressionRule } from '../gate/suppressions.js'
import { checkNameLengths, findNulCharacters } from './check-names.js'
import { checkReferences } from './check-references.js'
import { keysOfTopLevelObject, SourcePositions } from './source-positions.js'
import { specToModel } from './spec-to-model.js'
import type { Spec } from './spec-types.js'
import { validateSpecDocument } from './validate-spec.js'

/** A spec file that parsed, validated and turned into the expected model. */
export interface LoadedSpec {
  /** The path as given. */
  readonly file: string
  readonly spec: Spec
  /** The expected model; each object's `source` is the JSON pointer of its entry. */
  readonly model: SchemaModel
  /**
   * Where in the file each JSON pointer is (the nearest entry that exists), for findings to point
   * at; one read of the text for all of them.
   */
  readonly locateAll: (pointers: Iterable<string>) => Map<string, SpecLocation>
  /** The spec's suppression rules, each with its place in the file. */
  readonly suppressions: readonly SuppressionRule[]
  /** A spec made from an SQL script or another database, not written as JSON (see app/expected-schema.ts). */
  readonly origin?: SpecOrigin
}

/** Where a spec that was made came from, and what of its source could not be used. */
export interface SpecOrigin {
  readonly kind: 'sql' | 'database'
  /** An SQL script's statements PGlite could not run and that were left out. */
  readonly skipped: readonly SkippedStatement[]
}

/** A statement of an SQL spec that PGlite could not run and that was left out, and why. */
export interface SkippedStatement {
  /** 1-based line of the statement in the script. */
  readonly line: number
  /** The statement's start, on one line (at most 80 characters). */
  readonly statement: string
  /**
   * ownership / privileges: to a role PGlite does not have (neither is compared, so nothing is
   * lost); replication: a publication or subscription (not compared either); extension: one PGlite
   * does not ship; needs_extension: an object that uses it, which is then not checked.
   */
  readonly reason: 'ownership' | 'privileges' | 'replication' | 'extension' | 'needs_extension'
  /** For `extension` and `needs_extension`: which. */
  readonly extension?: string
}

export interface LoadSpecOptions {
  /** Reads the file (tests inject one); defaults to fs.readFile as UTF-8. */
  readonly readFile?: (path: string) => Promise<string>
}

/**
 * Reads, parses and validates an expected-schema.json and converts it into the expected model.
 * Every problem found is reported at once, as one SpecError (exit 2) whose problems each carry
 * the file, a JSON pointer and, when known, a 1-based line and column. The stages run in order
 * and each only on a document the previous one accepted: nesting depth and syntax, then JSON
 * Schema and NUL characters, then name lengths and references between objects (which need a
 * document of the right shape to be meaningful).
 */
export async function loadSpec(file: string, options: LoadSpecOptions = {}): Promise<LoadedSpec> {
  return finishSpec(await readSpec(file, options))
}

/**
 * A spec file read, not yet parsed: enough to know which schemas it describes (what a check
 * reads from the database) while the rest of the loading goes on (finishSpec).
 */
export interface SpecText {
  readonly file: string
  readonly text: string
  /**
   * The keys of the document's `schemas`, read from the text without parsing it; undefined when
   * the text does not show them plainly (it is then likely invalid, as finishSpec will say).
   */
  readonly schemaNames: readonly string[] | undefined
}

/** Reads a spec file; throws SpecError when it cannot be read. */
export async function readSpec(file: string, options: LoadSpecOptions = {}): Promise<SpecText> {
  const readFile = options.readFile ?? ((path: string) => fsReadFile(path, 'utf8'))
  let text: string
  try {
    text = await readFile(file)
  } catch (error) {
    throw new SpecError([{ file, pointer: '', message: describeReadError(error) }])
  }
  // A byte order mark is not JSON. (Checked by hand: a regular expression, even anchored, took 0.1 s on 40 MB.)
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  return { file, text, schemaNames: keysOfTopLevelObject(text, 'schemas') }
}

/**
 * The rest of loadSpec: parsing, validation and the model. Between its stages it lets other work
 * run (each stage of a 40 MB spec takes a fraction of a second): a check reads the database meanwhile.
 */
export async function finishSpec(spec: SpecText): Promise<LoadedSpec> {
  const stages = parseValidateAndBuild(spec.file, spec.text)
  for (;;) {
    const stage = stages.next()
    if (stage.done === true) return stage.value
    await yieldToIo()
  }
}

/**
 * Lets pending I/O run (a socket's rows): one setImmediate is not enough, since a continuation
 * scheduled while the event loop is past its poll phase runs before that phase comes round again.
 */
async function yieldToIo(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve))
  await new Promise((resolve) => setImmediate(resolve))
}

/** A spec from its text (loadSpec without the file system); throws SpecError. */
export function loadSpecText(file: string, text: string): LoadedSpec {
  const stages = parseValidateAndBuild(file, text)
  for (;;) {
    const stage = stages.next()
    if (stage.done === true) return stage.value
  }
}

/** Parses and validates spec text; throws SpecError. */
export function parseSpecText(file: string, text: string): Spec {
  return loadSpecText(file, text).spec
}

/** Parsing, validation, then the model: a generator that pauses between stages (see finishSpec). */
function* parseValidateAndBuild(file: string, text: string): Generator<undefined, LoadedSpec> {
  const positions = new SourcePositions(text)
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    // Measured first: the parser that locates a syntax error recurses once per level.
    const tooDeep = positions.tooDeep()
    if (tooDeep !== undefined) throw new SpecError([{ file, ...tooDeep }])
    throw new SpecError([{ file, ...positions.syntaxError(error instanceof Error ? error.message : String(error)) }])
  }
  yield
  const parsedProblems = positions.problemsOfParsed(document)
  const problems: SpecProblem[] = parsedProblems.problems.map((p) => ({ file, ...p }))
  // The walks below (and JSON Schema validation) recurse once per level: not into a document too deep.
  if (parsedProblems.isTooDeep) throw new SpecError(problems)
  yield
  // JSON text can only hold a NUL as the escape \u0000 (JSON.parse refuses a raw one), so
  // most specs need no walk of every string to look for one.
  const nulProblems = /\\u0000/.test(text) ? findNulCharacters(document) : []
  problems.push(...located(file, positions, [...nulProblems, ...validateSpecDocument(document)]))
  yield
  if (problems.length === 0) {
    problems.push(...located(file, positions, checkNameLengths(document as Spec)))
    yield
    problems.push(...located(file, positions, checkReferences(document as Spec)))
    problems.push(...located(file, positions, suppressionProblems((document as Spec).suppressions ?? [], '/suppressions')))
    yield
  }
  if (problems.length > 0) throw new SpecError(sortByPosition(problems))
  const spec = document as Spec
  const locateAll = (pointers: Iterable<string>): Map<string, SpecLocation> => {
    const locations = new Map<string, SpecLocation>()
    // At the key of an entry (`"users": {`), where a reader looks for it; at the item for array entries.
    for (const [pointer, position] of positions.locateAll(pointers, true)) locations.set(pointer, { file, pointer, ...position })
    return locations
  }
  return {
    file,
    spec,
    model: specToModel(spec),
    locateAll,
    suppressions: rulesOf(spec.suppressions ?? [], '/suppressions', locateAll),
  }
}

/**
 * A JSON file of ours other than the spec (the config file, a fleet's targets): parsed, and its
 * JSON Schema violations located at their lines. A syntax error, or nesting too deep to read
 * safely, throws the SpecError at once; the caller adds what a schema cannot say to `problems`.
 */
export function parseJsonFile(
  file: string,
  body: string,
  violationsOf: (document: unknown) => readonly { pointer: string; message: string; atKey?: boolean }[],
): { readonly document: unknown; readonly positions: SourcePositions; readonly problems: SpecProblem[] } {
  const positions = new SourcePositions(body)
  let document: unknown
  try {
    document = JSON.parse(body)
  } catch (error) {
    throw new SpecError([{ file, ...positions.syntaxError(error instanceof Error ? error.message : String(error)) }])
  }
  const parsed = positions.problemsOfParsed(document)
  const problems: SpecProblem[] = parsed.problems.map((p) => ({ file, ...p }))
  if (parsed.isTooDeep) throw new SpecError(problems)
  problems.push(...located(file, positions, violationsOf(document)))
  return { document, positions, problems }
}

/** Problems with their line and column, found in one read of the text. */
export function located(file: string, positions: SourcePositions, problems: readonly { pointer: string; message: string; atKey?: boolean }[]): SpecProblem[] {
  if (problems.length === 0) return []
  const atKeys = positions.locateAll(
    problems.filter((p) => p.atKey === true).map((p) => p.pointer),
    true,
  )
  const atValues = positions.locateAll(problems.filter((p) => p.atKey !== true).map((p) => p.pointer))
  return problems.map((p) => ({ file, pointer: p.pointer, message: p.message, ...(p.atKey === true ? atKeys : atValues).get(p.pointer) }))
}

export function sortByPosition(problems: SpecProblem[]): SpecProblem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line ?? 0) - (b.p.line ?? 0) || (a.p.column ?? 0) - (b.p.column ?? 0) || a.i - b.i)
    .map(({ p }) => p)
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  switch (code) {
    case 'ENOENT':
      return 'file not found'
    case 'EACCES':
    case 'EPERM':
      return 'cannot read the file: permission denied'
    case 'EISDIR':
      return 'is a directory, not a file'
    default:
      return `cannot read the file: ${error instanceof Error ? error.message : String(error)}`
  }
}
