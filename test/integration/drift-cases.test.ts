/**
 * Every kind of drift, made with real DDL on a real database (PGlite and a PostgreSQL server),
 * must produce exactly the expected findings. One base schema and its hand-written spec (with the
 * spellings people use: serial, varchar(200), timestamp, now(), 'user'); each case applies one
 * change to a fresh copy and lists the findings it must cause, nothing more. Runs on every
 * PostgreSQL version available here (PGlite 18, servers 17, 16, 15).
 */
import { expect } from 'chai'
import { compareSchemas } from '../../src/compare/compare-schemas.js'
import { introspectDatabase } from '../../src/introspect/introspect-database.js'
import { specToModel } from '../../src/spec/spec-to-model.js'
import type { Spec } from '../../src/spec/spec-types.js'
import { VERSION_MATRIX } from '../support/databases.js'

const BASE_SQL = `
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE SEQUENCE invoice_no AS bigint;
CREATE TABLE users (
  id serial CONSTRAINT users_pkey PRIMARY KEY,
  email varchar(200) NOT NULL CONSTRAINT users_email_key UNIQUE,
  role varchar(20) NOT NULL DEFAULT 'user',
  mood mood,
  created_at timestamp DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamp DEFAULT now()
);
CREATE TABLE projects (
  id serial PRIMARY KEY,
  name varchar(200) NOT NULL,
  owner_id integer CONSTRAINT projects_owner_id_fkey REFERENCES users (id) ON DELETE CASCADE,
  budget numeric(9, 2) DEFAULT 0 CONSTRAINT projects_budget_check CHECK (budget >= 0),
  updated_at timestamp
);
CREATE INDEX ix_projects_name ON projects (name);
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$;
CREATE FUNCTION add_one(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1 + 1';
CREATE TRIGGER update_projects_updated_at BEFORE UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE VIEW active_projects AS SELECT id, name FROM projects;
CREATE FUNCTION insert_active_project() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO projects (name) VALUES (NEW.name); RETURN NEW; END $$;
CREATE TRIGGER active_projects_insert INSTEAD OF INSERT ON active_projects FOR EACH ROW EXECUTE FUNCTION insert_active_project();
`

const BASE_SPEC: Spec = {
  schemas: {
    public: {
      tables: {
        users: {
          columns: {
            id: { type: 'SERIAL' },
            email: { type: 'VARCHAR(200)', nullable: false },
            role: { type: 'varchar(20)', nullable: false, default: "'user'" },
            mood: { type: 'mood', nullable: true },
            created_at: { type: 'timestamp', default: 'CURRENT_TIMESTAMP' },
            updated_at: { type: 'timestamp without time zone', default: 'now()' },
          },
          primaryKey: { name: 'users_pkey', columns: ['id'] },
          unique: [{ name: 'users_email_key', columns: ['email'] }],
        },
        projects: {
          columns: {
            id: { type: 'serial' },
            name: { type: 'varchar(200)', nullable: false },
            owner_id: { type: 'int4' },
            budget: { type: 'numeric(9,2)', default: '0' },
            updated_at: { type: 'timestamp' },
          },
          primaryKey: { columns: ['id'] },
          checks: [{ name: 'projects_budget_check', expression: 'budget >= 0' }],
          indexes: [{ name: 'ix_projects_name', columns: ['name'], unique: false }],
          foreignKeys: [{ name: 'projects_owner_id_fkey', columns: ['owner_id'], references: { table: 'users' }, onDelete: 'CASCADE' }],
          triggers: [{ name: 'update_projects_updated_at', timing: 'BEFORE', events: ['UPDATE'], level: 'ROW', function: 'touch_updated_at', enabled: true }],
        },
      },
      functions: [
        { name: 'touch_updated_at', arguments: [], returns: 'trigger', language: 'plpgsql' },
        { name: 'add_one', arguments: ['int'], returns: 'integer', language: 'sql' },
        { name: 'insert_active_project', arguments: [], returns: 'trigger', language: 'plpgsql' },
      ],
      enums: { mood: { values: ['sad', 'ok', 'happy'] } },
      sequences: { invoice_no: { type: 'bigint' } },
      views: {
        active_projects: {
          materialized: false,
          triggers: [{ name: 'active_projects_insert', timing: 'INSTEAD OF', events: ['INSERT'], level: 'ROW', function: 'insert_active_project' }],
        },
      },
    },
  },
}

interface DriftCase {
  readonly name: string
  readonly ddl: string
  readonly isStrict?: boolean
  /** `code table name [attributes]` (compared as a set). */
  readonly findings: readonly string[]
}

const CASES: readonly DriftCase[] = [
  { name: 'a table is missing (one finding, plus the view that depended on it)', ddl: 'DROP TABLE projects CASCADE', findings: ['table.missing - projects []', 'view.missing - active_projects []'] },
  { name: 'an extra table (strict)', ddl: 'CREATE TABLE audit_log (id int)', isStrict: true, findings: ['table.extra - audit_log []'] },
  { name: 'an extra table is ignored without strict', ddl: 'CREATE TABLE audit_log (id int)', findings: [] },
  { name: 'a column is missing', ddl: 'ALTER TABLE users DROP COLUMN mood', findings: ['column.missing users mood []'] },
  { name: 'a column has the wrong length', ddl: 'ALTER TABLE users ALTER COLUMN email TYPE varchar(100)', findings: ['column.mismatch users email [type]'] },
  { name: 'a column lost NOT NULL', ddl: 'ALTER TABLE projects ALTER COLUMN name DROP NOT NULL', findings: ['column.mismatch projects name [nullable]'] },
  { name: 'a column has another default', ddl: "ALTER TABLE users ALTER COLUMN role SET DEFAULT 'admin'", findings: ['column.mismatch users role [default]'] },
  { name: 'a column lost its default', ddl: 'ALTER TABLE users ALTER COLUMN created_at DROP DEFAULT', findings: ['column.mismatch users created_at [default]'] },
  { name: 'a serial column lost its sequence default', ddl: 'ALTER TABLE projects ALTER COLUMN id DROP DEFAULT', findings: ['column.mismatch projects id [default]'] },
  { name: 'an extra column (strict)', ddl: 'ALTER TABLE users ADD COLUMN nickname text', isStrict: true, findings: ['column.extra users nickname []'] },
  { name: 'the primary key is missing', ddl: 'ALTER TABLE projects DROP CONSTRAINT projects_pkey', findings: ['primary_key.missing projects (id) []'] },
  { name: 'the primary key has other columns', ddl: 'ALTER TABLE projects DROP CONSTRAINT projects_pkey; ALTER TABLE projects ADD PRIMARY KEY (id, name)', findings: ['primary_key.mismatch projects (id) [columns]'] },
  { name: 'the primary key has another name', ddl: 'ALTER TABLE users RENAME CONSTRAINT users_pkey TO users_pk', findings: ['primary_key.renamed users users_pkey []'] },
  { name: 'a unique constraint is missing', ddl: 'ALTER TABLE users DROP CONSTRAINT users_email_key', findings: ['unique.missing users users_email_key []'] },
  { name: 'a unique constraint has another name', ddl: 'ALTER TABLE users RENAME CONSTRAINT users_email_key TO users_email_uq', findings: ['unique.renamed users users_email_key []'] },
  { name: 'a unique index stands in for the unique constraint', ddl: 'ALTER TABLE users DROP CONSTRAINT users_email_key; CREATE UNIQUE INDEX ix_users_email ON users (email)', isStrict: true, findings: ['unique.renamed users users_email_key []'] },
  { name: 'a unique constraint covers other columns', ddl: 'ALTER TABLE users DROP CONSTRAINT users_email_key; ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email, role)', findings: ['unique.mismatch users users_email_key [columns]'] },
  { name: 'an extra unique constraint (strict)', ddl: 'ALTER TABLE projects ADD CONSTRAINT projects_name_key UNIQUE (name)', isStrict: true, findings: ['unique.extra projects projects_name_key []'] },
  { name: 'a check constraint is missing', ddl: 'ALTER TABLE projects DROP CONSTRAINT projects_budget_check', findings: ['check.missing projects projects_budget_check []'] },
  { name: 'a check constraint checks something else', ddl: 'ALTER TABLE projects DROP CONSTRAINT projects_budget_check; ALTER TABLE projects ADD CONSTRAINT projects_budget_check CHECK (budget > 0)', findings: ['check.mismatch projects projects_budget_check [expression]'] },
  { name: 'a check constraint has another name', ddl: 'ALTER TABLE projects RENAME CONSTRAINT projects_budget_check TO budget_not_negative', findings: ['check.renamed projects projects_budget_check []'] },
  { name: 'an extra check constraint (strict)', ddl: "ALTER TABLE projects ADD CONSTRAINT name_not_empty CHECK (name <> '')", isStrict: true, findings: ['check.extra projects name_not_empty []'] },
  { name: 'an index is missing', ddl: 'DROP INDEX ix_projects_name', findings: ['index.missing projects ix_projects_name []'] },
  { name: 'an index has another name', ddl: 'ALTER INDEX ix_projects_name RENAME TO projects_name_idx', findings: ['index.renamed projects ix_projects_name []'] },
  { name: 'an index became unique', ddl: 'DROP INDEX ix_projects_name; CREATE UNIQUE INDEX ix_projects_name ON projects (name)', findings: ['index.mismatch projects ix_projects_name [unique]'] },
  { name: 'an index covers another column', ddl: 'DROP INDEX ix_projects_name; CREATE INDEX ix_projects_name ON projects (updated_at)', findings: ['index.mismatch projects ix_projects_name [columns]'] },
  { name: 'an extra index (strict)', ddl: 'CREATE INDEX ix_extra ON projects (updated_at)', isStrict: true, findings: ['index.extra projects ix_extra []'] },
  { name: 'a foreign key is missing', ddl: 'ALTER TABLE projects DROP CONSTRAINT projects_owner_id_fkey', findings: ['foreign_key.missing projects projects_owner_id_fkey []'] },
  {
    name: 'a foreign key has the wrong ON DELETE',
    ddl: 'ALTER TABLE projects DROP CONSTRAINT projects_owner_id_fkey; ALTER TABLE projects ADD CONSTRAINT projects_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE SET NULL',
    findings: ['foreign_key.mismatch projects projects_owner_id_fkey [on_delete]'],
  },
  { name: 'a foreign key has another name', ddl: 'ALTER TABLE projects RENAME CONSTRAINT projects_owner_id_fkey TO fk_projects_owner', findings: ['foreign_key.renamed projects projects_owner_id_fkey []'] },
  { name: 'an extra foreign key (strict)', ddl: 'ALTER TABLE projects ADD CONSTRAINT fk_extra FOREIGN KEY (owner_id) REFERENCES users (id)', isStrict: true, findings: ['foreign_key.extra projects fk_extra []'] },
  { name: 'a trigger is missing', ddl: 'DROP TRIGGER update_projects_updated_at ON projects', findings: ['trigger.missing projects update_projects_updated_at []'] },
  {
    name: 'a trigger fires at another time on other events',
    ddl: 'DROP TRIGGER update_projects_updated_at ON projects; CREATE TRIGGER update_projects_updated_at AFTER INSERT OR UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION touch_updated_at()',
    findings: ['trigger.mismatch projects update_projects_updated_at [timing,events]'],
  },
  { name: 'a trigger is disabled', ddl: 'ALTER TABLE projects DISABLE TRIGGER update_projects_updated_at', findings: ['trigger.mismatch projects update_projects_updated_at [enabled]'] },
  { name: 'a trigger has another name', ddl: 'ALTER TRIGGER update_projects_updated_at ON projects RENAME TO projects_touch', findings: ['trigger.renamed projects update_projects_updated_at []'] },
  { name: 'an extra trigger (strict)', ddl: 'CREATE TRIGGER extra_touch BEFORE INSERT ON projects FOR EACH ROW EXECUTE FUNCTION touch_updated_at()', isStrict: true, findings: ['trigger.extra projects extra_touch []'] },
  { name: 'a function is missing (and so is the trigger that used it)', ddl: 'DROP FUNCTION touch_updated_at() CASCADE', findings: ['function.missing - touch_updated_at []', 'trigger.missing projects update_projects_updated_at []'] },
  { name: 'a function returns another type', ddl: "DROP FUNCTION add_one(integer); CREATE FUNCTION add_one(integer) RETURNS bigint LANGUAGE sql AS 'SELECT $1 + 1'", findings: ['function.mismatch - add_one [returns]'] },
  { name: 'an extra function (strict)', ddl: "CREATE FUNCTION other() RETURNS integer LANGUAGE sql AS 'SELECT 1'", isStrict: true, findings: ['function.extra - other []'] },
  { name: 'an enum is missing (and the column typed with it)', ddl: 'DROP TYPE mood CASCADE', findings: ['enum.missing - mood []', 'column.missing users mood []'] },
  { name: 'an enum has another label', ddl: "ALTER TYPE mood ADD VALUE 'angry'", findings: ['enum.mismatch - mood [values]'] },
  { name: 'an extra enum (strict)', ddl: "CREATE TYPE colour AS ENUM ('red')", isStrict: true, findings: ['enum.extra - colour []'] },
  { name: 'a sequence is missing', ddl: 'DROP SEQUENCE invoice_no', findings: ['sequence.missing - invoice_no []'] },
  { name: 'a sequence has another type', ddl: 'ALTER SEQUENCE invoice_no AS integer', findings: ['sequence.mismatch - invoice_no [data_type]'] },
  { name: 'an extra sequence (strict), but not the ones behind serial columns', ddl: 'CREATE SEQUENCE other_seq', isStrict: true, findings: ['sequence.extra - other_seq []'] },
  { name: 'a view is missing', ddl: 'DROP VIEW active_projects', findings: ['view.missing - active_projects []'] },
  {
    name: 'a view became materialized (and lost its INSTEAD OF trigger)',
    ddl: 'DROP VIEW active_projects; CREATE MATERIALIZED VIEW active_projects AS SELECT id, name FROM projects',
    findings: ['view.mismatch - active_projects [materialized]', 'trigger.missing active_projects active_projects_insert []'],
  },
  { name: 'the INSTEAD OF trigger of a view is missing', ddl: 'DROP TRIGGER active_projects_insert ON active_projects', findings: ['trigger.missing active_projects active_projects_insert []'] },
  {
    name: 'the INSTEAD OF trigger of a view handles another event',
    ddl: 'DROP TRIGGER active_projects_insert ON active_projects; CREATE TRIGGER active_projects_insert INSTEAD OF UPDATE ON active_projects FOR EACH ROW EXECUTE FUNCTION insert_active_project()',
    findings: ['trigger.mismatch active_projects active_projects_insert [events]'],
  },
  { name: 'an extra trigger on a view (strict)', ddl: 'CREATE TRIGGER active_projects_delete INSTEAD OF DELETE ON active_projects FOR EACH ROW EXECUTE FUNCTION insert_active_project()', isStrict: true, findings: ['trigger.extra active_projects active_projects_delete []'] },
  { name: 'an extra view (strict)', ddl: 'CREATE VIEW v_extra AS SELECT 1 AS one', isStrict: true, findings: ['view.extra - v_extra []'] },
]

const brief = (f: { code: string; table: string | null; name: string; attributes: readonly string[] }): string => `${f.code} ${f.table ?? '-'} ${f.name} [${f.attributes.join(',')}]`

for (const engine of VERSION_MATRIX) {
  describe(`drift cases on ${engine.name}`, function () {
    const expected = specToModel(BASE_SPEC)

    async function findingsAfter(ddl: string, isStrict: boolean): Promise<string[]> {
      const db = await engine.createDatabase()
      try {
        await db.session.exec(BASE_SQL)
        if (ddl) await db.session.exec(ddl)
        const { model } = await introspectDatabase(db.session, { schemas: ['public'] })
        return compareSchemas(expected, model, { isStrict }).map(brief).sort()
      } finally {
        await db.drop()
      }
    }

    it('finds nothing on the base schema, even with strict', async () => {
      expect(await findingsAfter('', true)).to.deep.equal([])
    })

    for (const c of CASES) {
      it(`reports ${c.findings.join(' + ') || 'nothing'} when ${c.name}`, async () => {
        expect(await findingsAfter(c.ddl, c.isStrict ?? false)).to.deep.equal([...c.findings].sort())
      })
    }
  })
}
