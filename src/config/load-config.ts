/**
 * The config file: `verify-database.config.json` in the working directory, or the file --config
 * names. It holds flags a team would otherwise repeat in every pipeline (spec, url, schemas,
 * outputs, fail-on, ...) and suppression rules. Loaded like the spec: JSON, then the published
 * JSON Schema, then what a schema cannot say, every problem with its file:line:col and pointer
 * (a SpecError, exit 2). A URL with a password in it is refused: the file is meant to be committed.
 */
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import { SpecError } from '../errors.js'
import { rulesOf, suppressionProblems, type SuppressionRule } from '../gate/suppressions.js'
import { connectionSecrets } from '../redact.js'
import { parseConnectionString } from '../introspect/parse-connection-string.js'
import { located, parseJsonFile, sortByPosition } from '../spec/load-spec.js'
import type { SpecSuppression } from '../spec/spec-types.js'
import { validateConfigDocument } from '../spec/validate-spec.js'
import type { OutputFormat } from '../report/renderers.js'
import type { FailOn } from '../report/report.js'

export const DEFAULT_CONFIG_FILE = 'verify-database.config.json'

/** The config file as written (schema/verify-database.config.schema.json). */
export interface ConfigDocument {
  readonly $schema?: string
  readonly spec?: string
  readonly url?: string
  readonly schemas?: readonly string[]
  readonly strict?: boolean
  readonly failOn?: FailOn
  readonly failOnUnchecked?: boolean
  readonly health?: boolean
  readonly timeout?: number
  readonly wait?: number
  readonly outputs?: readonly { readonly format: OutputFormat; readonly file?: string }[]
  readonly baseline?: string
  readonly suppressions?: readonly SpecSuppression[]
}

export interface LoadedConfig {
  readonly file: string
  /** The settings, with paths made relative to the working directory (as flags would give them). */
  readonly settings: Omit<ConfigDocument, '$schema' | 'suppressions'>
  readonly suppressions: readonly SuppressionRule[]
}

/** A config file's text, checked; `cwd` is where paths in flags are relative to. Throws SpecError. */
export function loadConfigText(file: string, text: string, cwd: string): LoadedConfig {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const { document, positions, problems } = parseJsonFile(file, body, validateConfigDocument)
  if (problems.length === 0) {
    const config = document as ConfigDocument
    const semantic = suppressionProblems(config.suppressions ?? [], '/suppressions')
    if (config.url !== undefined && hasPassword(config.url)) {
      semantic.push({ pointer: '/url', message: 'holds a password: a config file is meant to be committed; give the password in PGPASSWORD or ~/.pgpass' })
    }
    problems.push(...located(file, positions, semantic))
  }
  if (problems.length > 0) throw new SpecError(sortByPosition(problems))
  const { suppressions = [], ...written } = document as ConfigDocument
  // `$schema` is for editors, not a setting.
  const settings = Object.fromEntries(Object.entries(written).filter(([key]) => key !== '$schema')) as LoadedConfig['settings']
  const base = dirname(resolve(cwd, file))
  // Paths in the file are relative to it; flags' are relative to the working directory.
  const path = (p: string): string => (isAbsolute(p) ? p : relative(cwd, resolve(base, p)) || '.')
  const locate = (pointers: readonly string[]): Map<string, { file: string; pointer: string; line: number; column: number }> => {
    const found = new Map<string, { file: string; pointer: string; line: number; column: number }>()
    for (const [pointer, position] of positions.locateAll(pointers)) found.set(pointer, { file, pointer, ...position })
    return found
  }
  return {
    file,
    settings: {
      ...settings,
      ...(settings.spec !== undefined && { spec: path(settings.spec) }),
      ...(settings.baseline !== undefined && { baseline: path(settings.baseline) }),
      ...(settings.outputs !== undefined && { outputs: settings.outputs.map((o) => (o.file === undefined ? o : { ...o, file: path(o.file) })) }),
    },
    suppressions: rulesOf(suppressions, '/suppressions', locate),
  }
}

/** Whether a connection string carries a password, however short or however it is written. */
/** A connection string that carries a password (or is too malformed to tell). */
export function hasPassword(url: string): boolean {
  if (connectionSecrets(url).length > 0) return true
  if (!/^postgres(?:ql)?:\/\//i.test(url) && !url.includes('=')) return false
  try {
    return parseConnectionString(url, 'url').params.has('password')
  } catch {
    // Malformed: its parts cannot be told apart, and one of them may be a password.
    return true
  }
}
