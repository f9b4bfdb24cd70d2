/**
 * The pool the suite's test databases come from (test/support/database-pool.ts) keeps its
 * promise: a database goes to the next test only when it is indistinguishable from a new one.
 * Objects of every kind the reset drops come back as an empty database; a change the reset does
 * not undo (a comment on a system object, a grant, a setting of the database, a role) discards it;
 * a test's handle is inert once it has dropped its database. On PGlite and PostgreSQL.
 */
import { expect } from 'chai'
import { ENGINES, type Engine } from '../support/databases.js'

/** What a test leaves behind that the reset drops: each kind of object it knows, in and out of public. */
const EVERY_KIND = `
CREATE SCHEMA app;
CREATE TABLE app.plans (id int PRIMARY KEY);
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE DOMAIN positive AS int CHECK (VALUE > 0);
CREATE TYPE pair AS (a int, b int);
CREATE TYPE span AS RANGE (subtype = int);
CREATE SEQUENCE counter;
CREATE TABLE users (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, plan int REFERENCES app.plans, m mood, p positive, s span, serial_id serial);
CREATE TABLE events (at date) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE VIEW active AS SELECT id FROM users;
CREATE MATERIALIZED VIEW counts AS SELECT count(*) FROM users;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
CREATE PROCEDURE noop() LANGUAGE sql AS 'SELECT 1';
CREATE AGGREGATE total(int) (sfunc = int4pl, stype = int);
CREATE FUNCTION plus(int, int) RETURNS int LANGUAGE sql AS 'SELECT $1 + $2';
CREATE OPERATOR === (leftarg = int, rightarg = int, function = plus);
CREATE COLLATION c_copy FROM "C";
CREATE TEXT SEARCH CONFIGURATION simple_copy (COPY = simple);
CREATE EXTENSION citext SCHEMA public;
COMMENT ON TABLE users IS 'people';
SET search_path = app;
`

/** Changes the reset does not undo: each must make the pool discard the database. */
const NOT_UNDONE: readonly { readonly name: string; readonly sql: string; readonly isPgliteOnly?: boolean }[] = [
  { name: 'a comment on an extension of the template', sql: "COMMENT ON EXTENSION plpgsql IS 'changed'" },
  { name: 'a privilege taken from a system object', sql: 'REVOKE USAGE ON LANGUAGE plpgsql FROM PUBLIC' },
  { name: 'a setting of the database', sql: "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET work_mem = ''8MB''', current_database()); END $$" },
  { name: 'a role (the cluster is the database’s own on PGlite)', sql: 'CREATE ROLE pool_test_role', isPgliteOnly: true },
]

/** What a database holds that a new one does not: objects outside the system schemas. */
async function objectsOf(engine: Engine, url: string, query: (sql: string) => Promise<{ n: number }[]>): Promise<number> {
  const [row] = await query(
    `SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast'))
          + (SELECT count(*) FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'public') AND nspname !~ '^pg_')
          + (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public')
          + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public')
          + (SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql') AS n`,
  )
  expect(row, `${engine.name} ${url}`).to.not.equal(undefined)
  return Number(row?.n)
}

for (const engine of ENGINES) {
  describe(`the test database pool on ${engine.name}`, function () {
    it('hands on a database that held every kind of object as an empty one, on the default search path', async function () {
      const first = await engine.createDatabase()
      const url = first.url
      await first.session.exec(EVERY_KIND)
      expect(await objectsOf(engine, url, (sql) => first.session.query(sql))).to.be.greaterThan(20)
      await first.drop()
      const second = await engine.createDatabase()
      try {
        // The same database, reused: the point of the pool.
        expect(second.url).to.equal(url)
        expect(await objectsOf(engine, url, (sql) => second.session.query(sql))).to.equal(0)
        const stateOf = async (db: { session: { query: <Row extends object>(sql: string) => Promise<Row[]> } }): Promise<unknown[]> =>
          db.session.query(
            `SELECT current_setting('search_path') AS search_path, nspowner::regrole::text AS owner, nspacl::text AS acl,
                    obj_description(oid, 'pg_namespace') AS comment
             FROM pg_namespace WHERE nspname = 'public'`,
          )
        const pub = await stateOf(second)
        // Against a database that no test has used (the pool's idle one is taken: this one is new).
        const other = await engine.createDatabase()
        const fresh = await stateOf(other).finally(() => other.drop())
        expect(pub).to.deep.equal(fresh)
      } finally {
        await second.drop()
      }
    })

    for (const change of NOT_UNDONE.filter((c) => c.isPgliteOnly !== true || engine.name === 'pglite')) {
      it(`discards a database after ${change.name}`, async function () {
        const first = await engine.createDatabase()
        const url = first.url
        await first.session.exec(change.sql)
        await first.drop()
        const second = await engine.createDatabase()
        try {
          expect(second.url).to.not.equal(url)
        } finally {
          await second.drop()
        }
      })
    }

    it("makes a test's handle inert once it dropped its database", async function () {
      const first = await engine.createDatabase()
      await first.drop()
      const second = await engine.createDatabase()
      try {
        const error = await first.session.exec('CREATE TABLE intruder (id int)').then(
          () => undefined,
          (e: unknown) => e,
        )
        expect(String(error)).to.match(/this test database was dropped/)
        // A second drop, or a release, of the old handle leaves the new test's database alone.
        await first.drop()
        await first.release()
        await second.session.exec('CREATE TABLE mine (id int)')
        const [row] = await second.session.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_class WHERE relname IN ('mine', 'intruder')")
        expect(row?.n).to.equal(1)
      } finally {
        await second.drop()
      }
    })
  })
}
