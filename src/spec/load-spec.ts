import { readFile as fsReadFile } from 'node:fs/promises'
import { SpecError, type SpecProblem } from '../errors.js'
import type { SpecLocation } from '../model/object-ref.js'
import type { SchemaModel } from '../model/schema-model.js'
import { checkNameLengths, findNulCharacters } from './check-names.js'
import { checkReferences } from './check-references.js'
import { SourcePositions } from './source-positions.js'
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
 * A spec file read and parsed, not yet validated: enough to know which schemas it describes
 * (what a check reads from the database) while the rest of the loading goes on (finishSpec).
 */
export interface ParsedSpec {
  readonly file: string
  /** The keys of the document's `schemas`; undefined when it has no such object (finishSpec will say so). */
  readonly schemaNames: readonly string[] | undefined
  readonly text: string
  readonly document: unknown
  readonly positions: SourcePositions
}

/** Reads and parses a spec file; throws SpecError when it cannot be read or is not JSON. */
export async function readSpec(file: string, options: LoadSpecOptions = {}): Promise<ParsedSpec> {
  const readFile = options.readFile ?? ((path: string) => fsReadFile(path, 'utf8'))
  let text: string
  try {
    text = await readFile(file)
  } catch (error) {
    throw new SpecError([{ file, pointer: '', message: describeReadError(error) }])
  }
  return parseSpec(file, text.replace(/^\uFEFF/, ''))
}

/**
 * The rest of loadSpec: validation and the model. Between its stages it lets other work run
 * (each stage of a 40 MB spec takes a fraction of a second): a check reads the database meanwhile.
 */
export async function finishSpec(parsed: ParsedSpec): Promise<LoadedSpec> {
  const stages = validateAndBuild(parsed)
  for (;;) {
    const stage = stages.next()
    if (stage.done === true) return stage.value
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** A spec from its text (loadSpec without the file system); throws SpecError. */
export function loadSpecText(file: string, text: string): LoadedSpec {
  const stages = validateAndBuild(parseSpec(file, text))
  for (;;) {
    const stage = stages.next()
    if (stage.done === true) return stage.value
  }
}

/** Parses and validates spec text; throws SpecError. */
export function parseSpecText(file: string, text: string): Spec {
  return loadSpecText(file, text).spec
}

function parseSpec(file: string, text: string): ParsedSpec {
  const positions = new SourcePositions(text)
  const tooDeep = positions.tooDeep()
  if (tooDeep !== undefined) throw new SpecError([{ file, ...tooDeep }])
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    throw new SpecError([{ file, ...positions.syntaxError(error instanceof Error ? error.message : String(error)) }])
  }
  const schemas = (document as { schemas?: unknown } | null)?.schemas
  const schemaNames = typeof schemas === 'object' && schemas !== null && !Array.isArray(schemas) ? Object.keys(schemas) : undefined
  return { file, schemaNames, text, document, positions }
}

/** Validation, then the model: a generator that pauses between stages (see finishSpec). */
function* validateAndBuild(parsed: ParsedSpec): Generator<undefined, LoadedSpec> {
  const { file, text, document, positions } = parsed
  const problems: SpecProblem[] = positions.duplicateKeys(document).map((p) => ({ file, ...p }))
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
    yield
  }
  if (problems.length > 0) throw new SpecError(sortByPosition(problems))
  const spec = document as Spec
  return {
    file,
    spec,
    model: specToModel(spec),
    locateAll(pointers) {
      const locations = new Map<string, SpecLocation>()
      // At the key of an entry (`"users": {`), where a reader looks for it; at the item for array entries.
      for (const [pointer, position] of positions.locateAll(pointers, true)) locations.set(pointer, { file, pointer, ...position })
      return locations
    },
  }
}

/** Problems with their line and column, found in one read of the text. */
function located(file: string, positions: SourcePositions, problems: readonly { pointer: string; message: string; atKey?: boolean }[]): SpecProblem[] {
  if (problems.length === 0) return []
  const atKeys = positions.locateAll(
    problems.filter((p) => p.atKey === true).map((p) => p.pointer),
    true,
  )
  const atValues = positions.locateAll(problems.filter((p) => p.atKey !== true).map((p) => p.pointer))
  return problems.map((p) => ({ file, pointer: p.pointer, message: p.message, ...(p.atKey === true ? atKeys : atValues).get(p.pointer) }))
}

function sortByPosition(problems: SpecProblem[]): SpecProblem[] {
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
