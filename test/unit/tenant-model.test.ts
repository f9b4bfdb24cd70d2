/**
 * tenantModel: the template's objects moved into each tenant schema, references to the template's
 * own objects moved with them (as PostgreSQL spells them outside the search path), references to
 * anything else kept. The database side of the same spellings is in
 * test/integration/tenant-schemas.test.ts.
 */
import { expect } from 'chai'
import { EMPTY_SCHEMA, type SchemaModel, type TableModel } from '../../src/model/schema-model.js'
import { matchTenantSchemas, qualifyBareRelations, tenantModel } from '../../src/model/tenant-schemas.js'

function table(schema: string): TableModel {
  return {
    schema,
    name: 'items',
    columns: [
      { name: 'id', type: 'integer', default: "nextval('items_id_seq'::regclass)" },
      { name: 'state', type: schema === 'public' ? '"State"' : `${schema}."State"`, default: null },
      { name: 'tags', type: schema === 'public' ? '"State"[]' : `${schema}."State"[]` },
      { name: 'total', type: 'numeric', generated: schema === 'public' ? 'score(id)' : `${schema}.score(id)` },
    ],
    primaryKey: { columns: ['id'] },
    uniqueConstraints: [],
    checkConstraints: [
      {
        expression: schema === 'public' ? `state <> 'gone'::"State" AND lower(x) = score(id)::text AND score = 'score'` : `state <> 'gone'::${schema}."State"`,
      },
    ],
    indexes: [{ keys: [schema === 'public' ? 'score(id) DESC' : `${schema}.score(id) DESC`], where: null }],
    foreignKeys: [
      { columns: ['id'], referencedSchema: schema, referencedTable: 'other' },
      { columns: ['id'], referencedSchema: 'shared', referencedTable: 'plans' },
    ],
    triggers: [
      { name: 'own', function: schema === 'public' ? 'touch' : `${schema}.touch` },
      { name: 'shared', function: 'shared.audit' },
    ],
  }
}

function modelOf(schema: string): SchemaModel {
  return {
    ...EMPTY_SCHEMA,
    schemas: [schema, 'shared'],
    tables: [table(schema), { ...table('shared'), name: 'plans' }],
    enums: [{ schema, name: 'State', values: ['a', 'gone'] }],
    functions: [
      { schema, name: 'score', argumentTypes: ['integer'], returns: 'integer' },
      { schema, name: 'touch', argumentTypes: [], returns: 'trigger' },
      {
        schema,
        name: 'states',
        argumentTypes: [schema === 'public' ? '"State"' : `${schema}."State"`],
        returns: schema === 'public' ? 'SETOF "State"' : `SETOF ${schema}."State"`,
      },
    ],
    sequences: [{ schema, name: 'items_id_seq' }],
    views: [{ schema, name: 'v', definition: schema === 'public' ? 'SELECT items.id FROM items' : `SELECT items.id FROM ${schema}.items` }],
  }
}

describe('tenant schemas: the expected model of each tenant', function () {
  for (const template of ['public', 'tpl']) {
    it(`moves a ${template} template's objects and their references into each tenant, and keeps shared ones`, function () {
      const moved = tenantModel(modelOf(template), template, ['t1', 'Big Co'])
      expect(moved.schemas).to.deep.equal(['shared', 't1', 'Big Co'])
      const [t1, bigCo] = moved.tables.filter((t) => t.name === 'items')
      expect(t1?.schema).to.equal('t1')
      expect(t1?.columns.map((c) => c.type)).to.deep.equal(['integer', 't1."State"', 't1."State"[]', 'numeric'])
      expect(t1?.columns[0]?.default).to.equal("nextval('items_id_seq'::regclass)")
      expect(t1?.columns[3]?.generated).to.equal('t1.score(id)')
      expect(bigCo?.columns[1]?.type).to.equal('"Big Co"."State"')
      expect(bigCo?.indexes[0]?.keys).to.deep.equal(['"Big Co".score(id) DESC'])
      expect(t1?.foreignKeys.map((fk) => `${fk.referencedSchema}.${fk.referencedTable}`)).to.deep.equal(['t1.other', 'shared.plans'])
      expect(t1?.triggers.map((tr) => tr.function)).to.deep.equal(['t1.touch', 'shared.audit'])
      expect(bigCo?.triggers.map((tr) => tr.function)).to.deep.equal(['Big Co.touch', 'shared.audit'])
      expect(moved.functions.filter((f) => f.schema === 't1').map((f) => `${f.name}(${(f.argumentTypes ?? []).join()}) ${f.returns ?? ''}`)).to.deep.equal([
        'score(integer) integer',
        'touch() trigger',
        'states(t1."State") SETOF t1."State"',
      ])
      expect(moved.enums.map((e) => e.schema)).to.deep.equal(['t1', 'Big Co'])
      expect(moved.sequences.map((s) => s.schema)).to.deep.equal(['t1', 'Big Co'])
      // A view's query names the tenant's relations as PostgreSQL spells them outside the search path.
      expect(moved.views.map((v) => `${v.schema}: ${v.definition ?? ''}`)).to.deep.equal([
        't1: SELECT items.id FROM t1.items',
        'Big Co: SELECT items.id FROM "Big Co".items',
      ])
      expect(moved.tables.find((t) => t.schema === 'shared')?.name).to.equal('plans')
    })
  }

  it('qualifies calls and casts of the template’s objects only: not columns, other functions or strings of the same name', function () {
    const moved = tenantModel(modelOf('public'), 'public', ['t1'])
    expect(moved.tables.find((t) => t.schema === 't1')?.checkConstraints[0]?.expression).to.equal(
      `state <> 'gone'::t1."State" AND lower(x) = t1.score(id)::text AND score = 'score'`,
    )
  })

  it('names the tenant’s own relations in a view, and keeps public’s and pg_catalog’s as written', function () {
    const viewIn = (schema: string, definition: string): SchemaModel => ({
      ...EMPTY_SCHEMA,
      schemas: [schema],
      tables: [{ ...table(schema), name: 'items' }],
      views: [{ schema, name: 'v', definition }],
    })
    // A public template spells its own relations bare; pg_catalog's are bare too, and stay so.
    const fromPublic = tenantModel(viewIn('public', 'SELECT items.id, (SELECT count(*) FROM pg_class) AS n FROM items'), 'public', ['t1'])
    expect(fromPublic.views[0]?.definition).to.equal('SELECT items.id, (SELECT count(*) FROM pg_class) AS n FROM t1.items')
    // Another template qualifies its own; a bare name there is public's (shared), kept bare.
    const fromTemplate = tenantModel(viewIn('tpl', 'SELECT i.id FROM tpl.items i JOIN plans p ON p.id = i.plan'), 'tpl', ['t1'])
    expect(fromTemplate.views[0]?.definition).to.equal('SELECT i.id FROM t1.items i JOIN plans p ON p.id = i.plan')
  })

  it('qualifies only the given relations where a FROM list names them bare: not columns, functions, CTEs or qualified names', function () {
    const names = new Set(['a', 'b', 'c', 'w', 'My Table'])
    const cases: readonly [string, string][] = [
      ['SELECT a.id FROM a, b WHERE a.id = b.id', 'SELECT a.id FROM t1.a, t1.b WHERE a.id = b.id'],
      [
        'SELECT a.id FROM (a JOIN ONLY b ON ((a.id = b.id))) JOIN s.c USING (id)',
        'SELECT a.id FROM (t1.a JOIN ONLY t1.b ON ((a.id = b.id))) JOIN s.c USING (id)',
      ],
      ['SELECT x.n FROM (SELECT count(*) AS n FROM a) x', 'SELECT x.n FROM (SELECT count(*) AS n FROM t1.a) x'],
      ['WITH w AS (SELECT id FROM a) SELECT w.id FROM w', 'WITH w AS (SELECT id FROM t1.a) SELECT w.id FROM w'],
      ['SELECT g.g FROM generate_series(1, 3) g(g), d', 'SELECT g.g FROM generate_series(1, 3) g(g), d'],
      ['SELECT a, b FROM "My Table" t, LATERAL (SELECT 1 FROM c) l', 'SELECT a, b FROM t1."My Table" t, LATERAL (SELECT 1 FROM t1.c) l'],
      [
        'SELECT 1 WHERE EXISTS (SELECT 1 FROM a WHERE a.x IN (SELECT y FROM b))',
        'SELECT 1 WHERE EXISTS (SELECT 1 FROM t1.a WHERE a.x IN (SELECT y FROM t1.b))',
      ],
      [
        'WITH w AS MATERIALIZED (SELECT 1 FROM a), c AS NOT MATERIALIZED (SELECT 2) SELECT * FROM w, c',
        'WITH w AS MATERIALIZED (SELECT 1 FROM t1.a), c AS NOT MATERIALIZED (SELECT 2) SELECT * FROM w, c',
      ],
      // FROM that is no FROM list: a column named like a relation stays as it is.
      ['SELECT EXTRACT(year FROM a) AS y, TRIM(BOTH FROM b) FROM c', 'SELECT EXTRACT(year FROM a) AS y, TRIM(BOTH FROM b) FROM t1.c'],
      ['SELECT 1 FROM c WHERE c.x IS DISTINCT FROM a', 'SELECT 1 FROM t1.c WHERE c.x IS DISTINCT FROM a'],
    ]
    for (const [sql, expected] of cases) expect(qualifyBareRelations(sql, 't1', names), sql).to.equal(expected)
    // Where a CTE shadows a template table, PostgreSQL qualifies the table with public: it moves too.
    expect(qualifyBareRelations('WITH a AS (SELECT 1) SELECT * FROM a, public.a x, public.other', 't1', names, 'public')).to.equal(
      'WITH a AS (SELECT 1) SELECT * FROM a, t1.a x, public.other',
    )
  })

  it('matches schema names with a glob, sorted', function () {
    const schemas = ['public', 'tenant_0002', 'tenant_0001', 'tenants', 'acme']
    expect(matchTenantSchemas(schemas, 'tenant_*')).to.deep.equal(['tenant_0001', 'tenant_0002'])
    expect(matchTenantSchemas(schemas, '{acme,tenants}')).to.deep.equal(['acme', 'tenants'])
    expect(matchTenantSchemas(schemas, 'tenant_000[2-9]')).to.deep.equal(['tenant_0002'])
  })
})
