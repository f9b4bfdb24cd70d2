/**
 * Tenant schemas (`check --tenant-schemas`): one database holding the same schema twenty times,
 * each checked against the spec's template schema in one snapshot. Exactly the three tenants
 * drifted (each differently) are reported; the template's enum, serial columns, trigger function,
 * view and the foreign key to a shared `public.plans` are moved or kept as the tenants have them;
 * the catalog is read with the same statements as for one schema.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { checkSnapshotFile, checkSpecFile, type CheckResult, type CheckTargetOptions } from '../../src/app/check.js'
import { defaultDeps } from '../../src/app/deps.js'
import { expectedSchemaOfText } from '../../src/app/expected-schema.js'
import type { Finding } from '../../src/compare/finding.js'
import { UsageError } from '../../src/errors.js'
import { renderReport } from '../../src/report/renderers.js'
import { scriptOf } from '../../src/fix/fix-script.js'
import { ENGINES, type TestDatabase } from '../support/databases.js'
import { expectJsonReport } from '../support/json-report.js'
import { runBin } from '../support/run-bin.js'

const deps = defaultDeps({ env: {} })
const brief = (f: Finding): string => `${f.code} ${f.subject.schema ?? '-'}.${f.subject.table ?? '-'}.${f.subject.name ?? '-'}`

/** One tenant's schema; `plans` is the shared table its accounts reference (none: no such key). */
function tenantSql(schema: string, plans: string | null): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${schema};
SET search_path = ${schema};
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.updated_at = now(); RETURN NEW; END$$;
CREATE TABLE accounts (
  id serial PRIMARY KEY,
  ${plans === null ? '' : `plan_id integer NOT NULL REFERENCES ${plans} (id),`}
  mood mood NOT NULL DEFAULT 'happy',
  updated_at timestamp
);
${plans === null ? '' : 'CREATE INDEX accounts_plan_id_idx ON accounts (plan_id);'}
CREATE TRIGGER accounts_touch BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TABLE entries (
  id bigserial PRIMARY KEY,
  account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  minutes integer CHECK (minutes > 0),
  feeling mood CHECK (feeling <> 'sad'::mood)
);
CREATE INDEX entries_account_id_idx ON entries (account_id);
CREATE VIEW busy AS SELECT a.id, count(e.id) AS n FROM accounts a JOIN entries e ON e.account_id = a.id GROUP BY a.id;
RESET search_path;
`
}

const SHARED_SQL = 'CREATE TABLE public.plans (id serial PRIMARY KEY, name text NOT NULL);'
const TENANTS = Array.from({ length: 20 }, (_, i) => `tenant_${String(i + 1).padStart(4, '0')}`)

/** Three tenants drifted three ways: a column (with its check) gone, an enum label added, a trigger dropped. */
const DRIFT_SQL = `
ALTER TABLE tenant_0004.entries DROP COLUMN minutes;
ALTER TYPE tenant_0009.mood ADD VALUE 'angry';
DROP TRIGGER accounts_touch ON tenant_0017.accounts;
`

/**
 * The application's tenant registry (not in the spec): every tenant of TENANTS, `other` (a schema
 * the pattern does not match), and `tenant_0021`, whose schema was never made or was dropped.
 */
const REGISTRY_SQL = `
CREATE TABLE public.tenant_registry (schema_name text PRIMARY KEY, active boolean NOT NULL DEFAULT true);
INSERT INTO public.tenant_registry (schema_name) VALUES ${[...TENANTS, 'other', 'tenant_0021'].map((t) => `('${t}')`).join(', ')};
`

for (const engine of ENGINES) {
  describe(`tenant schemas on ${engine.name}`, function () {
    let dir: string
    let db: TestDatabase
    /** The spec: the shared table and the template schema, as SQL. */
    let sqlSpecFile: string
    /** The same spec as JSON (made from the SQL once: each SQL spec costs a PGlite start). */
    let specFile: string

    before(async function () {
      dir = await mkdtemp(join(tmpdir(), 'vdb-tenants-'))
      sqlSpecFile = join(dir, 'schema.sql')
      await writeFile(sqlSpecFile, SHARED_SQL + tenantSql('tenant_template', 'public.plans'))
      specFile = join(dir, 'spec.json')
      const loaded = await expectedSchemaOfText(sqlSpecFile, SHARED_SQL + tenantSql('tenant_template', 'public.plans'), {}, deps)
      await writeFile(specFile, JSON.stringify(loaded.spec))
      db = await engine.createDatabase()
      await db.session.exec(SHARED_SQL + TENANTS.map((t) => tenantSql(t, 'public.plans')).join('') + tenantSql('other', null) + DRIFT_SQL + REGISTRY_SQL)
      await db.release()
    })
    after(async function () {
      await db.drop()
      await rm(dir, { recursive: true, force: true })
    })

    const check = async (options: CheckTargetOptions, spec = specFile): Promise<CheckResult> => {
      const outcome = await checkSpecFile(spec, db.url, options, deps)
      if (outcome.kind === 'failed') throw outcome.error
      return outcome
    }
    const tenants = { pattern: 'tenant_*', template: 'tenant_template' }

    it('reports exactly the three drifted tenants, each with its own findings', async function () {
      const { report } = await check({ tenants })
      expect(report.findings.map(brief)).to.deep.equal([
        'column.missing tenant_0004.entries.minutes',
        'check.missing tenant_0004.entries.entries_minutes_check',
        'enum.mismatch tenant_0009.-.mood',
        'trigger.missing tenant_0017.accounts.accounts_touch',
      ])
      expect(report.options.schemas).to.deep.equal(['public', ...TENANTS])
      const drifted = report.tenants?.schemas.filter((t) => t.status === 'fail').map((t) => `${t.schema} ${t.codes.join(',')}`)
      expect(drifted).to.deep.equal(['tenant_0004 check.missing,column.missing', 'tenant_0009 enum.mismatch', 'tenant_0017 trigger.missing'])
      expect(report.tenants?.schemas.find((t) => t.schema === 'tenant_0004')).to.deep.include({ status: 'fail', summary: { error: 2, warning: 0, info: 0 } })
      expect(report.tenants?.schemas.find((t) => t.schema === 'tenant_0001')).to.deep.include({ status: 'pass', summary: { error: 0, warning: 0, info: 0 } })
      expect(report.tenants?.schemas).to.have.length(20)
      expect(report.status).to.equal('fail')
    })

    it('reads the catalog with the same statements as a check of one schema', async function () {
      const all = await check({ tenants })
      const one = await check({ tenants: { pattern: 'tenant_0001', template: 'tenant_template' } })
      expect(one.report.findings).to.deep.equal([])
      expect(all.queryCount).to.equal(one.queryCount)
      expect(all.report.checked.tables).to.equal(20 * 2 + 1)
    })

    it('keeps a foreign key to a shared table as written, and finds one that points at the wrong schema', async function () {
      const other = await engine.createDatabase()
      try {
        await other.session.exec(
          SHARED_SQL +
            'CREATE SCHEMA elsewhere; CREATE TABLE elsewhere.plans (id integer PRIMARY KEY);' +
            tenantSql('tenant_a', 'public.plans') +
            tenantSql('tenant_b', 'elsewhere.plans'),
        )
        await other.release()
        const outcome = await checkSpecFile(specFile, other.url, { tenants }, deps)
        if (outcome.kind === 'failed') throw outcome.error
        expect(outcome.report.findings.map((f) => `${brief(f)} ${f.problem === 'mismatch' ? f.attributes.join(',') : ''}`)).to.deep.equal([
          'foreign_key.mismatch tenant_b.accounts.accounts_plan_id_fkey references',
        ])
      } finally {
        await other.drop()
      }
    })

    it('takes public as the template by default, moving its enum, function and sequences into each tenant, and tells a view reading public from its own', async function () {
      const publicSpec = join(dir, 'public.sql')
      await writeFile(publicSpec, tenantSql('public', null))
      const other = await engine.createDatabase()
      try {
        // The schema was also run into public once, and initech's view was made with public first on
        // the search path: it reads public's tables, not its own. Both spell the tables bare.
        await other.session.exec(
          ['acme', 'globex', 'initech', 'public'].map((t) => tenantSql(t, null)).join('') +
            'ALTER TABLE globex.accounts ALTER COLUMN mood DROP DEFAULT;' +
            'CREATE OR REPLACE VIEW initech.busy AS SELECT a.id, count(e.id) AS n FROM public.accounts a JOIN public.entries e ON e.account_id = a.id GROUP BY a.id;',
        )
        await other.release()
        const outcome = await checkSpecFile(publicSpec, other.url, { tenants: { pattern: '{acme,globex,initech}' } }, deps)
        if (outcome.kind === 'failed') throw outcome.error
        expect(outcome.report.findings.map(brief)).to.deep.equal(['column.mismatch globex.accounts.mood', 'view.mismatch initech.-.busy'])
        expect(outcome.report.tenants).to.deep.include({ pattern: '{acme,globex,initech}', template: 'public' })
      } finally {
        await other.drop()
      }
    })

    it('refuses a pattern that matches nothing, a template the spec lacks, and --schema with a pattern', async function () {
      const none = await checkSpecFile(specFile, db.url, { tenants: { pattern: 'tenant-*', template: 'tenant_template' } }, deps)
      expect(none.kind === 'failed' && none.error).to.be.instanceOf(UsageError)
      expect(none.kind === 'failed' && none.error.message).to.match(
        /^--tenant-schemas "tenant-\*" matches no schema in \S+ \(it has other, public, tenant_0001/,
      )
      let thrown: unknown
      try {
        await checkSpecFile(specFile, db.url, { tenants: { pattern: 'tenant_*', template: 'tenant_templat' } }, deps)
      } catch (error) {
        thrown = error
      }
      expect(String(thrown)).to.include('--template-schema "tenant_templat" is not a schema the spec describes; did you mean "tenant_template"?')
      thrown = undefined
      try {
        await checkSpecFile(specFile, db.url, { tenants, schemas: ['public'] }, deps)
      } catch (error) {
        thrown = error
      }
      expect(thrown).to.be.instanceOf(UsageError)
    })

    it('says per tenant what drifted in every format, and the JSON report validates', async function () {
      const { report } = await check({ tenants })
      const table = renderReport(report, 'table', { isColor: false })
      expect(table).to.include(
        'Tenants (tenant_* against tenant_template): 20 schemas checked, 3 with findings: tenant_0004 (2 errors), tenant_0009 (1 error), tenant_0017 (1 error).',
      )
      const markdown = renderReport(report, 'markdown', { isColor: false })
      expect(markdown).to.include('| `tenant_0004` | fail | 2 | 0 | 0 | `check.missing` `column.missing` |')
      const json = expectJsonReport(renderReport(report, 'json', { isColor: false })) as { tenants: { schemas: unknown[] } }
      expect(json.tenants.schemas).to.have.length(20)
    })

    it('plans a repair per tenant that brings each drifted one back, and leaves the others alone', async function () {
      const copy = await engine.createDatabase()
      try {
        await copy.session.exec(
          SHARED_SQL +
            ['tenant_0001', 'tenant_0004', 'tenant_0017'].map((t) => tenantSql(t, 'public.plans')).join('') +
            DRIFT_SQL.split('\n')
              .filter((l) => !l.includes('0009'))
              .join('\n'),
        )
        await copy.release()
        const first = await checkSpecFile(specFile, copy.url, { tenants, fix: { allowDestructive: true, concurrently: false, notValid: false } }, deps)
        if (first.kind === 'failed') throw first.error
        const plan = first.fix?.plan
        expect(plan?.unrepairable ?? []).to.deep.equal([])
        const statements = plan === undefined ? [] : scriptOf(plan).map((s) => s.sql)
        expect(statements.join('\n')).to.include('tenant_0004.entries').and.include('tenant_0017.accounts').and.not.include('tenant_0001')
        const session = await deps.openDatabase(copy.url, { env: {} })
        try {
          for (const sql of statements) await session.exec(sql)
        } finally {
          await session.close()
        }
        const second = await checkSpecFile(specFile, copy.url, { tenants }, deps)
        if (second.kind === 'failed') throw second.error
        expect(second.report.findings.map(brief)).to.deep.equal([])
      } finally {
        await copy.drop()
      }
    })

    it('reports a tenant the registry lists but the database lacks, and checks a listed one the pattern misses (--tenants-from-query)', async function () {
      const query = 'SELECT schema_name FROM public.tenant_registry WHERE active ORDER BY 1'
      const { report, queryCount } = await check({ tenants: { ...tenants, query } })
      // The three drifted tenants as before; `other` (made without plans: no plan_id, its index and key)
      // checked though the pattern misses it; tenant_0021 missing, with everything the template would put in it.
      expect(report.findings.map(brief)).to.deep.equal([
        'column.missing other.accounts.plan_id',
        'index.missing other.accounts.accounts_plan_id_idx',
        'foreign_key.missing other.accounts.accounts_plan_id_fkey',
        'column.missing tenant_0004.entries.minutes',
        'check.missing tenant_0004.entries.entries_minutes_check',
        'enum.mismatch tenant_0009.-.mood',
        'trigger.missing tenant_0017.accounts.accounts_touch',
        'table.missing tenant_0021.-.accounts',
        'view.missing tenant_0021.-.busy',
        'table.missing tenant_0021.-.entries',
        'enum.missing tenant_0021.-.mood',
        'schema.missing tenant_0021.-.tenant_0021',
        'function.missing tenant_0021.-.touch',
      ])
      expect(report.tenants?.schemas.map((t) => t.schema)).to.deep.equal(['other', ...TENANTS, 'tenant_0021'])
      expect(report.tenants?.schemas.find((t) => t.schema === 'tenant_0021')?.codes).to.include('schema.missing')
      // The registry is read in the same snapshot: a savepoint, the query, its rollback more than the pattern alone.
      const globOnly = await check({ tenants })
      expect(queryCount).to.equal(globOnly.queryCount + 3)
      // What the query does to the session does not reach the catalog reads: not a search_path set on the way.
      const meddling = await check({
        tenants: {
          ...tenants,
          query: "SELECT 'tenant_0001' FROM (SELECT set_config('search_path', 'pg_catalog', true), set_config('statement_timeout', '1', true)) s",
        },
      })
      expect(meddling.report.findings.map(brief)).to.deep.equal(globOnly.report.findings.map(brief))
      // Through the CLI: exit 1, and the missing tenant is named.
      const run = await runBin([
        'check',
        '--spec',
        specFile,
        '--url',
        db.url,
        '--tenant-schemas',
        'tenant_*',
        '--template-schema',
        'tenant_template',
        '--tenants-from-query',
        query,
      ])
      expect(run.code, run.stderr).to.equal(1)
      expect(run.stdout).to.include('tenant_0021')
    })

    it('refuses a registry query that is not one statement, fails, or gives no schema name, each in one line (exit 2)', async function () {
      const cases: readonly [string, RegExp][] = [
        ['SELECT 1; COMMIT', /^--tenants-from-query takes one SELECT statement \(got 2\)/],
        ['SELECT schema_name FROM public.no_such_registry', /^--tenants-from-query: relation "public.no_such_registry" does not exist/],
        ['SELECT NULL::text', /^--tenants-from-query: row 1 gives null; its first column must name a schema/],
        ["SELECT 'public'", /^--tenants-from-query lists public, which the spec describes itself/],
        // Whatever a statement splitter makes of it, the server is given one query, as a subquery.
        ['COMMIT', /^--tenants-from-query: syntax error at or near/],
        ["SELECT x.begin atomic FROM (SELECT 'tenant_0001' AS begin) x; COMMIT; DROP TABLE public.plans; END", /^--tenants-from-query: /],
      ]
      for (const [query, message] of cases) {
        const outcome = await checkSpecFile(specFile, db.url, { tenants: { ...tenants, query } }, deps).catch((error: unknown) => ({ kind: 'thrown', error }))
        const error = outcome.kind === 'checked' ? undefined : (outcome as { error: unknown }).error
        expect(error, query).to.be.instanceOf(UsageError)
        expect((error as Error).message, query).to.match(message)
      }
      // A snapshot file has no registry to query.
      const offline = await checkSnapshotFile(specFile, join(dir, 'no-snapshot.json'), { tenants: { ...tenants, query: 'SELECT 1' } }, deps).catch(
        (e: unknown) => e,
      )
      expect(String(offline)).to.include('--tenants-from-query reads the database itself: run it against --url, not --from-snapshot')
      const run = await runBin(['check', '--spec', specFile, '--url', db.url, '--tenants-from-query', 'SELECT 1'])
      expect(run.code).to.equal(2)
      expect(run.stderr.trim().split('\n')).to.have.length(1)
      expect(run.stderr).to.include('--tenants-from-query lists the tenants that must exist: give it with --tenant-schemas PATTERN')
    })

    it('is a flag of check: exit 1 for the drifted tenants, 2 for a pattern that matches nothing, and the same offline', async function () {
      const run = await runBin(['check', '--spec', sqlSpecFile, '--url', db.url, '--tenant-schemas', 'tenant_*', '--template-schema', 'tenant_template'])
      expect(run.code, run.stderr).to.equal(1)
      expect(run.stdout).to.include('20 schemas checked, 3 with findings')
      const none = await runBin(['check', '--spec', specFile, '--url', db.url, '--tenant-schemas', 'nobody_*', '--template-schema', 'tenant_template'])
      expect(none.code).to.equal(2)
      expect(none.stderr.trim().split('\n')).to.have.length(1)
      const orphan = await runBin(['check', '--spec', specFile, '--url', db.url, '--template-schema', 'tenant_template'])
      expect(orphan.code).to.equal(2)
      // Offline, from a snapshot of the database: the same tenants, the same findings.
      const snapshot = join(dir, 'snapshot.json')
      const taken = await runBin(['snapshot', '--url', db.url, '--out', snapshot])
      expect(taken.code, taken.stderr).to.equal(0)
      const offline = await runBin([
        'check',
        '--spec',
        specFile,
        '--from-snapshot',
        snapshot,
        '--tenant-schemas',
        'tenant_*',
        '--template-schema',
        'tenant_template',
        '--format',
        'json',
      ])
      expect(offline.code, offline.stderr).to.equal(1)
      const live = await check({ tenants })
      const report = JSON.parse(offline.stdout) as { findings: { code: string; schema: string }[]; tenants: unknown }
      expect(report.findings.map((f) => `${f.code} ${f.schema}`)).to.deep.equal(live.report.findings.map((f) => `${f.code} ${f.subject.schema ?? '-'}`))
      expect(report.tenants).to.deep.equal((JSON.parse(renderReport(live.report, 'json', { isColor: false })) as { tenants: unknown }).tenants)
    })
  })
}
