/**
 * A least-privilege role (LOGIN, CONNECT, no USAGE on `public`) must read the same model as a
 * superuser. Without USAGE PostgreSQL leaves `public` off the effective search path, so the
 * introspection's `SET LOCAL search_path = public` does nothing for that role and format_type()
 * and the deparse functions qualify every public type and operator (`SETOF public.customer`,
 * `public.mpaa_rating`, `OPERATOR(public.~)`). Catalogs are world-readable, so nothing else may
 * differ: the snapshot must be byte-identical and checking as that role against the superuser's
 * snapshot must find nothing. Needs a real server: PGlite has a single superuser session.
 */
import { randomBytes } from 'node:crypto'
import { viewOf } from '../support/finding-view.js'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import pg from 'pg'
import { introspectDatabase } from '../../src/introspect/introspect-database.js'
import { openDatabase } from '../../src/introspect/open-database.js'
import type { DatabaseSession } from '../../src/introspect/queryable.js'
import type { SchemaModel } from '../../src/model/schema-model.js'
import { modelToSpec, renderSpecJson } from '../../src/snapshot/model-to-spec.js'
import { verify } from '../../src/app/check.js'
import { corpusAvailable, corpusMissingReason, listCorpora, loadCorpus, type Corpus } from '../support/corpus.js'
import { ENGINES, serverAdminUrl, type Engine, type TestDatabase } from '../support/databases.js'

const ROLE = 'vdb_least_privilege'
const ROLE_PASSWORD = randomBytes(12).toString('hex')

/**
 * What the corpus does not have: a public type hidden behind a pg_catalog type of the same name
 * (`box`: PostgreSQL qualifies it for everyone, so it must stay `public.box`), quoted and array
 * types, a domain, citext's operators in public, RETURNS TABLE with quoted column names, SETOF a
 * table, OUT parameters, a procedure, and `public.` inside string constants (never touched).
 */
const EDGE_SQL = `
CREATE EXTENSION citext;
CREATE TYPE box AS (a integer);
CREATE TYPE "Mixed Case" AS ENUM ('a', 'b');
CREATE DOMAIN amount AS numeric(10, 2) CHECK (VALUE >= 0);
CREATE TABLE edge (
  id serial PRIMARY KEY,
  shape public.box,
  shapes public.box[],
  builtin_shape box,
  kind "Mixed Case" NOT NULL DEFAULT 'a',
  kinds "Mixed Case"[] DEFAULT ARRAY['b']::"Mixed Case"[],
  total amount DEFAULT 1.5,
  email citext CHECK (email ~ '@' AND email <> 'public.x'),
  note text DEFAULT 'public.x'
);
CREATE INDEX edge_email ON edge (lower(email::text)) WHERE email <> '' AND kind = ANY (ARRAY['a']::"Mixed Case"[]);
CREATE FUNCTION edge_rows(k "Mixed Case") RETURNS TABLE("Kind" "Mixed Case", "select" public.box, n integer)
  LANGUAGE sql AS $$ SELECT kind, shape, id FROM edge WHERE kind = k $$;
CREATE FUNCTION edge_all() RETURNS SETOF edge LANGUAGE sql AS $$ SELECT * FROM edge $$;
CREATE FUNCTION edge_out(OUT a amount, OUT b citext) RETURNS SETOF record LANGUAGE sql AS $$ SELECT 1::amount, 'x'::citext $$;
CREATE FUNCTION edge_arrays(items public.box[], VARIADIC kinds "Mixed Case"[]) RETURNS citext[] LANGUAGE sql AS $$ SELECT NULL::citext[] $$;
CREATE PROCEDURE edge_proc(a amount) LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION edge_twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN x * 2;
CREATE FUNCTION edge_kinds(k "Mixed Case" DEFAULT 'a') RETURNS SETOF edge LANGUAGE sql
  BEGIN ATOMIC SELECT * FROM edge WHERE edge.kind = k AND edge_twice(edge.id) > 0; END;
CREATE VIEW edge_view AS SELECT e.id, edge_twice(e.id) AS twice, 'b'::"Mixed Case" AS kind, NULL::public.box AS shape
  FROM edge e JOIN edge f ON f.id = e.id WHERE e.email ~ 'public.x' AND e.note <> 'public.y';
CREATE TABLE edge_parted (id integer, kind "Mixed Case") PARTITION BY RANGE (edge_twice(id));
CREATE TABLE edge_listed (id integer, kind "Mixed Case") PARTITION BY LIST (kind);
CREATE TABLE edge_listed_a PARTITION OF edge_listed FOR VALUES IN ('a');`

/** Sessions on one database: as the superuser (the test database's own) and as the least-privilege role. */
interface TwoRoles {
  readonly db: TestDatabase
  readonly roleUrl: string
}

/** A new database loaded by `load`, with USAGE on public revoked from PUBLIC (and so from ROLE). */
async function twoRoles(engine: Engine, load: (session: DatabaseSession) => Promise<void>): Promise<TwoRoles> {
  const db = await engine.createDatabase()
  await load(db.session)
  await db.session.exec('REVOKE ALL ON SCHEMA public FROM PUBLIC')
  const roleUrl = new URL(db.url)
  roleUrl.username = ROLE
  roleUrl.password = ROLE_PASSWORD
  return { db, roleUrl: roleUrl.toString() }
}

async function modelAs(url: string): Promise<SchemaModel> {
  const session = await openDatabase(url, { env: {} })
  try {
    const [row] = await session.query<{ usage: boolean; owner: boolean }>(
      `SELECT pg_catalog.has_schema_privilege('public', 'USAGE') AS usage,
        pg_catalog.pg_has_role((SELECT nspowner FROM pg_catalog.pg_namespace WHERE nspname = 'public'), 'USAGE') AS owner`,
    )
    // The premise of the test: this role really cannot use public (and does not own it).
    expect(row).to.deep.equal({ usage: false, owner: false })
    return (await introspectDatabase(session)).model
  } finally {
    await session.close()
  }
}

/** pg_get_function_result() as a superuser with public on the path prints it: the spelling the model must keep. */
async function functionResults(session: DatabaseSession): Promise<string[]> {
  await session.query('BEGIN')
  try {
    await session.query('SET LOCAL search_path = public')
    const rows = await session.query<{ signature: string }>(`
      SELECT n.nspname || '.' || p.proname || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ') ' ||
        COALESCE(pg_catalog.pg_get_function_result(p.oid), pg_catalog.format_type(p.prorettype, NULL)) AS signature
      FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
      WHERE p.prokind IN ('f', 'p') AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
        AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
          WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'e')`)
    return rows.map((r) => r.signature).sort()
  } finally {
    await session.query('ROLLBACK')
  }
}

function modelFunctionResults(model: SchemaModel): string[] {
  return model.functions.map((f) => `${f.schema}.${f.name}(${(f.argumentTypes ?? []).join(', ')}) ${f.returns ?? ''}`).sort()
}

/** Every corpus, each SQL file once. */
function uniqueCorpora(): Corpus[] {
  const seen = new Set<string>()
  return listCorpora().filter((c) => !seen.has(c.file) && seen.add(c.file))
}

describe('a role without USAGE on public reads the same model as a superuser', function () {
  const engine = ENGINES.find((e) => e.name === 'postgresql') as Engine
  let directory: string

  before(async function () {
    directory = await mkdtemp(join(tmpdir(), 'vdb-least-privilege-'))
    const admin = new pg.Client({ connectionString: await serverAdminUrl() })
    await admin.connect()
    try {
      // Roles are cluster-wide; LOGIN and (through PUBLIC) CONNECT, nothing else.
      await admin.query(`DROP ROLE IF EXISTS ${ROLE}`)
      await admin.query(`CREATE ROLE ${ROLE} LOGIN NOSUPERUSER NOINHERIT PASSWORD '${ROLE_PASSWORD}'`)
    } finally {
      await admin.end()
    }
  })
  after(async function () {
    if (directory !== undefined) await rm(directory, { recursive: true, force: true })
    const admin = new pg.Client({ connectionString: await serverAdminUrl() })
    await admin.connect()
    try {
      await admin.query(`DROP ROLE IF EXISTS ${ROLE}`)
    } finally {
      await admin.end()
    }
  })

  /** Superuser and role models are equal, their snapshots are identical, and the role's check of the superuser's snapshot is clean. */
  async function expectSameAsSuperuser(roles: TwoRoles, name: string): Promise<SchemaModel> {
    const superuser = (await introspectDatabase(roles.db.session)).model
    const leastPrivilege = await modelAs(roles.roleUrl)
    // The schema reads the same; the rows of a migration history need SELECT on it, which the role lacks.
    const { migrationHistories: superuserHistories, ...superuserSchema } = superuser
    const { migrationHistories: roleHistories, ...roleSchema } = leastPrivilege
    expect(roleSchema).to.deep.equal(superuserSchema)
    expect(roleHistories).to.deep.equal((superuserHistories ?? []).map((h) => ({ ...h, rows: null })))
    const snapshot = renderSpecJson(modelToSpec(superuser))
    expect(renderSpecJson(modelToSpec(leastPrivilege))).to.equal(snapshot)
    const specPath = join(directory, `${name.replace(/\//g, '_')}.json`)
    await writeFile(specPath, snapshot)
    for (const isStrict of [false, true]) {
      const { report } = await verify({ specPath, url: roles.roleUrl, env: {}, isStrict })
      expect(report.target.user).to.equal(ROLE)
      expect(
        report.findings.map(viewOf).map((f) => `${f.code} ${f.schema}.${f.table}.${f.name}: ${f.message}`),
        `strict: ${isStrict}`,
      ).to.deep.equal([])
    }
    // And the superuser's model spells results exactly as PostgreSQL does.
    expect(modelFunctionResults(superuser)).to.deep.equal(await functionResults(roles.db.session))
    return superuser
  }

  describe('on types and operators the corpus does not cover', function () {
    let roles: TwoRoles
    before(async function () {
      roles = await twoRoles(engine, (session) => session.exec(EDGE_SQL))
    })
    after(async function () {
      await roles?.db.drop()
    })

    it('spells public types, relations, functions and operators bare, except a type hidden behind a pg_catalog one, and leaves string constants alone', async function () {
      const model = await expectSameAsSuperuser(roles, 'edge')
      const edge = model.tables.find((t) => t.name === 'edge')
      expect(edge?.columns.map((c) => [c.name, c.type, c.default])).to.deep.equal([
        ['id', 'integer', "nextval('edge_id_seq'::regclass)"],
        ['shape', 'public.box', null],
        ['shapes', 'public.box[]', null],
        ['builtin_shape', 'box', null],
        ['kind', '"Mixed Case"', "'a'"],
        ['kinds', '"Mixed Case"[]', 'ARRAY[\'b\'::"Mixed Case"]'],
        ['total', 'amount', '1.5'],
        ['email', 'citext', null],
        ['note', 'text', "'public.x'"],
      ])
      expect(edge?.checkConstraints.map((c) => c.expression)).to.deep.equal(["email ~ '@' AND email <> 'public.x'"])
      expect(model.functions.map((f) => [f.name, f.argumentTypes, f.returns])).to.deep.equal([
        ['edge_all', [], 'SETOF edge'],
        ['edge_arrays', ['public.box[]', '"Mixed Case"[]'], 'citext[]'],
        ['edge_kinds', ['"Mixed Case"'], 'SETOF edge'],
        ['edge_out', [], 'SETOF record'],
        ['edge_proc', ['amount'], 'void'],
        ['edge_rows', ['"Mixed Case"'], 'TABLE("Kind" "Mixed Case", "select" public.box, n integer)'],
        ['edge_twice', ['integer'], 'integer'],
      ])
      // Deparsed text as with public on the path: public types bare unless hidden, operators bare, string constants untouched.
      expect(model.views.map((v) => v.definition)).to.deep.equal([
        'SELECT e.id,\n    edge_twice(e.id) AS twice,\n    \'b\'::"Mixed Case" AS kind,\n    NULL::public.box AS shape\n' +
          "   FROM (edge e\n     JOIN edge f ON ((f.id = e.id)))\n  WHERE ((e.email ~ 'public.x'::citext) AND (e.note <> 'public.y'::text))",
      ])
      expect(model.tables.filter((t) => t.partitionBy != null || t.partitionBound != null).map((t) => [t.name, t.partitionBy, t.partitionBound])).to.deep.equal(
        [
          ['edge_listed', 'LIST (kind)', null],
          ['edge_listed_a', null, "FOR VALUES IN ('a')"],
          ['edge_parted', 'RANGE (edge_twice(id))', null],
        ],
      )
      const kinds = model.functions.find((f) => f.name === 'edge_kinds')
      expect(kinds?.body).to.include('FROM edge').and.include('edge_twice(edge.id)').and.not.include('public.')
      expect(kinds?.createStatement).to.match(
        /^CREATE OR REPLACE FUNCTION public\.edge_kinds\(k "Mixed Case" DEFAULT 'a'::"Mixed Case"\)\n RETURNS SETOF edge\n/,
      )
    })
  })

  if (!corpusAvailable()) {
    it(`reads every corpus schema identically (pending: ${corpusMissingReason()})`)
    return
  }

  for (const corpus of uniqueCorpora()) {
    it(`reads ${corpus.name} identically`, async function () {
      const roles = await twoRoles(engine, (session) => loadCorpus(session, corpus.name))
      try {
        await expectSameAsSuperuser(roles, corpus.name)
      } finally {
        await roles.db.drop()
      }
    })
  }
})
