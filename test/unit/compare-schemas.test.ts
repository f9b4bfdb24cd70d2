import { expect } from 'chai'
import { compareSchemas, type CompareOptions } from '../../src/compare/compare-schemas.js'
import type { SchemaModel } from '../../src/model/schema-model.js'
import { viewOf, type FindingView } from '../support/finding-view.js'
import type { IndexModel, TableModel, TriggerModel } from '../../src/model/schema-model.js'
import { column, schema, table } from '../support/model-builders.js'

const compareViews = (expected: SchemaModel, actual: SchemaModel, options: CompareOptions): FindingView[] =>
  compareSchemas(expected, actual, options).map(viewOf)

const brief = (findings: readonly FindingView[]): string[] =>
  findings.map((f) => `${f.code} ${f.table ?? '-'} ${f.name} [${f.attributes.join(',')}] ${f.severity}`)

const users = table('users', {
  columns: [
    column('id', 'integer', { isNullable: false, default: "nextval('users_id_seq'::regclass)" }),
    column('email', 'character varying(200)', { isNullable: false }),
  ],
  primaryKey: { name: 'users_pkey', columns: ['id'] },
  uniqueConstraints: [{ name: 'users_email_key', columns: ['email'], nullsNotDistinct: false }],
  indexes: [
    { name: 'users_pkey', keys: ['id'], isUnique: true, method: 'btree', where: null, include: [], constraintName: 'users_pkey' },
    { name: 'users_email_key', keys: ['email'], isUnique: true, method: 'btree', where: null, include: [], constraintName: 'users_email_key' },
  ],
})
const plainIndex = (name: string, keys: string[], rest: Partial<IndexModel> = {}): IndexModel => ({
  name,
  keys,
  isUnique: false,
  method: 'btree',
  where: null,
  include: [],
  constraintName: null,
  ...rest,
})
const trigger = (name: string, rest: Partial<TriggerModel> = {}): TriggerModel => ({
  name,
  timing: 'BEFORE',
  events: ['UPDATE'],
  updateOf: [],
  level: 'ROW',
  function: 'touch',
  arguments: [],
  when: null,
  enabled: 'origin',
  ...rest,
})

describe('compareSchemas', () => {
  it('finds nothing when a model is compared with itself, even in strict mode', () => {
    const model = schema({ tables: [users] })
    expect(compareViews(model, model, { isStrict: true })).to.deep.equal([])
  })

  it('reports a missing table once, not once per column', () => {
    const findings = compareViews(schema({ tables: [users] }), schema({}), { isStrict: false })
    expect(brief(findings)).to.deep.equal(['table.missing - users [] error'])
    expect(findings[0]?.message).to.equal('Table public.users is missing: 2 columns expected.')
  })

  it('reports 200,000 missing columns of one table without overflowing the stack', function () {
    this.timeout(60_000) // a guard against hangs, not a measurement: it takes a few seconds
    const columns = Array.from({ length: 200_000 }, (_, i) => ({ name: `c${i}` }))
    const findings = compareSchemas(schema({ tables: [table('wide', { columns })] }), schema({ tables: [table('wide')] }), { isStrict: false })
    expect(findings).to.have.length(200_000)
    expect(findings[0]?.kind).to.equal('column')
  })

  it('treats properties the spec leaves out as unchecked', () => {
    const expected = schema({ tables: [table('users', { columns: [{ name: 'email' }] })] })
    expect(compareViews(expected, schema({ tables: [users] }), { isStrict: false })).to.deep.equal([])
  })

  it('names each differing column attribute in one mismatch finding', () => {
    const expected = schema({ tables: [table('users', { columns: [{ name: 'email', type: 'character varying(80)', isNullable: true, default: null }] })] })
    const [finding] = compareViews(expected, schema({ tables: [users] }), { isStrict: false })
    expect(finding?.code).to.equal('column.mismatch')
    expect(finding?.attributes).to.deep.equal(['type', 'nullable'])
    expect(finding?.expected).to.deep.equal({ type: 'character varying(80)', nullable: true })
    expect(finding?.actual).to.deep.equal({ type: 'character varying(200)', nullable: false })
    expect(finding?.message).to.equal(
      'Column public.users.email has type character varying(200), expected character varying(80); is NOT NULL, expected nullable.',
    )
  })

  it('accepts any nextval() default for a serial column', () => {
    const expected = schema({ tables: [table('users', { columns: [{ name: 'id', type: 'integer', isSerial: true, isNullable: false }] })] })
    expect(compareViews(expected, schema({ tables: [users] }), { isStrict: false })).to.deep.equal([])
    const identity = table('users', { columns: [column('id', 'integer', { isNullable: false, identity: 'by default' })] })
    const [finding] = compareViews(expected, schema({ tables: [identity] }), { isStrict: false })
    // The spec's own word for "an integer drawing from a sequence" is the type `serial`.
    expect(brief(finding === undefined ? [] : [finding])).to.deep.equal(['column.mismatch users id [type] error'])
    expect([finding?.expected, finding?.actual]).to.deep.equal([{ type: 'serial' }, { type: 'integer' }])
    expect(finding?.message).to.equal('Column public.users.id has type integer, expected serial.')
  })

  it('reports an index that exists under another name as renamed (info), not missing', () => {
    const actual = table('t', { columns: [column('a', 'integer')], indexes: [plainIndex('t_a_idx', ['a'])] })
    const expected = table('t', { columns: [{ name: 'a' }], indexes: [{ name: 'ix_t_a', keys: ['a'] }] })
    const findings = compareViews(schema({ tables: [expected] }), schema({ tables: [actual] }), { isStrict: true })
    expect(brief(findings)).to.deep.equal(['index.renamed t ix_t_a [] info'])
    expect(findings[0]?.message).to.equal('Index ix_t_a on public.t exists as t_a_idx (same definition, other name).')
  })

  it('prefers the definition over the name when both could match', () => {
    const actual = table('t', { indexes: [plainIndex('ix_a', ['b']), plainIndex('other', ['a'])] })
    const expected = table('t', { indexes: [{ name: 'ix_a', keys: ['a'] }] })
    expect(brief(compareViews(schema({ tables: [expected] }), schema({ tables: [actual] }), { isStrict: true }))).to.deep.equal([
      'index.renamed t ix_a [] info',
      'index.extra t ix_a [] warning',
    ])
  })

  it('reports an index with the expected name but another definition as a mismatch', () => {
    const actual = table('t', { indexes: [plainIndex('ix_a', ['a'])] })
    const expected = table('t', { indexes: [{ name: 'ix_a', keys: ['a'], isUnique: true }] })
    const findings = compareViews(schema({ tables: [expected] }), schema({ tables: [actual] }), { isStrict: false })
    expect(brief(findings)).to.deep.equal(['index.mismatch t ix_a [unique] error'])
  })

  it('rates a missing plain index a warning and a missing unique index an error', () => {
    const expected = table('t', {
      indexes: [
        { name: 'a', keys: ['a'], isUnique: false },
        { name: 'b', keys: ['b'], isUnique: true },
      ],
    })
    expect(brief(compareViews(schema({ tables: [expected] }), schema({ tables: [table('t')] }), { isStrict: false }))).to.deep.equal([
      'index.missing t a [] warning',
      'index.missing t b [] error',
    ])
  })

  it('finds uniqueness a unique index enforces, and warns that the constraint itself is missing', () => {
    const actual = table('t', { columns: [column('code', 'text')], indexes: [plainIndex('t_code_uq', ['code'], { isUnique: true })] })
    const unnamed = table('t', { columns: [{ name: 'code' }], uniqueConstraints: [{ columns: ['code'] }] })
    const [onlyIndex] = compareViews(schema({ tables: [unnamed] }), schema({ tables: [actual] }), { isStrict: true })
    expect(brief(onlyIndex === undefined ? [] : [onlyIndex])).to.deep.equal(['unique.mismatch t (code) [constraint] warning'])
    expect([onlyIndex?.expected, onlyIndex?.actual]).to.deep.equal([{ constraint: true }, { constraint: false }])
    expect(onlyIndex?.message).to.equal(
      'Unique constraint (code) on public.t exists only as a unique index, not as a UNIQUE constraint (ON CONFLICT ON CONSTRAINT cannot name it).',
    )
    const named = table('t', { uniqueConstraints: [{ name: 't_code_key', columns: ['code'] }] })
    const findings = compareViews(schema({ tables: [named] }), schema({ tables: [actual] }), { isStrict: false })
    expect(brief(findings)).to.deep.equal(['unique.renamed t t_code_key [] info', 'unique.mismatch t t_code_key [constraint] warning'])
    expect(findings[0]?.message).to.equal('Unique constraint t_code_key on public.t exists as unique index t_code_uq (same definition, other name).')
  })

  it("keeps the primary key's index for the primary key, also when the spec does not check the key", () => {
    const actual = table('t', {
      columns: [column('id', 'integer')],
      primaryKey: { name: 't_pkey', columns: ['id'] },
      indexes: [plainIndex('t_pkey', ['id'], { isUnique: true, constraintName: 't_pkey' })],
    })
    const expected = table('t', { columns: [{ name: 'id' }], indexes: [{ name: 'ix_t_id', keys: ['id'], isUnique: true }] })
    expect(brief(compareViews(schema({ tables: [expected] }), schema({ tables: [actual] }), { isStrict: false }))).to.deep.equal([
      'index.missing t ix_t_id [] error',
    ])
  })

  describe('matches constraints and indexes one to one', () => {
    const emailTable = (indexes: IndexModel[]): TableModel =>
      table('users', {
        columns: [column('id', 'integer'), column('email', 'text')],
        primaryKey: { name: 'users_pkey', columns: ['id'] },
        uniqueConstraints: [{ name: 'users_email_key', columns: ['email'], nullsNotDistinct: false }],
        indexes: [
          plainIndex('users_pkey', ['id'], { isUnique: true, constraintName: 'users_pkey' }),
          plainIndex('users_email_key', ['email'], { isUnique: true, constraintName: 'users_email_key' }),
          ...indexes,
        ],
      })

    it('does not let the index of an expected unique constraint also stand for an expected unique index', () => {
      const expected = table('users', {
        uniqueConstraints: [{ name: 'users_email_key', columns: ['email'] }],
        indexes: [{ name: 'ix_users_email', keys: ['email'], isUnique: true }],
      })
      const findings = compareViews(schema({ tables: [expected] }), schema({ tables: [emailTable([plainIndex('ix_users_email', ['email'])])] }), {
        isStrict: false,
      })
      expect(brief(findings)).to.deep.equal(['index.mismatch users ix_users_email [unique] error'])
      expect(findings[0]?.message).to.equal('Index ix_users_email on public.users has unique false, expected true.')
      expect(brief(compareViews(schema({ tables: [expected] }), schema({ tables: [emailTable([])] }), { isStrict: false }))).to.deep.equal([
        'index.missing users ix_users_email [] error',
      ])
    })

    it('does not let the index of an expected primary key stand for an expected unique index', () => {
      const expected = table('users', { primaryKey: { columns: ['id'] }, indexes: [{ name: 'ix_users_id', keys: ['id'], isUnique: true }] })
      expect(brief(compareViews(schema({ tables: [expected] }), schema({ tables: [emailTable([])] }), { isStrict: false }))).to.deep.equal([
        'index.missing users ix_users_id [] error',
      ])
    })

    it('does not let a unique index that an expected index claims by name stand for an expected unique constraint', () => {
      const actual = table('t', { columns: [column('code', 'text')], indexes: [plainIndex('ix_t_code', ['code'], { isUnique: true })] })
      const expected = table('t', {
        columns: [{ name: 'code' }],
        uniqueConstraints: [{ columns: ['code'] }],
        indexes: [{ name: 'ix_t_code', keys: ['code'], isUnique: true }],
      })
      expect(brief(compareViews(schema({ tables: [expected] }), schema({ tables: [actual] }), { isStrict: true }))).to.deep.equal([
        'unique.missing t (code) [] error',
      ])
    })

    it('says which constraint an index was found as, once', () => {
      const expected = table('users', { indexes: [{ name: 'ix_users_email', keys: ['email'], isUnique: true }] })
      const findings = compareViews(schema({ tables: [expected] }), schema({ tables: [emailTable([])] }), { isStrict: false })
      expect(brief(findings)).to.deep.equal(['index.renamed users ix_users_email [] info'])
      expect(findings[0]?.message).to.equal(
        'Index ix_users_email on public.users exists as the index of unique constraint users_email_key (same definition, other name).',
      )
    })
  })

  describe('among objects with the same definition, leaves an object to the expectation that has its name', () => {
    it('calls an existing trigger changed, not missing, when another expected trigger has its definition', () => {
      const expected = table('t', {
        triggers: [
          { name: 'a_touch', timing: 'AFTER' },
          { name: 'b_touch', timing: 'BEFORE' },
        ],
      })
      const actual = table('t', { triggers: [trigger('b_touch', { timing: 'AFTER' })] })
      expect(brief(compareViews(schema({ tables: [expected] }), schema({ tables: [actual] }), { isStrict: false }))).to.deep.equal([
        'trigger.missing t a_touch [] error',
        'trigger.mismatch t b_touch [timing] error',
      ])
    })

    it('gives an unnamed expected index the index nobody claims by name', () => {
      const expected = table('t', { columns: [{ name: 'a' }], indexes: [{ keys: ['a'] }, { name: 'ix_a', keys: ['a'], isUnique: true }] })
      const actual = table('t', { columns: [column('a', 'integer')], indexes: [plainIndex('ix_a', ['a']), plainIndex('other', ['a'])] })
      expect(brief(compareViews(schema({ tables: [expected] }), schema({ tables: [actual] }), { isStrict: true }))).to.deep.equal([
        'index.mismatch t ix_a [unique] error',
      ])
    })

    it('still reports two objects that swapped names as two renames', () => {
      const expected = table('t', {
        indexes: [
          { name: 'ix_a', keys: ['a'] },
          { name: 'ix_b', keys: ['b'] },
        ],
      })
      const actual = table('t', { indexes: [plainIndex('ix_a', ['b']), plainIndex('ix_c', ['a'])] })
      const findings = compareViews(schema({ tables: [expected] }), schema({ tables: [actual] }), { isStrict: true })
      expect(brief(findings)).to.deep.equal(['index.renamed t ix_a [] info', 'index.renamed t ix_b [] info'])
      expect(findings.map((f) => f.message)).to.deep.equal([
        'Index ix_a on public.t exists as ix_c (same definition, other name).',
        'Index ix_b on public.t exists as ix_a (same definition, other name).',
      ])
    })
  })

  it('writes index keys as CREATE INDEX needs them: expressions in parentheses, columns quoted only when needed, ordering after', () => {
    const expected = table('t', {
      columns: [{ name: 'user id' }, { name: 'email' }, { name: 'a' }, { name: 'b' }],
      indexes: [
        { keys: ['lower(email)'], isUnique: true },
        { name: 'ix_mixed', keys: ['user id DESC', 'a + b', 'created_at NULLS FIRST', 'COALESCE(a, 0) DESC NULLS LAST'] },
      ],
    })
    const actual = table('t', { columns: ['user id', 'email', 'a', 'b'].map((name) => column(name, 'integer')) })
    const findings = compareViews(schema({ tables: [expected] }), schema({ tables: [actual] }), { isStrict: false })
    expect(findings.map((f) => f.message)).to.deep.equal([
      'Index (lower(email)) on public.t is missing: UNIQUE (lower(email)).',
      'Index ix_mixed on public.t is missing: ("user id" DESC, (a + b), created_at NULLS FIRST, COALESCE(a, 0) DESC NULLS LAST).',
    ])
    // The JSON keeps the spec's spelling, so the definition can be pasted into a spec.
    expect((findings[1]?.expected as { columns: string[] }).columns).to.deep.equal([
      '"user id" DESC',
      'a + b',
      'created_at NULLS FIRST',
      'COALESCE(a, 0) DESC NULLS LAST',
    ])
  })

  describe('folds consequences into their cause', () => {
    const fk = {
      name: 'm_p_fkey',
      columns: ['p'],
      referencedSchema: 'public',
      referencedTable: 'p',
      referencedColumns: ['id'],
      onDelete: 'NO ACTION',
      onUpdate: 'NO ACTION',
      match: 'SIMPLE',
      isDeferrable: false,
      isInitiallyDeferred: false,
    } as const
    const parent = (parts: Partial<TableModel> = {}): TableModel => table('m', { columns: [column('p', 'integer')], partitionOf: null, ...parts })
    const partition = (name: string, parts: Partial<TableModel> = {}): TableModel =>
      table(name, { columns: [column('p', 'integer')], partitionOf: { schema: 'public', name: 'm' }, ...parts })

    it('reports a trigger missing on a partitioned table once, naming its partitions', () => {
      const withTrigger = { triggers: [trigger('m_touch')] }
      const expected = schema({ tables: [parent(withTrigger), partition('m_1', withTrigger), partition('m_2', withTrigger)] })
      const actual = schema({ tables: [parent(), partition('m_1'), partition('m_2')] })
      const findings = compareViews(expected, actual, { isStrict: false })
      expect(brief(findings)).to.deep.equal(['trigger.missing m m_touch [] error'])
      expect(findings[0]?.finding.consequences).to.deep.equal([
        { code: 'trigger.missing', subject: { kind: 'trigger', schema: 'public', table: 'm_1', name: 'm_touch' } },
        { code: 'trigger.missing', subject: { kind: 'trigger', schema: 'public', table: 'm_2', name: 'm_touch' } },
      ])
      expect(findings[0]?.message).to.equal(
        'Trigger m_touch on public.m is missing: BEFORE UPDATE FOR EACH ROW EXECUTE FUNCTION touch(). The same on its partitions: m_1, m_2.',
      )
    })

    it('keeps a partition finding of its own when the partitioned table does not share it', () => {
      const expected = schema({ tables: [parent({ foreignKeys: [fk] }), partition('m_1', { foreignKeys: [fk] })] })
      const actual = schema({ tables: [parent(), partition('m_1', { foreignKeys: [{ ...fk, onDelete: 'CASCADE' }] })] })
      expect(brief(compareViews(expected, actual, { isStrict: false }))).to.deep.equal([
        'foreign_key.missing m m_p_fkey [] error',
        'foreign_key.mismatch m_1 m_p_fkey [onDelete] error',
      ])
    })

    it('folds a missing sequence into the missing table whose column owns it, but not one that no single column owns', () => {
      const serial = (name: string): TableModel => table(name, { columns: [{ name: 'id', type: 'integer', isSerial: true }] })
      const shared = table('orders', { columns: [column('id', 'integer', { default: "nextval('shared_seq'::regclass)" })] })
      const expected = schema({
        tables: [serial('items'), { ...shared, name: 'archive' }, shared],
        // As the spec producer fills ownedBy: one user column owns it; shared_seq has two users.
        sequences: [
          { schema: 'public', name: 'items_id_seq', ownedBy: { table: 'items', column: 'id' } },
          { schema: 'public', name: 'shared_seq' },
        ],
      })
      const findings = compareViews(expected, schema({ tables: [shared] }), { isStrict: false })
      expect(brief(findings)).to.deep.equal(['table.missing - archive [] error', 'table.missing - items [] error', 'sequence.missing - shared_seq [] error'])
      expect(findings[1]?.message).to.equal('Table public.items is missing: 1 column expected. Missing with it: sequence public.items_id_seq.')
    })
  })

  it('under --strict, leaves a sequence of another schema to the column whose default draws from it', () => {
    const orders = table('orders', { columns: [column('id', 'bigint', { default: "nextval('shared.ids'::regclass)" })] })
    const t = { ...table('t'), schema: 'shared' }
    const actual = schema({ tables: [orders, t], sequences: [{ schema: 'shared', name: 'ids', dataType: 'bigint', ownedBy: null }] })
    const expected = schema({ tables: [table('orders', { columns: [{ name: 'id' }] }), { ...table('t'), schema: 'shared' }] })
    expect(brief(compareViews(expected, actual, { isStrict: true }))).to.deep.equal([])
  })

  it('folds a missing sequence into its table only when that table is missing, not into a missing parent of it', () => {
    const parent = { ...table('events'), partitionOf: null }
    const partition = table('events_2024', { columns: [{ name: 'id', type: 'integer', isSerial: true }], partitionOf: { schema: 'public', name: 'events' } })
    const expected = schema({
      tables: [parent, partition],
      sequences: [{ schema: 'public', name: 'events_2024_id_seq', ownedBy: { table: 'events_2024', column: 'id' } }],
    })
    const actual = schema({ tables: [table('events_2024', { columns: [column('id', 'integer')], partitionOf: null })] })
    const codes = compareViews(expected, actual, { isStrict: false }).map((f) => `${f.code} ${f.name}`)
    expect(codes).to.include('sequence.missing events_2024_id_seq')
    expect(codes).to.include('table.missing events')
  })

  it('lists the findings about overloads of one function by their argument types', () => {
    const fn = (args: string[], returns: string) => ({ schema: 'public', name: 'add', argumentTypes: args, returns, language: 'sql' })
    const expected = schema({ functions: [fn(['integer'], 'integer'), fn(['bigint'], 'bigint')] })
    const actual = schema({ functions: [fn(['integer'], 'text')] })
    expect(compareViews(expected, actual, { isStrict: false }).map((f) => f.message)).to.deep.equal([
      'Function public.add(bigint) is missing: arguments: bigint.',
      'Function public.add(integer) returns text, expected integer.',
    ])
  })

  it('under --strict, leaves sequences that belong to a column to that column', () => {
    const orders = table('orders', {
      columns: [column('id', 'integer', { default: "nextval('free_seq'::regclass)" }), column('n', 'integer', { identity: 'always' })],
    })
    const actual = schema({
      tables: [orders],
      sequences: [
        { schema: 'public', name: 'free_seq', dataType: 'bigint', ownedBy: null },
        { schema: 'public', name: 'renamed_table_n_seq', dataType: 'integer', ownedBy: { table: 'orders', column: 'n' } },
        { schema: 'public', name: 'lonely_seq', dataType: 'bigint', ownedBy: null },
      ],
    })
    const expected = schema({ tables: [table('orders', { columns: [{ name: 'id' }, { name: 'n' }] })] })
    expect(brief(compareViews(expected, actual, { isStrict: true }))).to.deep.equal(['sequence.extra - lonely_seq [] warning'])
  })

  it('reports a foreign key with the wrong ON DELETE as a mismatch, resolving REFERENCES t to its primary key', () => {
    const projects = table('projects', { primaryKey: { name: 'projects_pkey', columns: ['id'] } })
    const actual = table('tasks', {
      foreignKeys: [
        {
          name: 'tasks_project_id_fkey',
          columns: ['project_id'],
          referencedSchema: 'public',
          referencedTable: 'projects',
          referencedColumns: ['id'],
          onDelete: 'NO ACTION',
          onUpdate: 'NO ACTION',
          match: 'SIMPLE',
          isDeferrable: false,
          isInitiallyDeferred: false,
        },
      ],
    })
    const expected = table('tasks', {
      foreignKeys: [{ columns: ['project_id'], referencedSchema: 'public', referencedTable: 'projects', onDelete: 'CASCADE' }],
    })
    const findings = compareViews(schema({ tables: [expected] }), schema({ tables: [actual, projects] }), { isStrict: false })
    expect(brief(findings)).to.deep.equal(['foreign_key.mismatch tasks (project_id) [onDelete] error'])
    expect(findings[0]?.message).to.equal('Foreign key (project_id) on public.tasks has ON DELETE NO ACTION, expected CASCADE.')
  })

  it('reports a disabled trigger as a mismatch of its enabled state', () => {
    const expected = table('t', { triggers: [{ name: 'touch_t', timing: 'BEFORE', events: ['UPDATE'], enabled: 'origin' }] })
    const actual = table('t', { triggers: [trigger('touch_t', { enabled: 'disabled' })] })
    expect(brief(compareViews(schema({ tables: [expected] }), schema({ tables: [actual] }), { isStrict: false }))).to.deep.equal([
      'trigger.mismatch t touch_t [enabled] error',
    ])
  })

  it('reports extras only with strict, and only in the schemas the spec describes', () => {
    const actual = schema({ tables: [users, table('audit_log'), table('other', {}, 'elsewhere')] })
    const expected = schema({ tables: [users] })
    expect(compareViews(expected, actual, { isStrict: false })).to.deep.equal([])
    expect(brief(compareViews(expected, actual, { isStrict: true }))).to.deep.equal(['table.extra - audit_log [] warning'])
  })

  it('does not call the sequence behind a serial column extra', () => {
    const actual = schema({
      tables: [users],
      sequences: [
        { schema: 'public', name: 'users_id_seq', dataType: 'integer' },
        { schema: 'public', name: 'invoice_no', dataType: 'bigint' },
      ],
    })
    expect(brief(compareViews(schema({ tables: [users] }), actual, { isStrict: true }))).to.deep.equal(['sequence.extra - invoice_no [] warning'])
  })

  it('matches functions by argument types when the spec gives them', () => {
    const actual = schema({ functions: [{ schema: 'public', name: 'f', argumentTypes: ['integer'], returns: 'integer', language: 'sql' }] })
    expect(compareViews(schema({ functions: [{ schema: 'public', name: 'f' }] }), actual, { isStrict: false })).to.deep.equal([])
    expect(brief(compareViews(schema({ functions: [{ schema: 'public', name: 'f', argumentTypes: ['text'] }] }), actual, { isStrict: false }))).to.deep.equal([
      'function.missing - f [] error',
    ])
  })

  it('sorts findings by schema, table, kind and name', () => {
    const expected = schema({ tables: [table('b', { columns: [{ name: 'z' }, { name: 'a' }] }), table('a')] })
    const actual = schema({ tables: [table('b')] })
    expect(brief(compareViews(expected, actual, { isStrict: false }))).to.deep.equal([
      'table.missing - a [] error',
      'column.missing b a [] error',
      'column.missing b z [] error',
    ])
  })
})
