/**
 * Every command's flags in one table, and the checks yargs does not make. A CI gate must not
 * guess: a value flag given twice (`--fail-on error --fail-on warning`) is refused rather than
 * silently turned into an array, an empty value (`--url "$UNSET"`) is refused rather than read
 * as "use the default", and a --timeout that is not a usable number is refused rather than
 * meaning "no limit" or "time out at once". yargs' own multi-line messages become one line,
 * with "did you mean" for flags and commands.
 */
import type { ArgumentsCamelCase, InferredOptionTypes, Options } from 'yargs'
import { UsageError } from '../errors.js'
import { FAIL_ON_VALUES } from '../report/report.js'
import { didYouMean } from '../text/closest-name.js'
import { oneLine } from '../text/one-line.js'
import { OUTPUT_FORMATS } from '../report/renderers.js'
import { DOCTOR_FORMATS } from '../report/render-doctor.js'
import { SNAPSHOT_FORMATS } from '../app/snapshot.js'
import { FLEET_FORMATS } from '../report/fleet-report.js'
import type { CliIo } from './io.js'
import { DEFAULT_CONFIG_FILE, type LoadedConfig } from '../config/load-config.js'

/** The longest --timeout a Node timer can hold: 2^31 - 1 ms, in whole seconds. */
export const MAX_TIMEOUT_SECONDS = 2_147_483

const connectionOptions = {
  url: { type: 'string', describe: 'postgres://user@host:port/db, a key=value conninfo string, pglite:memory or pglite:<dir>' },
  schema: { type: 'string', array: true, nargs: 1, describe: 'Only this PostgreSQL schema (repeat the flag for more)' },
  timeout: {
    type: 'string',
    default: '30',
    defaultDescription: '30',
    describe: `Seconds allowed to connect and for each catalog query (a number > 0, at most ${MAX_TIMEOUT_SECONDS})`,
  },
  wait: {
    type: 'string',
    describe: `Seconds to keep trying to connect while the server is not up yet (refused, starting up, name not resolvable, too many connections; at most ${MAX_TIMEOUT_SECONDS})`,
  },
} as const satisfies Record<string, Options>

const formatOptions = {
  format: { choices: OUTPUT_FORMATS, default: 'table' as const, describe: 'Output format' },
  color: { type: 'boolean', default: true, describe: 'Colour on a terminal (--no-color or NO_COLOR turn it off)' },
} as const satisfies Record<string, Options>

const checkOptions = {
  ...connectionOptions,
  spec: {
    type: 'string',
    default: './expected-schema.json',
    describe:
      'The expected schema: an expected-schema.json (or a snapshot), an SQL file (schema.sql, pg_dump --schema-only), or a database URL (postgres://…, pglite:…) to compare with',
  },
  ...formatOptions,
  strict: { type: 'boolean', default: false, describe: 'Also report objects the spec does not mention (warnings)' },
  'fail-on': { choices: FAIL_ON_VALUES, default: 'error' as const, describe: 'Lowest severity that makes the exit code 1' },
  'fail-on-unchecked': {
    type: 'boolean',
    default: false,
    describe: 'Also exit 1 when the checked schemas hold objects the spec cannot describe (listed under "Not checked")',
  },
  'tenant-schemas': {
    type: 'string',
    describe: "Check every schema this glob matches ('tenant_*') against the spec's template schema, in one snapshot, and report each tenant",
  },
  'template-schema': {
    type: 'string',
    describe: 'With --tenant-schemas: the spec schema each tenant must look like (default public); the spec’s other schemas are shared and checked once',
  },
  'tenants-from-query': {
    type: 'string',
    describe:
      "With --tenant-schemas: one SELECT (run read-only in the check's snapshot) whose first column names the tenant schemas that must exist, e.g. your tenant registry; each is checked, and one the database lacks is reported missing",
  },
  health: {
    type: 'boolean',
    default: false,
    describe: "Also read data: each serial/identity column's maximum against its sequence (sequence.behind; needs SELECT)",
  },
} as const satisfies Record<string, Options>

/** How the repair is planned: shared by `check --fix` and `fix`. */
export const FIX_PLAN_OPTIONS = {
  'allow-destructive': {
    type: 'boolean',
    default: false,
    describe: 'Include the repairs withheld because they can lose data or fail on existing rows (with --strict: drop extra objects)',
  },
  concurrently: { type: 'boolean', default: false, describe: 'Build indexes with CREATE INDEX CONCURRENTLY, after the transaction' },
  'not-valid': { type: 'boolean', default: false, describe: 'Add foreign keys and checks NOT VALID, and validate them after the transaction' },
} as const satisfies Record<string, Options>

/** `check --prove`: run the repair on an embedded copy first (check only: `fix --apply` re-checks the real thing). */
export const PROVE_OPTION = {
  prove: {
    type: 'boolean',
    default: false,
    describe: 'Run the repair on an embedded PGlite copy of the schema first: report whether it converges and is a no-op the second time',
  },
} as const satisfies Record<string, Options>

export const CHECK_OPTIONS = {
  ...checkOptions,
  // check alone writes several reports from one introspection: each --output takes the --format before it.
  format: {
    choices: OUTPUT_FORMATS,
    array: true,
    nargs: 1,
    default: ['table' as const],
    defaultDescription: 'table',
    describe: 'Output format; give it again, each followed by --output FILE, for several reports from one check',
  },
  output: { type: 'string', array: true, nargs: 1, describe: 'Write the --format given just before it to FILE (atomically) instead of stdout' },
  baseline: {
    type: 'string',
    describe: 'Findings this file records (--write-baseline) do not fail the run; they are listed as suppressed, and fixed ones reported',
  },
  'write-baseline': { type: 'string', describe: 'Record the findings of this run (all but those a rule ignores) in FILE, atomically, with a digest' },
  'from-snapshot': {
    type: 'string',
    describe: 'Check this file (written by `verify-database snapshot`) instead of a database: offline, nothing connects',
  },
  fix: { type: 'boolean', default: false, describe: 'Add the SQL that repairs the findings to the report (nothing is run)' },
  'fix-file': { type: 'string', describe: 'Also write that SQL as a reviewable .sql file, atomically (implies --fix)' },
  ...FIX_PLAN_OPTIONS,
  ...PROVE_OPTION,
} as const satisfies Record<string, Options>

export const FIX_OPTIONS = {
  ...checkOptions,
  ...FIX_PLAN_OPTIONS,
  apply: { type: 'boolean', default: false, describe: 'Run the SQL against the database (asks first), then check again' },
  yes: { type: 'boolean', default: false, describe: 'With --apply: do not ask (for scripts; without a terminal --apply needs it)' },
  plan: { type: 'string', describe: 'With --apply: run this reviewed plan file instead of a new plan, if the database still has the schema it was made for' },
} as const satisfies Record<string, Options>

export const SNAPSHOT_OPTIONS = {
  ...connectionOptions,
  table: { type: 'string', array: true, nargs: 1, describe: 'Only this table, by name or schema.name (repeat the flag for more)' },
  out: { type: 'string', describe: 'Write to this file instead of stdout (atomically: a failed write leaves the old file)' },
  format: {
    choices: SNAPSHOT_FORMATS,
    default: 'json' as const,
    describe: 'json: the expected-schema.json; sql: DDL that creates the schema in an empty database',
  },
  health: {
    type: 'boolean',
    default: false,
    describe: "Also record each serial/identity column's maximum against its sequence, for check --from-snapshot --health (reads data)",
  },
} as const satisfies Record<string, Options>

export const DOCTOR_OPTIONS = {
  url: connectionOptions.url,
  timeout: connectionOptions.timeout,
  wait: connectionOptions.wait,
  spec: {
    type: 'string',
    default: './expected-schema.json',
    describe: 'The expected schema (JSON): which schemas, tables and extensions to ask about; reported, not required',
  },
  format: { choices: DOCTOR_FORMATS, default: 'table' as const, describe: 'Output format' },
  'show-host': { type: 'boolean', default: false, describe: 'Show host names and server addresses (hidden by default, so the report can be pasted publicly)' },
} as const satisfies Record<string, Options>

export const FLEET_OPTIONS = {
  targets: { type: 'string', describe: 'The databases to check: a JSON targets file (schema/targets.schema.json) or a plain list of URLs, one per line' },
  'targets-from-query': {
    type: 'string',
    describe: 'Instead of --targets: run this SQL on --url (read-only) and check the databases it lists (columns url [name], or database/datname)',
  },
  url: { type: 'string', describe: 'With --targets-from-query: the catalog database to run it on' },
  spec: checkOptions.spec,
  concurrency: { type: 'string', default: '4', defaultDescription: '4', describe: 'Check at most this many databases at once (one connection each)' },
  shard: {
    type: 'string',
    describe: 'Check only the I-th of N stable slices of the targets (I/N); default from JOB_COMPLETION_INDEX/JOB_COMPLETIONS or CI_NODE_INDEX/CI_NODE_TOTAL',
  },
  format: {
    choices: FLEET_FORMATS,
    default: 'table' as const,
    describe: 'The matrix as a table, one JSON document (for merge), JUnit XML (a testsuite per target) or Markdown',
  },
  output: { type: 'string', describe: 'Write the report to FILE (atomically) instead of stdout' },
  strict: checkOptions.strict,
  'fail-on': checkOptions['fail-on'],
  'fail-on-unchecked': checkOptions['fail-on-unchecked'],
  timeout: connectionOptions.timeout,
  color: formatOptions.color,
} as const satisfies Record<string, Options>

export const MERGE_OPTIONS = {
  format: { choices: FLEET_FORMATS, default: 'table' as const, describe: 'Output format of the merged fleet report' },
  output: { type: 'string', describe: 'Write the merged report to FILE (atomically) instead of stdout' },
  color: formatOptions.color,
} as const satisfies Record<string, Options>

export const DEMO_OPTIONS = {
  ...formatOptions,
  fix: { type: 'boolean', default: false, describe: 'Add the SQL that would repair the broken install to the report' },
  ...PROVE_OPTION,
} as const satisfies Record<string, Options>

export const GLOBAL_OPTIONS = {
  config: {
    type: 'string',
    describe: `Settings and suppression rules from this JSON file (default: ${DEFAULT_CONFIG_FILE} in the working directory, when there is one); flags win`,
  },
  debug: { type: 'boolean', default: false, describe: 'Print stack traces of internal errors' },
} as const satisfies Record<string, Options>

export const COMMANDS = {
  check: CHECK_OPTIONS,
  snapshot: SNAPSHOT_OPTIONS,
  fix: FIX_OPTIONS,
  doctor: DOCTOR_OPTIONS,
  demo: DEMO_OPTIONS,
  fleet: FLEET_OPTIONS,
  merge: MERGE_OPTIONS,
} as const satisfies Record<string, Record<string, Options>>
export type CommandName = keyof typeof COMMANDS

/**
 * The arguments yargs hands a command whose flags are `O` (dashed and camelCase spellings),
 * derived from the table itself so that the two cannot drift apart.
 */
export type ArgsOf<O extends Record<string, Options>> = ArgumentsCamelCase<InferredOptionTypes<O>>

/** One command of the CLI: its names, help line and flags, and what runs it (returns the exit code). */
export interface CliCommand<O extends Record<string, Options>> {
  /** The first is the name; '$0' makes it the default command. */
  readonly names: readonly string[]
  readonly describe: string
  readonly options: O
  /** `argv`: the raw arguments (with the config's settings as flags), for what yargs does not keep (the order of different flags). */
  readonly run: (args: ArgsOf<O>, io: CliIo, argv: readonly string[], context?: CommandContext) => Promise<number>
}

/** What a command gets besides its arguments: the config file, when there is one. */
export interface CommandContext {
  readonly config?: LoadedConfig
}

/**
 * Refuses what yargs lets through: a value flag given more than once, an empty value. Booleans
 * follow the usual convention instead (the last of `--strict` / `--no-strict` wins), which the
 * README documents.
 */
export function validateArgs(argv: Readonly<Record<string, unknown>>, options: Readonly<Record<string, Options>>): void {
  for (const [name, option] of Object.entries(options)) {
    const value = argv[name]
    if (value === undefined || option.type === 'boolean') continue
    if (option.array === true) {
      const values = Array.isArray(value) ? value : [value]
      if (values.some((v) => String(v).trim() === '')) throw new UsageError(`--${name} needs a value (an empty one was given)`)
      continue
    }
    if (Array.isArray(value)) {
      const shown = value.map((v) => JSON.stringify(String(v))).join(', ')
      throw new UsageError(`--${name} was given ${value.length} times (${shown}); give it once`)
    }
    if (typeof value === 'string' && value.trim() === '') {
      throw new UsageError(`--${name} needs a value (an empty one was given${name === 'url' ? '; is the variable it came from unset?' : ''})`)
    }
  }
}

/** --wait in milliseconds: like --timeout, and 0 (try once) is allowed. */
export function parseWaitMs(value: unknown): number {
  if (
    String(value)
      .trim()
      .replace(/^0*\.?0*$/, '') === ''
  )
    return 0
  return parseSeconds(value, 'wait')
}

/** --timeout in milliseconds: a finite number of seconds > 0 that a Node timer can hold. */
export function parseTimeoutMs(value: unknown): number {
  return parseSeconds(value, 'timeout')
}

function parseSeconds(value: unknown, flag: string): number {
  const text = String(value).trim()
  // Plain decimal notation only: no hex, no "Infinity", no empty string (Number('') is 0).
  const seconds = /^(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i.test(text) ? Number(text) : Number.NaN
  const ms = Math.round(seconds * 1000)
  if (!Number.isFinite(seconds) || ms < 1 || seconds > MAX_TIMEOUT_SECONDS) {
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text
    throw new UsageError(`--${flag} must be a number of seconds from ${flag === 'wait' ? 0 : 0.001} to ${MAX_TIMEOUT_SECONDS} (got "${shown}")`)
  }
  return ms
}

/**
 * yargs' failure message as one line: "Unknown arguments: fail-onn, failOnn" becomes
 * "unknown option --fail-onn; did you mean --fail-on?", "Invalid values: / Argument: format,
 * Given: "xml", …" becomes `--format: "xml" is not one of table, json, markdown, github, junit`.
 */
export function oneLineUsageMessage(message: string, argv: readonly string[]): string {
  const command = commandOf(argv)
  const flags = [...Object.keys(COMMANDS[command]), ...Object.keys(GLOBAL_OPTIONS), 'help', 'version']

  if (/^Not enough non-option arguments/.test(message) && command === 'merge') {
    return 'merge needs the JSON reports of the shards: verify-database merge shard-1.json shard-2.json …'
  }
  const unknown = /^Unknown arguments?: (.*)$/s.exec(message)
  if (unknown !== null) {
    const names = (unknown[1] ?? '').split(', ').map((n) => n.trim())
    // yargs lists camelCase twins of dashed names ("fail-onn, failOnn"): keep the spelling typed.
    const typed = names.filter((n) => !names.some((other) => other !== n && other.includes('-') && camelCase(other) === n))
    return typed.map((name) => describeUnknown(name, argv, flags)).join('; ')
  }

  const invalid = [...message.matchAll(/Argument: ([\w-]+), Given: ("(?:[^"\\]|\\.)*"|\S+), Choices: (.*)/g)]
  if (invalid.length > 0) {
    return invalid
      .map(([, name = '', given = '', choices = '']) => {
        const allowed = choices.split(', ').map((c) => c.replace(/^"|"$/g, ''))
        const value = given.replace(/^"|"$/g, '')
        return `--${name}: "${value}" is not one of ${allowed.join(', ')}${didYouMean(value, allowed)}`
      })
      .join('; ')
  }

  const missingValue = /^Not enough arguments following: ([\w-]+)/.exec(message)
  if (missingValue !== null) return `--${missingValue[1] ?? ''} needs a value`

  return oneLine(message, '; ')
}

function describeUnknown(name: string, argv: readonly string[], flags: readonly string[]): string {
  const asFlag = argv.some((token) => token === `--${name}` || token.startsWith(`--${name}=`) || token === `-${name}`)
  if (asFlag || name.length === 1) return `unknown option --${name}${didYouMean(name, flags, (s) => `--${s}`)}`
  const isFirstPositional = argv.find((token) => !token.startsWith('-')) === name
  if (isFirstPositional) return `unknown command "${name}"${didYouMean(name, Object.keys(COMMANDS))}`
  return `unexpected argument "${name}" (options start with --)`
}

/**
 * The command argv runs, read as yargs reads it: the first word that is not a flag nor the value
 * of one (`--schema demo` is check of schema "demo"), before `--`; check (the default command)
 * when there is none or it names no command.
 */
export function commandOf(argv: readonly string[]): CommandName {
  const valueFlags = new Set(
    [...Object.values(COMMANDS), GLOBAL_OPTIONS].flatMap((options) =>
      Object.entries(options as Record<string, Options>).flatMap(([name, option]) => (option.type === 'boolean' ? [] : [name, camelCase(name)])),
    ),
  )
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? ''
    if (token === '--') break
    if (token.startsWith('-')) {
      const name = token.replace(/^--?/, '')
      if (!name.includes('=') && valueFlags.has(name)) i++
      continue
    }
    return token in COMMANDS ? (token as CommandName) : 'check'
  }
  return 'check'
}

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())
}
