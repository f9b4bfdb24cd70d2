import { expect } from 'chai'
import { compareSchemas } from '../../src/compare/compare-schemas.js'
import type { Finding } from '../../src/compare/finding.js'
import type { IndexModel, TriggerModel } from '../../src/model/schema-model.js'
import { column, schema, table } from '../support/model-builders.js'

const brief = (findings: readonly Finding[]): string[] => findings.map((f) => `${f.code} ${f.table ?? '-'} ${f.name} [${f.attributes.join(',')}] ${f.severity}`)

const users = table('users', {
  columns: [column('id', 'integer', { isNullable: false, default: "nextval('users_id_seq'::regclass)" }), column('email', 'character varying(200)', { isNullable: false })],
  primaryKey: { name: 'users_pkey', columns: ['id'] },
  uniqueConstraints: [{ name: 'users_email_key', columns: ['email'], nullsNotDistinct: false }],
  indexes: [
    { name: 'users_pkey', keys: ['id'], isUnique: true, method: 'btree', where: null, include: [], constraintName: 'users_pkey' },
    { name: 'users_email_key', keys: ['email'], isUnique: true, method: 'btree', where: null, include: [], constraintName: 'users_email_key' },
  ],
})
const plainIndex = (name: string, keys: string[], rest: Partial<IndexModel> = {}): IndexModel => ({ name, keys, isUnique: false, method: 'btree', where: null, include: [], constraintName: null, ...rest })
const trigger = (name: string, rest: Partial<TriggerModel> = {}): TriggerModel => ({
  name, timing: 'BEFORE', events: ['UPDATE'], updateOf: [], level: 'ROW', function: 'touch', arguments: [], when: null, enabled: 'origin', ...rest,
})

describe('compareSchemas', () => {
  it('finds nothing when a model is compared with itself, even in strict mode', () => {
    const model = schema({ tables: [users] })
    expect(compareSchemas(model, model, { isStrict: true })).to.deep.equal([])
  })

  it('reports a missing table once, not once per column', () => {
    const findings = compareSchemas(schema({ tables: [users] }), schema({}), { isStrict: false })
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
    expect(compareSchemas(expected, schema({ tables: [users] }), { isStrict: false })).to.deep.equal([])
  })

  it('names each differing column attribute in one mismatch finding', () => {
    const expected = schema({ tables: [table('users', { columns: [{ name: 'email', type: 'character varying(80)', isNullable: true, default: null }] })] })
    const [finding] = compareSchemas(expected, schema({ tables: [users] }), { isStrict: false })
    expect(finding?.code).to.equal('column.mismatch')
    expect(finding?.attributes).to.deep.equal(['type', 'nullable'])
    expect(finding?.expected).to.deep.equal({ type: 'character varying(80)', nullable: true })
    expect(finding?.actual).to.deep.equal({ type: 'character varying(200)', nullable: false })
    expect(finding?.message).to.equal('Column public.users.email has type character varying(200), expected character varying(80); is NOT NULL, expected nullable.')
  })

  it('accepts any nextval() default for a serial column', () => {
    const expected = schema({ tables: [table('users', { columns: [{ name: 'id', type: 'integer', isSerial: true, isNullable: false }] })] })
    expect(compareSchemas(expected, schema({ tables: [users] }), { isStrict: false })).to.deep.equal([])
    const identity = table('users', { columns: [column('id', 'integer', { isNullable: false, identity: 'by default' })] })
    expect(brief(compareSchemas(expected, schema({ tables: [identity] }), { isStrict: false }))).to.deep.equal(['column.mismatch users id [default] error'])
  })

  it('reports an index that exists under another name as renamed (info), not missing', () => {
    const actual = table('t', { columns: [column('a', 'integer')], indexes: [plainIndex('t_a_idx', ['a'])] })
    const expected = table('t', { columns: [{ name: 'a' }], indexes: [{ name: 'ix_t_a', keys: ['a'] }] })
    const findings = compareSchemas(schema({ tables: [expected] }), schema({ tables: [actual] }), { isStrict: true })
    expect(brief(findings)).to.deep.equal(['index.renamed t ix_t_a [] info'])
    expect(findings[0]?.message).to.equal('Index ix_t_a on public.t exists as t_a_idx (same definition, other name).')
  })

  it('prefers the definition over the name when both could match', () => {
    const actual = table('t', { indexes: [plainIndex('ix_a', ['b']), plainIndex('other', ['a'])] })
    const expected = table('t', { indexes: [{ name: 'ix_a', keys: ['a'] }] })
    expect(brief(compareSchemas(schema({ tables: [expected] }), schema({ tables: [actual] }), { isStrict: true }))).to.deep.equal([
      'index.renamed t ix_a [] info',
      'index.extra t ix_a [] warning',
    ])
  })

  it('reports an index with the expected name but another definition as a mismatch', () => {
    const actual = table('t', { indexes: [plainIndex('ix_a', ['a'])] })
    const expected = table('t', { indexes: [{ name: 'ix_a', keys: ['a'], isUnique: true }] })
    const findings = compareSchemas(schema({ tables: [expected] }), schema({ tables: [actual] }), { isStrict: false })
    expect(brief(findings)).to.deep.equal(['index.mismatch t ix_a [unique] error'])
  })

  it('rates a missing plain index a warning and a missing unique index an error', () => {
    const expected = table('t', { indexes: [{ name: 'a', keys: ['a'], isUnique: false }, { name: 'b', keys: ['b'], isUnique: true }] })
    expect(brief(compareSchemas(schema({ tables: [expected] }), schema({ tables: [table('t')] }), { isStrict: false }))).to.deep.equal([
      'index.missing t a [] warning',
      'index.missing t b [] error',
    ])
  })

  it('lets a unique index satisfy a unique constraint and says which one it found', () => {
    const actual = table('t', { columns: [column('code', 'text')], indexes: [plainIndex('t_code_uq', ['code'], { isUnique: true })] })
    const unnamed = table('t', { columns: [{ name: 'code' }], uniqueConstraints: [{ columns: ['code'] }] })
    expect(compareSchemas(schema({ tables: [unnamed] }), schema({ tables: [actual] }), { isStrict: true })).to.deep.equal([])
    const named = table('t', { uniqueConstraints: [{ name: 't_code_key', columns: ['code'] }] })
    const [finding] = compareSchemas(schema({ tables: [named] }), schema({ tables: [actual] }), { isStrict: false })
    expect(finding?.code).to.equal('unique.renamed')
    expect(finding?.message).to.equal('Unique constraint t_code_key on public.t exists as unique index t_code_uq (same definition, other name).')
  })

  it('reports a foreign key with the wrong ON DELETE as a mismatch, resolving REFERENCES t to its primary key', () => {
    const projects = table('projects', { primaryKey: { name: 'projects_pkey', columns: ['id'] } })
    const actual = table('tasks', {
      foreignKeys: [{ name: 'tasks_project_id_fkey', columns: ['project_id'], referencedSchema: 'public', referencedTable: 'projects', referencedColumns: ['id'], onDelete: 'NO ACTION', onUpdate: 'NO ACTION', match: 'SIMPLE', isDeferrable: false, isInitiallyDeferred: false }],
    })
    const expected = table('tasks', { foreignKeys: [{ columns: ['project_id'], referencedSchema: 'public', referencedTable: 'projects', onDelete: 'CASCADE' }] })
    const findings = compareSchemas(schema({ tables: [expected] }), schema({ tables: [actual, projects] }), { isStrict: false })
    expect(brief(findings)).to.deep.equal(['foreign_key.mismatch tasks (project_id) [on_delete] error'])
    expect(findings[0]?.message).to.equal('Foreign key (project_id) on public.tasks has ON DELETE NO ACTION, expected CASCADE.')
  })

  it('reports a disabled trigger as a mismatch of its enabled state', () => {
    const expected = table('t', { triggers: [{ name: 'touch_t', timing: 'BEFORE', events: ['UPDATE'], enabled: 'origin' }] })
    const actual = table('t', { triggers: [trigger('touch_t', { enabled: 'disabled' })] })
    expect(brief(compareSchemas(schema({ tables: [expected] }), schema({ tables: [actual] }), { isStrict: false }))).to.deep.equal([
      'trigger.mismatch t touch_t [enabled] error',
    ])
  })

  it('reports extras only with strict, and only in the schemas the spec describes', () => {
    const actual = schema({ tables: [users, table('audit_log'), table('other', {}, 'elsewhere')] })
    const expected = schema({ tables: [users] })
    expect(compareSchemas(expected, actual, { isStrict: false })).to.deep.equal([])
    expect(brief(compareSchemas(expected, actual, { isStrict: true }))).to.deep.equal(['table.extra - audit_log [] warning'])
  })

  it('does not call the sequence behind a serial column extra', () => {
    const actual = schema({ tables: [users], sequences: [{ schema: 'public', name: 'users_id_seq', dataType: 'integer' }, { schema: 'public', name: 'invoice_no', dataType: 'bigint' }] })
    expect(brief(compareSchemas(schema({ tables: [users] }), actual, { isStrict: true }))).to.deep.equal(['sequence.extra - invoice_no [] warning'])
  })

  it('matches functions by argument types when the spec gives them', () => {
    const actual = schema({ functions: [{ schema: 'public', name: 'f', argumentTypes: ['integer'], returns: 'integer', language: 'sql' }] })
    expect(compareSchemas(schema({ functions: [{ schema: 'public', name: 'f' }] }), actual, { isStrict: false })).to.deep.equal([])
    expect(brief(compareSchemas(schema({ functions: [{ schema: 'public', name: 'f', argumentTypes: ['text'] }] }), actual, { isStrict: false }))).to.deep.equal([
      'function.missing - f [] error',
    ])
  })

  it('sorts findings by schema, table, kind and name', () => {
    const expected = schema({ tables: [table('b', { columns: [{ name: 'z' }, { name: 'a' }] }), table('a')] })
    const actual = schema({ tables: [table('b')] })
    expect(brief(compareSchemas(expected, actual, { isStrict: false }))).to.deep.equal([
      'table.missing - a [] error',
      'column.missing b a [] error',
      'column.missing b z [] error',
    ])
  })
})
