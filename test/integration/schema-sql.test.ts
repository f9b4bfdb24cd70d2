/**
 * The model → DDL writer (`snapshot --format sql`): a schema written out as SQL and run in an
 * empty database gives the same schema back. The schema here is the drift cases' base, what a
 * faithful rebuild needs beyond it (an extension in its own schema, a function typed with a
 * table's row, views that read views, a SQL function reading a table created after it, identity
 * and generated columns, a disabled trigger, a materialized view), and names built to break SQL:
 * quotes, spaces, upper case, unicode, reserved words, `;`, `--`, `$body$`, backslashes, names
 * at the 63-byte limit, and `x; DROP TABLE canary; --`. Running the script must leave the canary
 * table and reproduce every name byte for byte, on PGlite and the server, run by a session and
 * by psql, twice.
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { compareSchemas } from '../../src/compare/compare-schemas.js'
import type { CliIo } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'
import { planSchema } from '../../src/fix/schema-sql.js'
import { introspectDatabase } from '../../src/introspect/introspect-database.js'
import type { DatabaseSession } from '../../src/introspect/queryable.js'
import { objectKey } from '../../src/model/object-ref.js'
import { modelToSpec, renderSpecJson } from '../../src/snapshot/model-to-spec.js'
import { loadSpecText } from '../../src/spec/load-spec.js'
import { ENGINES, type TestDatabase } from '../support/databases.js'
import { BASE_SQL } from '../support/drift-cases.js'

/** What a faithful rebuild needs besides tables and keys; each line once broke the writer or the planner. */
const FEATURES_SQL = `
CREATE SCHEMA ext;
CREATE EXTENSION citext SCHEMA ext;
CREATE TABLE people (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name ext.citext NOT NULL,
  name_length int GENERATED ALWAYS AS (length(name::text)) STORED);
CREATE FUNCTION people_name(p people) RETURNS text LANGUAGE sql STABLE AS 'SELECT p.name::text';
CREATE FUNCTION count_people() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM people';
-- a_people_names reads z_people: the writer must not create views in name order.
CREATE VIEW z_people AS SELECT id, name FROM people;
CREATE VIEW a_people_names AS SELECT name FROM z_people;
CREATE MATERIALIZED VIEW m_people AS SELECT id FROM a_people_names JOIN z_people USING (name);
CREATE FUNCTION keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER people_keep BEFORE UPDATE ON people FOR EACH ROW EXECUTE FUNCTION keep();
ALTER TABLE people DISABLE TRIGGER people_keep;
`

/** 63 bytes: the longest name PostgreSQL keeps whole (ASCII, and two-byte letters plus one). */
const LONG_ASCII = `t${'x'.repeat(61)}Z`
const LONG_UNICODE = `${'é'.repeat(31)}x`

const HOSTILE_SQL = `
CREATE TABLE canary (id int);
CREATE SCHEMA "Sch ""q"" ; --";
CREATE TYPE "Sch ""q"" ; --"."mood; DROP TABLE canary; --" AS ENUM ('it''s', 'a;b', '--c', '$body$', E'back\\\\slash', 'ünï', 'UPPER', 'select', '');
CREATE FUNCTION "Sch ""q"" ; --"."fn $body$ ; --"() RETURNS trigger LANGUAGE plpgsql AS $b$ BEGIN NEW."Col ""1""" := 'x$body$y'; RETURN NEW; END $b$;
CREATE TABLE "Sch ""q"" ; --"."x; DROP TABLE canary; --" (
  "Col ""1""" text DEFAULT 'it''s; DROP TABLE canary; --',
  "select" int CONSTRAINT "ck ; --" CHECK ("select" > 0),
  "ünïcødé Name" text DEFAULT E'back\\\\slash $body$',
  "$body$" text DEFAULT '$body$',
  "UPPER" int,
  "${LONG_ASCII}" int,
  "${LONG_UNICODE}" int,
  m "Sch ""q"" ; --"."mood; DROP TABLE canary; --" DEFAULT 'it''s',
  CONSTRAINT "pk; DROP TABLE canary; --" PRIMARY KEY ("select"),
  CONSTRAINT "uq -- ""x""" UNIQUE ("UPPER")
);
CREATE TABLE "${LONG_ASCII}" ("${LONG_UNICODE}" serial PRIMARY KEY,
  "order" int CONSTRAINT "fk ); DROP TABLE canary; --" REFERENCES "Sch ""q"" ; --"."x; DROP TABLE canary; --" ("select"));
CREATE INDEX "ix -- ; ""q""" ON "Sch ""q"" ; --"."x; DROP TABLE canary; --" ("Col ""1""", lower("ünïcødé Name")) WHERE "$body$" <> '--';
CREATE TRIGGER "trg ""; DROP TABLE canary; --" BEFORE INSERT ON "Sch ""q"" ; --"."x; DROP TABLE canary; --"
  FOR EACH ROW EXECUTE FUNCTION "Sch ""q"" ; --"."fn $body$ ; --"('a''b', '$body$');
`

const SCHEMA_SQL = `${BASE_SQL};${FEATURES_SQL};${HOSTILE_SQL}`

/** The spec `snapshot` writes for the whole database behind `session`. */
async function snapshotOf(session: DatabaseSession): Promise<string> {
  const { model } = await introspectDatabase(session)
  return renderSpecJson(modelToSpec(model, { schemas: model.schemas, isWholeDatabase: true }))
}

/** `check` (--strict by default) of `session` against a snapshot: the findings, as `code object`. */
async function checkAgainst(snapshot: string, session: DatabaseSession, isStrict = true): Promise<string[]> {
  const spec = loadSpecText('snapshot.json', snapshot)
  const { model } = await introspectDatabase(session, { schemas: spec.model.schemas })
  return compareSchemas(spec.model, model, { isStrict }).map((f) => `${f.code} ${objectKey(f.subject)}`)
}

/** `verify-database snapshot --url URL ...more`, in process: its stdout. */
async function snapshotCli(url: string, ...more: string[]): Promise<string> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: (text) => {
      stdout += text
      return Promise.resolve()
    },
    stderr: (text) => {
      stderr += text
    },
    env: { NO_COLOR: '1' },
    isTty: false,
  }
  const code = await main(['snapshot', '--url', url, ...more], io)
  expect(code, stderr).to.equal(0)
  return stdout
}

const hasPsql = spawnSync('psql', ['--version']).status === 0

for (const engine of ENGINES) {
  describe(`snapshot --format sql rebuilds the schema on ${engine.name}`, function () {
    let original: TestDatabase
    let rebuilt: TestDatabase
    let originalSnapshot: string
    let sql: string

    before(async function () {
      original = await engine.createDatabase()
      await original.session.exec(SCHEMA_SQL)
      originalSnapshot = await snapshotOf(original.session)
      await original.release()
      sql = await snapshotCli(original.url, '--format', 'sql')
      rebuilt = await engine.createDatabase()
      await rebuilt.session.exec(sql)
    })
    after(async function () {
      await original?.drop()
      await rebuilt?.drop()
    })

    it('gives a database whose snapshot is the original one, byte for byte', async function () {
      expect(await snapshotOf(rebuilt.session)).to.equal(originalSnapshot)
    })

    it('gives a database that is clean against the original snapshot, under --strict', async function () {
      expect(await checkAgainst(originalSnapshot, rebuilt.session)).to.deep.equal([])
    })

    it('injects nothing: the canary table that hostile names try to drop is there', async function () {
      const rows = await rebuilt.session.query<{ name: string | null }>("SELECT to_regclass('public.canary')::text AS name")
      expect(rows[0]?.name).to.equal('canary')
      expect(sql).to.not.match(/^\s*DROP TABLE canary/m)
    })

    it('runs a second time without error and changes nothing', async function () {
      await rebuilt.session.exec(sql)
      expect(await snapshotOf(rebuilt.session)).to.equal(originalSnapshot)
    })

    it('lists under "Not created" what the model cannot rebuild (an exclusion constraint), not skipping it silently', async function () {
      // On the rebuilt copy, so the original stays as loaded.
      await rebuilt.session.exec('ALTER TABLE people ADD CONSTRAINT people_no_overlap EXCLUDE USING btree (id WITH =)')
      const { model, server } = await introspectDatabase(rebuilt.session)
      const plan = planSchema(model, server.versionNum)
      expect(plan.unrepairable.map((u) => `${u.resolves.subject.name ?? ''}: ${u.reason}`)).to.deep.equal([
        'people_no_overlap: it backs constraint people_no_overlap, which the model does not describe (an exclusion constraint)',
      ])
      await rebuilt.session.exec('ALTER TABLE people DROP CONSTRAINT people_no_overlap')
    })

    if (engine.name !== 'pglite') {
      it('with --table, writes what those tables use too (enum, sequences, trigger function), so the script runs on its own', async function () {
        const [tableSql, tableJson] = [
          await snapshotCli(original.url, '--format', 'sql', '--table', 'projects'),
          await snapshotCli(original.url, '--table', 'projects'),
        ]
        const alone = await engine.createDatabase()
        try {
          await alone.session.exec(tableSql)
          expect(await checkAgainst(tableJson, alone.session, false)).to.deep.equal([])
          const { model } = await introspectDatabase(alone.session)
          expect(model.tables.map((t) => t.name)).to.deep.equal(['projects', 'users'])
          expect(model.functions.map((f) => f.name)).to.deep.equal(['touch_updated_at'])
        } finally {
          await alone.drop()
        }
      })

      if (!hasPsql) {
        it('runs under psql -v ON_ERROR_STOP=1 (pending: no psql on PATH)')
      } else {
        it('runs under psql -v ON_ERROR_STOP=1 -f FILE as is, with the same result', async function () {
          const directory = await mkdtemp(join(tmpdir(), 'vdb-schema-sql-'))
          const viaPsql = await engine.createDatabase()
          try {
            const file = join(directory, 'schema.sql')
            await writeFile(file, sql)
            const psql = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file, viaPsql.url], { encoding: 'utf8' })
            expect(psql.status, psql.stderr).to.equal(0)
            expect(await snapshotOf(viaPsql.session)).to.equal(originalSnapshot)
          } finally {
            await viaPsql.drop()
            await rm(directory, { recursive: true, force: true })
          }
        })
      }
    }
  })
}
