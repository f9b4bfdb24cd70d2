/**
 * The config file's settings as command-line flags: each setting becomes the flag it stands for,
 * unless that flag is given (flags win), and the arguments are then parsed as if typed. So a
 * setting meets exactly the checks its flag does (one reading of --format/--output pairs, the
 * same refusals), and the precedence is visible: what the command line says, else the file.
 */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { SpecError, UsageError } from '../errors.js'
import { DEFAULT_CONFIG_FILE, loadConfigText, type LoadedConfig } from '../config/load-config.js'
import { commandOf } from './options.js'

/** Which settings each command takes; the others do not apply to it (`demo` takes none). */
const SETTINGS_OF: Readonly<Record<string, readonly string[]>> = {
  check: ['spec', 'url', 'schemas', 'strict', 'failOn', 'failOnUnchecked', 'health', 'timeout', 'wait', 'outputs', 'baseline'],
  fix: ['spec', 'url', 'schemas', 'strict', 'failOn', 'failOnUnchecked', 'health', 'timeout', 'wait'],
  snapshot: ['url', 'schemas', 'timeout', 'wait'],
  doctor: ['spec', 'url', 'timeout', 'wait'],
  // Each target names its own database: the config's url is not one of them.
  fleet: ['spec', 'strict', 'failOn', 'failOnUnchecked', 'timeout'],
}

const FLAG_OF: Readonly<Record<string, string>> = {
  spec: 'spec',
  url: 'url',
  schemas: 'schema',
  strict: 'strict',
  failOn: 'fail-on',
  failOnUnchecked: 'fail-on-unchecked',
  health: 'health',
  timeout: 'timeout',
  wait: 'wait',
  baseline: 'baseline',
}

/**
 * The config of this run: the file --config names (it must exist), else verify-database.config.json
 * in `cwd` when there is one; undefined for commands that take no settings, and for --help.
 */
export async function loadConfigFor(argv: readonly string[], cwd: string): Promise<LoadedConfig | undefined> {
  const given = flagValues(argv, 'config')
  if (given.length > 1) throw new UsageError(`--config was given ${given.length} times (${given.map((v) => JSON.stringify(v)).join(', ')}); give it once`)
  const named = given[0]
  if (argv.includes('--no-config') && named === undefined) return undefined
  if (SETTINGS_OF[commandOf(argv)] === undefined || argv.includes('--help') || argv.includes('-h') || argv.includes('--version')) return undefined
  const file = named ?? DEFAULT_CONFIG_FILE
  let text: string
  try {
    text = await readFile(resolve(cwd, file), 'utf8')
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code
    if (named === undefined && code === 'ENOENT') return undefined
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : 'cannot read the file'
    throw new SpecError([{ file, pointer: '', message: why }])
  }
  return loadConfigText(file, text, cwd)
}

/**
 * argv with the config's settings added as flags, for those the command takes and argv does not
 * give; the config's url also gives way to DATABASE_URL.
 */
export function argvWithConfig(argv: readonly string[], config: LoadedConfig, env: NodeJS.ProcessEnv = {}): string[] {
  const end = argv.indexOf('--')
  const given = end === -1 ? argv : argv.slice(0, end)
  const added: string[] = []
  const settings = config.settings as Readonly<Record<string, unknown>>
  for (const key of SETTINGS_OF[commandOf(argv)] ?? []) {
    const value = settings[key]
    if (value === undefined) continue
    if (key === 'outputs') {
      if (isGiven(given, 'format') || isGiven(given, 'output')) continue
      for (const output of config.settings.outputs ?? []) added.push('--format', output.format, ...(output.file === undefined ? [] : ['--output', output.file]))
      continue
    }
    const flag = FLAG_OF[key] ?? key
    if (isGiven(given, flag)) continue
    // DATABASE_URL is where a pipeline puts the database (with its password): it wins over the file.
    if (key === 'url' && (env.DATABASE_URL ?? '') !== '') continue
    if (typeof value === 'boolean') added.push(value ? `--${flag}` : `--no-${flag}`)
    else if (Array.isArray(value)) for (const item of value) added.push(`--${flag}`, String(item))
    else if (typeof value === 'string' || typeof value === 'number') added.push(`--${flag}=${value}`)
  }
  return end === -1 ? [...argv, ...added] : [...argv.slice(0, end), ...added, ...argv.slice(end)]
}

/** Whether argv gives `--flag` in any spelling yargs reads: `--flag`, `--flag=v`, `--no-flag`, camelCase. */
function isGiven(argv: readonly string[], flag: string): boolean {
  const camel = flag.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase())
  const names = new Set([flag, camel])
  return argv.some((token) => {
    if (!token.startsWith('--')) return false
    const name = token.slice(2).split('=')[0] ?? ''
    return names.has(name) || names.has(name.replace(/^no-/, ''))
  })
}

/** The values of `--name value` and `--name=value`, before `--`. */
function flagValues(argv: readonly string[], name: string): string[] {
  const values: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? ''
    if (token === '--') break
    if (token === `--${name}`) values.push(argv[++i] ?? '')
    else if (token.startsWith(`--${name}=`)) values.push(token.slice(name.length + 3))
  }
  return values
}
