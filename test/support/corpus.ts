/**
 * The shared schema corpus (real-world schemas used as golden databases), read from
 * `../shared/corpus` next to the repository, or from env VERIFY_DATABASE_CORPUS.
 *
 * Each corpus folder has a `load.sh DATABASE_URL` that pipes its SQL through psql. psql may be
 * missing on a fresh machine, so loadCorpusSql() reproduces what each load.sh does as one plain
 * SQL script that a session's `exec()` (multi-statement simple query) can run: psql
 * meta-commands are dropped, the on-the-fly edits of the load.sh are applied, and the roles the
 * dump refers to are created first when absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The dump every other TimeTracker dump is compared with (release of 2025-10-09). */
export const REFERENCE_DUMP = 'timetracker/2025-10-09_77aec94_alembic-018+init-database-enhanced'

/** One loadable database state of the corpus. */
export interface Corpus {
  /** `pagila`, ..., or `timetracker/<dump file name without .sql>`. */
  readonly name: string
  /** The SQL file that is loaded. */
  readonly file: string
  /** Extensions the SQL creates (the embedded engine must be given them up front). */
  readonly extensions: readonly string[]
  /** Cluster-wide roles the SQL refers to (OWNER TO, GRANT ... TO). */
  readonly roles: readonly string[]
}

interface FolderCorpus {
  readonly file: string
  readonly extensions: readonly string[]
  readonly roles: readonly string[]
}

/** The folders with a load.sh, with what their load.sh loads. */
const FOLDER_CORPORA: Readonly<Record<string, FolderCorpus>> = {
  pagila: { file: 'pagila/pagila-schema.sql', extensions: [], roles: ['postgres'] },
  adventureworks: { file: 'adventureworks/install.sql', extensions: ['uuid-ossp', 'tablefunc'], roles: [] },
  'graphile-starter': {
    file: 'graphile-starter/schema.sql',
    extensions: ['citext', 'pgcrypto', 'uuid-ossp'],
    roles: ['graphile_starter', 'graphile_starter_visitor'],
  },
  'timetracker-docs': { file: 'timetracker-docs/schema.sql', extensions: [], roles: [] },
  'timetracker-head': { file: 'timetracker/2026-07-23_f75f074_alembic-head.sql', extensions: [], roles: [] },
}

/** Root of the repository (the nearest folder above this file with a package.json). */
export function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`)
    dir = parent
  }
  return dir
}

/** Absolute path of the corpus folder (it may not exist). */
export function corpusDir(): string {
  const fromEnv = process.env['VERIFY_DATABASE_CORPUS']
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv)
  return resolve(repositoryRoot(), '..', 'shared', 'corpus')
}

/** True when the corpus folder exists with its TimeTracker dumps. */
export function corpusAvailable(): boolean {
  return existsSync(join(corpusDir(), 'timetracker')) && existsSync(join(corpusDir(), 'pagila'))
}

/** Why corpus tests are pending, for their titles. */
export function corpusMissingReason(): string {
  return `corpus not found at ${corpusDir()} (set VERIFY_DATABASE_CORPUS)`
}

/** Names of the TimeTracker dumps (`timetracker/<file without .sql>`), sorted. */
export function timetrackerDumps(): string[] {
  return readdirSync(join(corpusDir(), 'timetracker'))
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => `timetracker/${f.slice(0, -'.sql'.length)}`)
}

/** Every corpus: the folders with a load.sh, then every TimeTracker dump. */
export function listCorpora(): Corpus[] {
  const folders = Object.entries(FOLDER_CORPORA).map(([name, c]) => ({ name, ...c }))
  const dumps = timetrackerDumps().map((name) => ({ name, file: `${name}.sql`, extensions: [], roles: [] }))
  return [...folders, ...dumps]
}

/** The corpus called `name`; throws for an unknown name. */
export function findCorpus(name: string): Corpus {
  const found = listCorpora().find((c) => c.name === name)
  if (found === undefined) throw new Error(`unknown corpus ${name}`)
  return found
}

/** Path of the facts file (`facts/<dump>.facts.txt`) of a TimeTracker dump. */
export function timetrackerFactsFile(dump: string): string {
  const base = dump.replace(/^timetracker\//, '')
  return join(corpusDir(), 'timetracker', 'facts', `${base}.facts.txt`)
}

/**
 * The SQL script that loads corpus `name` into an empty database, equivalent to its load.sh:
 * roles created if absent, psql meta-command lines removed, adventureworks' ProductReview rows
 * deleted before its `-- PRIMARY KEYS` section, and session settings reset at the end (pg_dump
 * sets search_path to '' for the session; psql would have ended the session there).
 */
export function loadCorpusSql(name: string): string {
  const corpus = findCorpus(name)
  const lines = readFileSync(join(corpusDir(), corpus.file), 'utf8').split('\n')
  const out: string[] = []
  for (const line of lines) {
    if (name === 'adventureworks' && line.startsWith('-- PRIMARY KEYS')) {
      // load.sh: sed '/^-- PRIMARY KEYS/i DELETE FROM Production.ProductReview; ...'
      out.push('DELETE FROM Production.ProductReview; -- [oracle] sample rows reference absent product data')
    }
    // psql meta-commands (\restrict, \unrestrict, \pset, \dt, \copy ...) are not SQL.
    out.push(line.startsWith('\\') ? `-- [psql meta-command skipped] ${line}` : line)
  }
  const revision = ALEMBIC_REVISIONS[corpus.file.replace(/^timetracker\//, '').replace(/\.sql$/, '')]
  // A schema-only dump has no rows: the revision each database really had goes back in.
  const stamp = revision === undefined ? '' : `INSERT INTO public.alembic_version (version_num) VALUES ('${revision}');\n`
  return `${createRolesSql(corpus.roles)}${out.join('\n')}\nRESET ALL;\n${stamp}`
}

/**
 * The Alembic revision each TimeTracker database was at (the corpus README's table; pg_dump
 * --schema-only left the row out). The 2025-09-01 installs have no alembic_version table.
 */
export const ALEMBIC_REVISIONS: Readonly<Record<string, string>> = {
  '2025-10-07_3b564f83_alembic-022_reverted-saas-chain': '022',
  '2025-10-09_77aec94_alembic-017_no-018': '017',
  '2025-10-09_77aec94_alembic-017+add_project_costs-sql': '017',
  '2025-10-09_77aec94_alembic-018': '018',
  '2025-10-09_77aec94_alembic-018+init-database-enhanced': '018',
  '2026-07-23_f75f074_alembic-head': '171_merge_kanban_feature_heads',
  '2026-07-23_f75f074_upgraded-from-2025-10-09-docker': '171_merge_kanban_feature_heads',
}

/**
 * A DO block creating each role (NOLOGIN) unless it exists. Roles are cluster-wide, and test
 * processes running in parallel share a server: one may create a role in a load not committed
 * yet, so the other's CREATE ROLE waits for it and then fails as a duplicate, which means the role
 * exists.
 */
function createRolesSql(roles: readonly string[]): string {
  if (roles.length === 0) return ''
  const body = roles
    .map(
      (r) =>
        `  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${r}') THEN\n    BEGIN CREATE ROLE ${r} NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;\n  END IF;`,
    )
    .join('\n')
  return `DO $$ BEGIN\n${body}\nEND $$;\n`
}

/** Loads corpus `name` through a session's multi-statement `exec()`. */
export async function loadCorpus(session: { exec(sql: string): Promise<void> }, name: string): Promise<void> {
  await session.exec(loadCorpusSql(name))
}
