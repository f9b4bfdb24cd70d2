/**
 * The drift cases' base schema, its hand-written spec, and the cases: one change each to a fresh
 * copy of the base, with the findings it must cause. Shared by the drift-case test (exact
 * findings and golden reports) and the snapshot-symmetry test (either side snapshotted).
 */
import type { Spec, SpecTable } from '../../src/spec/spec-types.js'

export const BASE_SQL = `
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
-- Not in the spec: the index its foreign key implies (a spec need not list it).
CREATE INDEX ix_projects_owner ON projects (owner_id);
CREATE INDEX ix_projects_recent ON projects (updated_at DESC NULLS LAST, name);
-- Redundant with users_email_key, as ORMs create them: each is its own object.
CREATE UNIQUE INDEX ix_users_email ON users (email);
CREATE UNIQUE INDEX ix_users_email_lower ON users (lower(email));
CREATE TABLE measurements (
  id bigserial,
  user_id integer NOT NULL CONSTRAINT measurements_user_id_fkey REFERENCES users (id),
  taken_on date NOT NULL,
  value numeric,
  CONSTRAINT measurements_pkey PRIMARY KEY (id, taken_on)
) PARTITION BY RANGE (taken_on);
CREATE INDEX ix_measurements_user ON measurements (user_id);
CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$;
CREATE FUNCTION add_one(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1 + 1';
CREATE TRIGGER update_projects_updated_at BEFORE UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE VIEW active_projects AS SELECT id, name FROM projects;
CREATE FUNCTION insert_active_project() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO projects (name) VALUES (NEW.name); RETURN NEW; END $$;
CREATE TRIGGER active_projects_insert INSTEAD OF INSERT ON active_projects FOR EACH ROW EXECUTE FUNCTION insert_active_project();
`

/** The bounds of the partitions of `measurements`, as they are written in BASE_SQL. */
const MEASUREMENTS_BOUNDS: Readonly<Record<string, string>> = {
  measurements_2024: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
  measurements_2025: "for values from ('2025-01-01') to ('2026-01-01')",
}

/** The partitioned table `measurements`, or (given its name) one of its partitions. */
function measurementsSpec(partition?: string): SpecTable {
  const name = partition ?? 'measurements'
  return {
    ...(partition !== undefined && { partitionOf: { table: 'measurements' }, partitionBound: MEASUREMENTS_BOUNDS[partition] }),
    // Spelled as people write it: PostgreSQL says RANGE (taken_on).
    ...(partition === undefined && { partitionBy: 'range(taken_on)' }),
    columns: {
      id: { type: 'bigint', nullable: false, default: "nextval('measurements_id_seq'::regclass)" },
      user_id: { type: 'integer', nullable: false },
      taken_on: { type: 'date', nullable: false },
      value: { type: 'numeric' },
    },
    primaryKey: { name: `${name}_pkey`, columns: ['id', 'taken_on'] },
    indexes: [{ name: partition === undefined ? 'ix_measurements_user' : `${partition}_user_id_idx`, columns: ['user_id'], unique: false }],
    foreignKeys: [{ name: 'measurements_user_id_fkey', columns: ['user_id'], references: { table: 'users', columns: ['id'] } }],
  }
}

export const BASE_SPEC: Spec = {
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
          indexes: [
            { name: 'ix_users_email', columns: ['email'], unique: true },
            { name: 'ix_users_email_lower', columns: ['lower(email)'], unique: true },
          ],
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
          indexes: [
            { name: 'ix_projects_name', columns: ['name'], unique: false },
            { name: 'ix_projects_recent', columns: ['updated_at DESC NULLS LAST', 'name'] },
          ],
          foreignKeys: [{ name: 'projects_owner_id_fkey', columns: ['owner_id'], references: { table: 'users' }, onDelete: 'CASCADE' }],
          triggers: [{ name: 'update_projects_updated_at', timing: 'BEFORE', events: ['UPDATE'], level: 'ROW', function: 'touch_updated_at', enabled: true }],
        },
        // A partitioned table and its partitions as a snapshot writes them: every partition
        // with the key, index and foreign key it inherits.
        measurements: measurementsSpec(),
        measurements_2024: measurementsSpec('measurements_2024'),
        measurements_2025: measurementsSpec('measurements_2025'),
      },
      functions: [
        // Bodies laid out otherwise than BASE_SQL has them: layout and keyword case do not count.
        { name: 'touch_updated_at', arguments: [], returns: 'trigger', language: 'plpgsql', body: 'BEGIN\n  new.updated_at = NOW();\n  RETURN new;\nEND' },
        { name: 'add_one', arguments: ['int'], returns: 'integer', language: 'sql', body: 'SELECT $1 + 1' },
        { name: 'insert_active_project', arguments: [], returns: 'trigger', language: 'plpgsql' },
      ],
      enums: { mood: { values: ['sad', 'ok', 'happy'] } },
      // The sequences of serial columns too, as a snapshot lists them.
      sequences: {
        invoice_no: { type: 'bigint' },
        users_id_seq: { type: 'integer' },
        projects_id_seq: { type: 'integer' },
        measurements_id_seq: { type: 'bigint' },
      },
      views: {
        active_projects: {
          materialized: false,
          triggers: [{ name: 'active_projects_insert', timing: 'INSTEAD OF', events: ['INSERT'], level: 'ROW', function: 'insert_active_project' }],
        },
      },
    },
  },
}

export interface DriftCase {
  readonly name: string
  readonly ddl: string
  readonly isStrict?: boolean
  /** `code table name [attributes]` (compared as a set). */
  readonly findings: readonly string[]
  /** Messages some of those findings must have, word for word. */
  readonly messages?: readonly string[]
}

export const CASES: readonly DriftCase[] = [
  {
    name: 'a table is missing (one finding with its sequence, plus the view that depended on it)',
    ddl: 'DROP TABLE projects CASCADE',
    findings: ['table.missing - projects []', 'view.missing - active_projects []'],
    messages: ['Table public.projects is missing: 5 columns expected. Missing with it: sequence public.projects_id_seq.'],
  },
  {
    name: 'a table that foreign keys reference is missing (they are findings of their own that say so)',
    ddl: 'DROP TABLE users CASCADE',
    findings: [
      'table.missing - users []',
      'foreign_key.missing projects projects_owner_id_fkey []',
      'foreign_key.missing measurements measurements_user_id_fkey []',
    ],
    messages: [
      'Table public.users is missing: 6 columns expected. Missing with it: sequence public.users_id_seq.',
      'Foreign key projects_owner_id_fkey on public.projects is missing: (owner_id) → public.users ON DELETE CASCADE; the table it references, public.users, is missing too.',
      'Foreign key measurements_user_id_fkey on public.measurements is missing: (user_id) → public.users (id); the table it references, public.users, is missing too. The same on its partitions: measurements_2024, measurements_2025.',
    ],
  },
  {
    name: 'a partitioned table is missing (one finding with its partitions and its sequence)',
    ddl: 'DROP TABLE measurements',
    findings: ['table.missing - measurements []'],
    messages: [
      'Table public.measurements is missing: 4 columns expected. Missing with it: partitions public.measurements_2024, public.measurements_2025; sequence public.measurements_id_seq.',
    ],
  },
  { name: 'a partition is missing', ddl: 'DROP TABLE measurements_2025', findings: ['table.missing - measurements_2025 []'] },
  {
    name: 'a partition has other bounds',
    ddl: "ALTER TABLE measurements DETACH PARTITION measurements_2025; ALTER TABLE measurements ATTACH PARTITION measurements_2025 FOR VALUES FROM ('2025-01-01') TO ('2025-07-01')",
    findings: ['table.mismatch - measurements_2025 [partitionBound]'],
    messages: [
      "Table public.measurements_2025 has partition bound FOR VALUES FROM ('2025-01-01') TO ('2025-07-01'), expected for values from ('2025-01-01') to ('2026-01-01').",
    ],
  },
  {
    name: 'a partitioned table is partitioned by another key (so its partitions have other bounds)',
    ddl: `DROP TABLE measurements;
CREATE TABLE measurements (
  id bigserial,
  user_id integer NOT NULL CONSTRAINT measurements_user_id_fkey REFERENCES users (id),
  taken_on date NOT NULL,
  value numeric,
  CONSTRAINT measurements_pkey PRIMARY KEY (id, taken_on)
) PARTITION BY LIST (taken_on);
CREATE INDEX ix_measurements_user ON measurements (user_id);
CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES IN ('2024-01-01');
CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES IN ('2025-01-01')`,
    findings: [
      'table.mismatch - measurements [partitionBy]',
      'table.mismatch - measurements_2024 [partitionBound]',
      'table.mismatch - measurements_2025 [partitionBound]',
    ],
    messages: ['Table public.measurements is partitioned by LIST (taken_on), expected by range(taken_on).'],
  },
  {
    name: 'a partition was detached',
    ddl: 'ALTER TABLE measurements DETACH PARTITION measurements_2025',
    findings: ['table.mismatch - measurements_2025 [partitionOf]'],
    messages: ['Table public.measurements_2025 is not a partition, expected a partition of public.measurements.'],
  },
  {
    name: 'a foreign key is missing on a partitioned table (its partitions lose it too)',
    ddl: 'ALTER TABLE measurements DROP CONSTRAINT measurements_user_id_fkey',
    findings: ['foreign_key.missing measurements measurements_user_id_fkey []'],
    messages: [
      'Foreign key measurements_user_id_fkey on public.measurements is missing: (user_id) → public.users (id). The same on its partitions: measurements_2024, measurements_2025.',
    ],
  },
  {
    name: 'an index is missing on a partitioned table (its partitions lose theirs too)',
    ddl: 'DROP INDEX ix_measurements_user',
    findings: ['index.missing measurements ix_measurements_user []'],
  },
  {
    name: 'the primary key of a partitioned table is missing (and of its partitions)',
    ddl: 'ALTER TABLE measurements DROP CONSTRAINT measurements_pkey',
    findings: ['primary_key.missing measurements measurements_pkey []'],
  },
  {
    name: 'a column is missing from a partitioned table (and its partitions)',
    ddl: 'ALTER TABLE measurements DROP COLUMN value',
    findings: ['column.missing measurements value []'],
  },
  {
    name: 'a column of a partitioned table has another type (and of its partitions)',
    ddl: 'ALTER TABLE measurements ALTER COLUMN value TYPE integer',
    findings: ['column.mismatch measurements value [type]'],
  },
  {
    name: 'an extra index on a partitioned table (strict, once)',
    ddl: 'CREATE INDEX ix_measurements_value ON measurements (value)',
    isStrict: true,
    findings: ['index.extra measurements ix_measurements_value []'],
  },
  { name: 'an extra table (strict)', ddl: 'CREATE TABLE audit_log (id int)', isStrict: true, findings: ['table.extra - audit_log []'] },
  { name: 'an extra table is ignored without strict', ddl: 'CREATE TABLE audit_log (id int)', findings: [] },
  { name: 'a column is missing', ddl: 'ALTER TABLE users DROP COLUMN mood', findings: ['column.missing users mood []'] },
  { name: 'a column has the wrong length', ddl: 'ALTER TABLE users ALTER COLUMN email TYPE varchar(100)', findings: ['column.mismatch users email [type]'] },
  { name: 'a column lost NOT NULL', ddl: 'ALTER TABLE projects ALTER COLUMN name DROP NOT NULL', findings: ['column.mismatch projects name [nullable]'] },
  { name: 'a column has another default', ddl: "ALTER TABLE users ALTER COLUMN role SET DEFAULT 'admin'", findings: ['column.mismatch users role [default]'] },
  {
    name: 'a column lost its default',
    ddl: 'ALTER TABLE users ALTER COLUMN created_at DROP DEFAULT',
    findings: ['column.mismatch users created_at [default]'],
  },
  {
    name: 'a serial column lost its sequence default',
    ddl: 'ALTER TABLE projects ALTER COLUMN id DROP DEFAULT',
    findings: ['column.mismatch projects id [type]'],
    messages: ['Column public.projects.id has type integer, expected serial.'],
  },
  { name: 'an extra column (strict)', ddl: 'ALTER TABLE users ADD COLUMN nickname text', isStrict: true, findings: ['column.extra users nickname []'] },
  { name: 'the primary key is missing', ddl: 'ALTER TABLE projects DROP CONSTRAINT projects_pkey', findings: ['primary_key.missing projects (id) []'] },
  {
    name: 'the primary key has other columns',
    ddl: 'ALTER TABLE projects DROP CONSTRAINT projects_pkey; ALTER TABLE projects ADD PRIMARY KEY (id, name)',
    findings: ['primary_key.mismatch projects (id) [columns]'],
  },
  {
    name: 'the primary key has another name',
    ddl: 'ALTER TABLE users RENAME CONSTRAINT users_pkey TO users_pk',
    findings: ['primary_key.renamed users users_pkey []'],
  },
  { name: 'a unique constraint is missing', ddl: 'ALTER TABLE users DROP CONSTRAINT users_email_key', findings: ['unique.missing users users_email_key []'] },
  {
    name: 'a unique constraint has another name',
    ddl: 'ALTER TABLE users RENAME CONSTRAINT users_email_key TO users_email_uq',
    findings: ['unique.renamed users users_email_key []'],
  },
  {
    name: 'a unique index stands in for the unique constraint',
    ddl: 'ALTER TABLE users DROP CONSTRAINT users_email_key; CREATE UNIQUE INDEX users_email_uq ON users (email)',
    isStrict: true,
    findings: ['unique.renamed users users_email_key []', 'unique.mismatch users users_email_key [constraint]'],
    messages: ['Unique constraint users_email_key on public.users exists as unique index users_email_uq (same definition, other name).'],
  },
  {
    name: 'a unique index became non-unique while a unique constraint covers the same column',
    ddl: 'DROP INDEX ix_users_email; CREATE INDEX ix_users_email ON users (email)',
    findings: ['index.mismatch users ix_users_email [unique]'],
    messages: ['Index ix_users_email on public.users has unique false, expected true.'],
  },
  {
    name: 'a unique index is missing while a unique constraint covers the same column',
    ddl: 'DROP INDEX ix_users_email',
    findings: ['index.missing users ix_users_email []'],
  },
  {
    name: 'a unique constraint covers other columns',
    ddl: 'ALTER TABLE users DROP CONSTRAINT users_email_key; ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email, role)',
    findings: ['unique.mismatch users users_email_key [columns]'],
  },
  {
    name: 'an extra unique constraint (strict)',
    ddl: 'ALTER TABLE projects ADD CONSTRAINT projects_name_key UNIQUE (name)',
    isStrict: true,
    findings: ['unique.extra projects projects_name_key []'],
  },
  {
    name: 'a check constraint is missing',
    ddl: 'ALTER TABLE projects DROP CONSTRAINT projects_budget_check',
    findings: ['check.missing projects projects_budget_check []'],
  },
  {
    name: 'a check constraint checks something else',
    ddl: 'ALTER TABLE projects DROP CONSTRAINT projects_budget_check; ALTER TABLE projects ADD CONSTRAINT projects_budget_check CHECK (budget > 0)',
    findings: ['check.mismatch projects projects_budget_check [expression]'],
  },
  {
    name: 'a check constraint has another name',
    ddl: 'ALTER TABLE projects RENAME CONSTRAINT projects_budget_check TO budget_not_negative',
    findings: ['check.renamed projects projects_budget_check []'],
  },
  {
    name: 'an extra check constraint (strict)',
    ddl: "ALTER TABLE projects ADD CONSTRAINT name_not_empty CHECK (name <> '')",
    isStrict: true,
    findings: ['check.extra projects name_not_empty []'],
  },
  { name: 'an index is missing', ddl: 'DROP INDEX ix_projects_name', findings: ['index.missing projects ix_projects_name []'] },
  {
    name: 'an expression index is missing',
    ddl: 'DROP INDEX ix_users_email_lower',
    findings: ['index.missing users ix_users_email_lower []'],
    messages: ['Index ix_users_email_lower on public.users is missing: UNIQUE (lower(email)).'],
  },
  {
    name: 'an index with a descending key is missing',
    ddl: 'DROP INDEX ix_projects_recent',
    findings: ['index.missing projects ix_projects_recent []'],
    messages: ['Index ix_projects_recent on public.projects is missing: (updated_at DESC NULLS LAST, name).'],
  },
  {
    name: 'an index lost the ordering of a key',
    ddl: 'DROP INDEX ix_projects_recent; CREATE INDEX ix_projects_recent ON projects (updated_at, name)',
    findings: ['index.mismatch projects ix_projects_recent [columns]'],
    messages: ['Index ix_projects_recent on public.projects has columns (updated_at, name), expected (updated_at DESC NULLS LAST, name).'],
  },
  {
    name: 'an index has another name',
    ddl: 'ALTER INDEX ix_projects_name RENAME TO projects_name_idx',
    findings: ['index.renamed projects ix_projects_name []'],
  },
  {
    name: 'an index became unique',
    ddl: 'DROP INDEX ix_projects_name; CREATE UNIQUE INDEX ix_projects_name ON projects (name)',
    findings: ['index.mismatch projects ix_projects_name [unique]'],
  },
  {
    name: 'an index covers another column',
    ddl: 'DROP INDEX ix_projects_name; CREATE INDEX ix_projects_name ON projects (updated_at)',
    findings: ['index.mismatch projects ix_projects_name [columns]'],
  },
  { name: 'an extra index (strict)', ddl: 'CREATE INDEX ix_extra ON projects (updated_at)', isStrict: true, findings: ['index.extra projects ix_extra []'] },
  {
    name: 'a foreign key is missing',
    ddl: 'ALTER TABLE projects DROP CONSTRAINT projects_owner_id_fkey',
    findings: ['foreign_key.missing projects projects_owner_id_fkey []'],
  },
  {
    name: 'a foreign key has the wrong ON DELETE',
    ddl: 'ALTER TABLE projects DROP CONSTRAINT projects_owner_id_fkey; ALTER TABLE projects ADD CONSTRAINT projects_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE SET NULL',
    findings: ['foreign_key.mismatch projects projects_owner_id_fkey [onDelete]'],
  },
  {
    name: 'a foreign key has lost the index its columns need',
    ddl: 'DROP INDEX ix_projects_owner',
    findings: ['foreign_key.mismatch projects projects_owner_id_fkey [indexed]'],
  },
  {
    name: 'a foreign key has another name',
    ddl: 'ALTER TABLE projects RENAME CONSTRAINT projects_owner_id_fkey TO fk_projects_owner',
    findings: ['foreign_key.renamed projects projects_owner_id_fkey []'],
  },
  {
    name: 'an extra foreign key (strict)',
    ddl: 'ALTER TABLE projects ADD CONSTRAINT fk_extra FOREIGN KEY (owner_id) REFERENCES users (id)',
    isStrict: true,
    findings: ['foreign_key.extra projects fk_extra []'],
  },
  {
    name: 'a trigger is missing',
    ddl: 'DROP TRIGGER update_projects_updated_at ON projects',
    findings: ['trigger.missing projects update_projects_updated_at []'],
  },
  {
    name: 'a trigger fires at another time on other events',
    ddl: 'DROP TRIGGER update_projects_updated_at ON projects; CREATE TRIGGER update_projects_updated_at AFTER INSERT OR UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION touch_updated_at()',
    findings: ['trigger.mismatch projects update_projects_updated_at [timing,events]'],
  },
  {
    name: 'a trigger is disabled',
    ddl: 'ALTER TABLE projects DISABLE TRIGGER update_projects_updated_at',
    findings: ['trigger.mismatch projects update_projects_updated_at [enabled]'],
  },
  {
    name: 'a trigger has another name',
    ddl: 'ALTER TRIGGER update_projects_updated_at ON projects RENAME TO projects_touch',
    findings: ['trigger.renamed projects update_projects_updated_at []'],
  },
  {
    name: 'an extra trigger (strict)',
    ddl: 'CREATE TRIGGER extra_touch BEFORE INSERT ON projects FOR EACH ROW EXECUTE FUNCTION touch_updated_at()',
    isStrict: true,
    findings: ['trigger.extra projects extra_touch []'],
  },
  {
    name: 'a function is missing (and so is the trigger that used it)',
    ddl: 'DROP FUNCTION touch_updated_at() CASCADE',
    findings: ['function.missing - touch_updated_at []', 'trigger.missing projects update_projects_updated_at []'],
    messages: [
      'Trigger update_projects_updated_at on public.projects is missing: BEFORE UPDATE FOR EACH ROW EXECUTE FUNCTION touch_updated_at(); its function public.touch_updated_at() is missing too.',
    ],
  },
  {
    name: 'a function body was changed',
    ddl: 'CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = clock_timestamp(); RETURN NEW; END $$',
    findings: ['function.mismatch - touch_updated_at [body]'],
    messages: [
      'Function public.touch_updated_at() has another body: "…NEW.updated_at = clock_timestamp(); RETURN NEW; END", expected "…new.updated_at = NOW(); RETURN new; END".',
    ],
  },
  {
    name: 'a function returns another type',
    ddl: "DROP FUNCTION add_one(integer); CREATE FUNCTION add_one(integer) RETURNS bigint LANGUAGE sql AS 'SELECT $1 + 1'",
    findings: ['function.mismatch - add_one [returns]'],
  },
  {
    name: 'an extra function (strict)',
    ddl: "CREATE FUNCTION other() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
    isStrict: true,
    findings: ['function.extra - other []'],
  },
  {
    name: 'an enum is missing (and the column typed with it)',
    ddl: 'DROP TYPE mood CASCADE',
    findings: ['enum.missing - mood []', 'column.missing users mood []'],
    messages: ['Column public.users.mood is missing: mood; its type public.mood is missing too.'],
  },
  { name: 'an enum has another label', ddl: "ALTER TYPE mood ADD VALUE 'angry'", findings: ['enum.mismatch - mood [values]'] },
  { name: 'an extra enum (strict)', ddl: "CREATE TYPE colour AS ENUM ('red')", isStrict: true, findings: ['enum.extra - colour []'] },
  { name: 'a sequence is missing', ddl: 'DROP SEQUENCE invoice_no', findings: ['sequence.missing - invoice_no []'] },
  { name: 'a sequence has another type', ddl: 'ALTER SEQUENCE invoice_no AS integer', findings: ['sequence.mismatch - invoice_no [type]'] },
  {
    name: 'an extra sequence (strict), but not the ones behind serial columns',
    ddl: 'CREATE SEQUENCE other_seq',
    isStrict: true,
    findings: ['sequence.extra - other_seq []'],
  },
  { name: 'a view is missing', ddl: 'DROP VIEW active_projects', findings: ['view.missing - active_projects []'] },
  {
    name: 'a view became materialized (and lost its INSTEAD OF trigger)',
    ddl: 'DROP VIEW active_projects; CREATE MATERIALIZED VIEW active_projects AS SELECT id, name FROM projects',
    findings: ['view.mismatch - active_projects [materialized]', 'trigger.missing active_projects active_projects_insert []'],
  },
  {
    name: 'the INSTEAD OF trigger of a view is missing',
    ddl: 'DROP TRIGGER active_projects_insert ON active_projects',
    findings: ['trigger.missing active_projects active_projects_insert []'],
  },
  {
    name: 'the INSTEAD OF trigger of a view handles another event',
    ddl: 'DROP TRIGGER active_projects_insert ON active_projects; CREATE TRIGGER active_projects_insert INSTEAD OF UPDATE ON active_projects FOR EACH ROW EXECUTE FUNCTION insert_active_project()',
    findings: ['trigger.mismatch active_projects active_projects_insert [events]'],
  },
  {
    name: 'an extra trigger on a view (strict)',
    ddl: 'CREATE TRIGGER active_projects_delete INSTEAD OF DELETE ON active_projects FOR EACH ROW EXECUTE FUNCTION insert_active_project()',
    isStrict: true,
    findings: ['trigger.extra active_projects active_projects_delete []'],
  },
  { name: 'an extra view (strict)', ddl: 'CREATE VIEW v_extra AS SELECT 1 AS one', isStrict: true, findings: ['view.extra - v_extra []'] },
]
