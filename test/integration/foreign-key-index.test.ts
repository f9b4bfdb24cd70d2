/**
 * Foreign keys without an index on their referencing columns: every DELETE of a referenced row
 * (and every change of its key) scans the referencing table. A warning in every check
 * (foreign_key.mismatch [indexed]), read from the catalog already sent for; `indexed: false`
 * accepts it; a spec that lists the covering index reports that index instead (one cause, one
 * finding); the repair creates the index; a snapshot keeps the database's unindexed keys.
 */
import { expect } from 'chai'
import { compareSchemas } from '../../src/compare/compare-schemas.js'
import type { Finding } from '../../src/compare/finding.js'
import { scriptOf } from '../../src/fix/fix-script.js'
import { introspectDatabase } from '../../src/introspect/introspect-database.js'
import { describeFinding } from '../../src/report/describe-finding.js'
import { findingPayload } from '../../src/report/finding-payload.js'
import { modelToSpec, renderSpecJson } from '../../src/snapshot/model-to-spec.js'
import { loadSpecText } from '../../src/spec/load-spec.js'
import { databasePerTest, ENGINES } from '../support/databases.js'
import { planSafeFix } from '../support/safe-fix.js'

const SQL = `
CREATE TABLE orgs (id integer PRIMARY KEY);
CREATE TABLE users (id integer PRIMARY KEY, org_id integer NOT NULL REFERENCES orgs (id));
CREATE TABLE projects (id integer PRIMARY KEY, org_id integer NOT NULL, owner_id integer REFERENCES users (id) ON DELETE CASCADE,
  FOREIGN KEY (org_id) REFERENCES orgs (id));
`

const brief = (f: Finding): string =>
  `${f.code} ${f.subject.table ?? '-'} ${f.subject.name ?? '-'} [${f.problem === 'mismatch' ? f.attributes.join(',') : ''}] ${f.severity}`

/** The three keys of SQL, as a spec lists them; `extra` adds to each table's entry. */
function specOf(extra: { users?: object; projects?: object; ownerKey?: object } = {}): object {
  return {
    schemas: {
      public: {
        tables: {
          orgs: { columns: { id: { type: 'integer' } }, primaryKey: { columns: ['id'] } },
          users: {
            columns: { id: { type: 'integer' }, org_id: { type: 'integer' } },
            primaryKey: { columns: ['id'] },
            foreignKeys: [{ columns: ['org_id'], references: { table: 'orgs' } }],
            ...extra.users,
          },
          projects: {
            columns: { id: { type: 'integer' }, org_id: { type: 'integer' }, owner_id: { type: 'integer' } },
            primaryKey: { columns: ['id'] },
            foreignKeys: [
              { columns: ['org_id'], references: { table: 'orgs' } },
              { columns: ['owner_id'], references: { table: 'users' }, onDelete: 'CASCADE', ...extra.ownerKey },
            ],
            ...extra.projects,
          },
        },
      },
    },
  }
}

for (const engine of ENGINES) {
  describe(`foreign keys without an index on ${engine.name}`, function () {
    const database = databasePerTest(engine, SQL)

    const check = async (spec: object, isStrict = false): Promise<{ findings: Finding[]; apply: () => Promise<string[]> }> => {
      const loaded = loadSpecText('spec.json', JSON.stringify(spec))
      const { model, server } = await introspectDatabase(database().session, { schemas: ['public'] })
      const findings = compareSchemas(loaded.model, model, { isStrict })
      const apply = async (): Promise<string[]> => {
        const plan = planSafeFix(findings, loaded.model, model, server.versionNum)
        expect(plan.unrepairable).to.deep.equal([])
        for (const statement of scriptOf(plan)) await database().session.exec(statement.sql)
        return plan.statements.flatMap((s) => s.sql)
      }
      return { findings, apply }
    }

    it('warns about each key whose columns no index starts with, and says what it costs', async function () {
      const { findings } = await check(specOf())
      expect(findings.map(brief)).to.deep.equal([
        'foreign_key.mismatch projects - [indexed] warning',
        'foreign_key.mismatch projects - [indexed] warning',
        'foreign_key.mismatch users - [indexed] warning',
      ])
      expect(describeFinding(findings[2]!)).to.equal(
        'Foreign key (org_id) on public.users has no index on its columns: each DELETE of a referenced row (and each change of its key) scans this whole table, holding a lock.',
      )
      expect(findingPayload(findings[2]!)).to.deep.equal({ expected: { indexed: true }, actual: { indexed: false } })
    })

    it('counts an index, primary key or unique constraint that starts with the columns, in any order or direction', async function () {
      await database().session.exec(`
        CREATE TABLE memberships (org_id integer REFERENCES orgs (id), user_id integer REFERENCES users (id), PRIMARY KEY (org_id, user_id));
        CREATE TABLE seats (org_id integer, user_id integer, UNIQUE (user_id, org_id), FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id));
        CREATE INDEX users_org_id_created_idx ON users (org_id DESC, id);
        CREATE INDEX projects_org_id_hash_idx ON projects USING hash (org_id);`)
      const spec = specOf() as { schemas: { public: { tables: Record<string, object> } } }
      const tables = spec.schemas.public.tables
      tables['memberships'] = {
        columns: { org_id: {}, user_id: {} },
        foreignKeys: [
          { columns: ['org_id'], references: { table: 'orgs' } },
          { columns: ['user_id'], references: { table: 'users' } },
        ],
      }
      tables['seats'] = { columns: { org_id: {}, user_id: {} }, foreignKeys: [{ columns: ['org_id', 'user_id'], references: { table: 'memberships' } }] }
      const { findings } = await check(spec)
      // The primary key (org_id, user_id) serves org_id, not user_id; the unique (user_id, org_id) serves (org_id, user_id).
      expect(findings.map(brief)).to.deep.equal(['foreign_key.mismatch memberships - [indexed] warning', 'foreign_key.mismatch projects - [indexed] warning'])
    })

    it('does not count a partial index, an expression, a later key column, an INCLUDE column or an invalid index', async function () {
      await database().session.exec(`
        CREATE INDEX projects_owner_active_idx ON projects (owner_id) WHERE owner_id > 0;
        CREATE INDEX projects_id_owner_idx ON projects (id, owner_id);
        CREATE INDEX projects_org_include_idx ON projects (id) INCLUDE (org_id);
        CREATE INDEX users_org_expr_idx ON users ((org_id + 0));
        INSERT INTO orgs VALUES (1); INSERT INTO users VALUES (1, 1), (2, 1);`)
      // A unique build that met duplicates leaves an INVALID index behind.
      await database()
        .session.exec('CREATE UNIQUE INDEX CONCURRENTLY users_org_id_key ON users (org_id)')
        .catch(() => undefined)
      const { model } = await introspectDatabase(database().session, { schemas: ['public'] })
      expect(model.tables.find((t) => t.name === 'users')?.indexes.find((i) => i.name === 'users_org_id_key')?.isValid).to.equal(false)
      const { findings } = await check(specOf())
      expect(findings.map(brief)).to.deep.equal([
        'foreign_key.mismatch projects - [indexed] warning',
        'foreign_key.mismatch projects - [indexed] warning',
        'foreign_key.mismatch users - [indexed] warning',
      ])
    })

    it('takes `indexed: false` at its word', async function () {
      const { findings } = await check(
        specOf({ ownerKey: { indexed: false }, users: { foreignKeys: [{ columns: ['org_id'], references: { table: 'orgs' }, indexed: false }] } }),
      )
      expect(findings.map(brief)).to.deep.equal(['foreign_key.mismatch projects - [indexed] warning'])
    })

    it('reports the missing index, not the key, when the spec lists the index (one cause, one finding)', async function () {
      const { findings } = await check(
        specOf({ projects: { indexes: [{ name: 'projects_owner_id_idx', columns: ['owner_id'] }], unique: [{ columns: ['org_id', 'id'] }] } }),
      )
      expect(findings.map(brief)).to.deep.equal([
        'unique.missing projects - [] error',
        'index.missing projects projects_owner_id_idx [] warning',
        'foreign_key.mismatch users - [indexed] warning',
      ])
    })

    it('repairs it with an index on the columns, which a --strict check then does not call extra', async function () {
      const spec = specOf()
      const statements = await (await check(spec)).apply()
      expect(statements).to.deep.equal([
        'CREATE INDEX IF NOT EXISTS projects_org_id_idx ON public.projects (org_id)',
        'CREATE INDEX IF NOT EXISTS projects_owner_id_idx ON public.projects (owner_id)',
        'CREATE INDEX IF NOT EXISTS users_org_id_idx ON public.users (org_id)',
      ])
      expect((await check(spec)).findings.map(brief)).to.deep.equal([])
      expect((await check(spec, true)).findings.map(brief)).to.deep.equal([])
      // Any other index the spec does not list is still an extra under --strict: a wider one, or
      // a unique one on the key's columns (it changes which rows may exist).
      await database().session.exec('CREATE INDEX users_org_id_id_idx ON users (org_id, id); CREATE UNIQUE INDEX projects_owner_key ON projects (owner_id)')
      expect((await check(spec, true)).findings.map(brief)).to.deep.equal([
        'index.extra projects projects_owner_key [] warning',
        'index.extra users users_org_id_id_idx [] warning',
      ])
    })

    it('names the index past one that already has its name (IF NOT EXISTS would skip it), and converges', async function () {
      await database().session.exec('CREATE INDEX users_org_id_idx ON users (org_id) WHERE org_id > 100')
      const spec = specOf({ ownerKey: { indexed: false }, projects: { indexes: [{ columns: ['org_id'] }] } })
      const { findings, apply } = await check(spec)
      expect(findings.map(brief)).to.deep.equal(['index.missing projects - [] warning', 'foreign_key.mismatch users - [indexed] warning'])
      expect(await apply()).to.include('CREATE INDEX IF NOT EXISTS users_org_id_idx1 ON public.users (org_id)')
      expect((await check(spec)).findings.map(brief)).to.deep.equal([])
    })

    it('names the index past one the spec itself asks for under that name, so both get built', async function () {
      const spec = specOf({ users: { indexes: [{ name: 'users_org_id_idx', columns: ['org_id'], where: 'org_id > 100' }] }, ownerKey: { indexed: false } })
      const { findings, apply } = await check(spec)
      expect(findings.map(brief)).to.include('foreign_key.mismatch users - [indexed] warning')
      const statements = await apply()
      expect(statements).to.include.members([
        'CREATE INDEX IF NOT EXISTS users_org_id_idx ON public.users (org_id) WHERE org_id > 100',
        'CREATE INDEX IF NOT EXISTS users_org_id_idx1 ON public.users (org_id)',
      ])
      expect((await check(spec)).findings.map(brief)).to.deep.equal([])
    })

    it('indexes the spec’s columns when a key found by name has other columns', async function () {
      await database().session.exec('ALTER TABLE projects DROP CONSTRAINT projects_org_id_fkey')
      const spec = specOf({ projects: { foreignKeys: [{ name: 'projects_owner_id_fkey', columns: ['org_id'], references: { table: 'orgs' } }] } })
      const { findings, apply } = await check(spec)
      expect(findings.map(brief)).to.include('foreign_key.mismatch projects projects_owner_id_fkey [columns,references,indexed] error')
      // (Rebuilding the key itself is withheld without --allow-destructive; the index is not.)
      const statements = await apply()
      expect(statements).to.include('CREATE INDEX IF NOT EXISTS projects_org_id_idx ON public.projects (org_id)')
      expect(statements.filter((sql) => sql.includes('(owner_id)'))).to.deep.equal([])
    })

    it('repairs a key whose action differs and lacks an index: both, in one finding', async function () {
      const spec = specOf({ ownerKey: { onDelete: 'SET NULL' } })
      const { findings, apply } = await check(spec)
      expect(findings.map(brief)).to.include('foreign_key.mismatch projects - [onDelete,indexed] error')
      const statements = await apply()
      expect(statements).to.include('CREATE INDEX IF NOT EXISTS projects_owner_id_idx ON public.projects (owner_id)')
      expect(statements.some((s) => s.includes('ON DELETE SET NULL'))).to.equal(true)
      expect((await check(spec)).findings.map(brief)).to.deep.equal([])
    })

    it('plans one index for two keys on the same columns, and converges', async function () {
      await database().session.exec(
        'CREATE TABLE members (id integer PRIMARY KEY); ALTER TABLE projects ADD CONSTRAINT projects_owner_member_fkey FOREIGN KEY (owner_id) REFERENCES members (id)',
      )
      const spec = specOf() as { schemas: { public: { tables: Record<string, { foreignKeys?: object[] }> } } }
      spec.schemas.public.tables.members = { columns: { id: { type: 'integer' } }, primaryKey: { columns: ['id'] } } as never
      spec.schemas.public.tables.projects?.foreignKeys?.push({ name: 'projects_owner_member_fkey', columns: ['owner_id'], references: { table: 'members' } })
      const { findings, apply } = await check(spec)
      expect(findings.map(brief).filter((f) => f.includes('projects'))).to.deep.equal([
        'foreign_key.mismatch projects - [indexed] warning',
        'foreign_key.mismatch projects - [indexed] warning',
        'foreign_key.mismatch projects projects_owner_member_fkey [indexed] warning',
      ])
      const statements = await apply()
      expect(statements.filter((sql) => sql.includes('(owner_id)'))).to.deep.equal([
        'CREATE INDEX IF NOT EXISTS projects_owner_id_idx ON public.projects (owner_id)',
      ])
      expect((await check(spec)).findings.map(brief)).to.deep.equal([])
    })

    it('keeps unindexed keys in a snapshot, which then checks clean', async function () {
      await database().session.exec('CREATE INDEX projects_owner_idx ON projects (owner_id)')
      const { model } = await introspectDatabase(database().session, { schemas: ['public'] })
      type Key = { readonly name: string; readonly indexed?: boolean }
      const spec = JSON.parse(renderSpecJson(modelToSpec(model))) as { schemas: { public: { tables: Record<string, { foreignKeys?: Key[] }> } } }
      const keys = Object.values(spec.schemas.public.tables).flatMap((t) => t.foreignKeys ?? [])
      expect(keys.filter((k) => 'indexed' in k).map((k) => `${k.name} ${String(k.indexed)}`)).to.deep.equal([
        'projects_org_id_fkey false',
        'users_org_id_fkey false',
      ])
      expect((await check(spec)).findings.map(brief)).to.deep.equal([])
      expect((await check(spec, true)).findings.map(brief)).to.deep.equal([])
    })
  })
}
