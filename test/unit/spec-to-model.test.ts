import { expect } from 'chai'
import { canonicalExpression } from '../../src/model/canonical-expression.js'
import { canonicalIndexKey } from '../../src/spec/canonical-index-key.js'
import { canonicalFunctionName, canonicalReturnType, specToModel } from '../../src/spec/spec-to-model.js'
import type { Spec, SpecTable } from '../../src/spec/spec-types.js'
import { withoutSources } from '../support/model-builders.js'

const oneTable = (t: SpecTable, schema = 'public', name = 't'): Spec => ({ schemas: { [schema]: { tables: { [name]: t } } } })
const modelOf = (spec: Spec) => withoutSources(specToModel(spec))
const tableOf = (spec: Spec) => modelOf(spec).tables[0]

describe('specToModel', () => {
  it('records where the spec declares every object, as a JSON pointer', () => {
    const model = specToModel({
      extensions: [{ name: 'citext' }],
      schemas: {
        'a/b': {
          tables: {
            't~1': {
              columns: { c: {} },
              primaryKey: { columns: ['c'] },
              unique: [{ columns: ['c'] }],
              checks: [{ expression: 'c > 0' }],
              indexes: [{ columns: ['c'] }],
              foreignKeys: [{ columns: ['c'], references: { table: 't~1' } }],
              triggers: [{ name: 'tr' }],
            },
          },
          functions: [{ name: 'f' }],
          enums: { e: {} },
          sequences: { s: {} },
          views: { v: { triggers: [{ name: 'vt' }] } },
        },
      },
    })
    const table = '/schemas/a~1b/tables/t~01'
    const [t] = model.tables
    expect([t?.source, t?.columns[0]?.source, t?.primaryKey?.source, t?.uniqueConstraints[0]?.source, t?.checkConstraints[0]?.source]).to.deep.equal([
      table,
      `${table}/columns/c`,
      `${table}/primaryKey`,
      `${table}/unique/0`,
      `${table}/checks/0`,
    ])
    expect([t?.indexes[0]?.source, t?.foreignKeys[0]?.source, t?.triggers[0]?.source]).to.deep.equal([
      `${table}/indexes/0`,
      `${table}/foreignKeys/0`,
      `${table}/triggers/0`,
    ])
    expect([
      model.functions[0]?.source,
      model.enums[0]?.source,
      model.sequences[0]?.source,
      model.views[0]?.source,
      model.views[0]?.triggers?.[0]?.source,
      model.extensions[0]?.source,
    ]).to.deep.equal([
      '/schemas/a~1b/functions/0',
      '/schemas/a~1b/enums/e',
      '/schemas/a~1b/sequences/s',
      '/schemas/a~1b/views/v',
      '/schemas/a~1b/views/v/triggers/0',
      '/extensions/0',
    ])
  })

  it("reads what a complete spec leaves out as PostgreSQL's default, and lists every schema, even empty", () => {
    const spec: Spec = {
      complete: true,
      schemas: {
        empty: {},
        public: {
          tables: {
            t: {
              columns: { a: { type: 'integer', nullable: true }, id: { type: 'serial' } },
              unique: [{ columns: ['a'] }],
              indexes: [{ columns: ['a'] }],
              foreignKeys: [{ columns: ['a'], references: { table: 't', columns: ['id'] } }],
              triggers: [{ name: 'tr', timing: 'AFTER', events: ['UPDATE'], level: 'ROW', function: 'f' }],
            },
          },
          functions: [{ name: 'f', returns: 'trigger', language: 'plpgsql' }],
          sequences: { s: {} },
          views: { v: {} },
        },
      },
    }
    const model = modelOf(spec)
    expect(model.schemas).to.deep.equal(['empty', 'public'])
    expect(model.isComplete).to.equal(true)
    const [t] = model.tables
    expect(t?.partitionOf).to.equal(null)
    expect(t?.primaryKey).to.equal(null)
    expect(t?.columns).to.deep.equal([
      { name: 'a', type: 'integer', isNullable: true, default: null, identity: null, generated: null },
      // serial stands for its nextval() default: no default to fill.
      { name: 'id', type: 'integer', isNullable: false, isSerial: true, identity: null, generated: null },
    ])
    expect(t?.uniqueConstraints[0]?.nullsNotDistinct).to.equal(false)
    expect(t?.indexes[0]).to.deep.include({ isUnique: false, method: 'btree', where: null, include: [] })
    expect(t?.foreignKeys[0]).to.deep.include({
      onDelete: 'NO ACTION',
      onUpdate: 'NO ACTION',
      match: 'SIMPLE',
      isDeferrable: false,
      isInitiallyDeferred: false,
    })
    expect(t?.triggers[0]).to.deep.include({ updateOf: [], arguments: [], when: null, enabled: 'origin' })
    expect(model.functions[0]?.argumentTypes).to.deep.equal([])
    expect(model.sequences[0]?.dataType).to.equal('bigint')
    expect(model.views[0]).to.deep.include({ isMaterialized: false, triggers: [] })
    // Without `complete`, the same spec leaves all of those unchecked.
    const open = modelOf({ ...spec, complete: false }).tables[0]
    expect([open?.primaryKey, open?.columns[0]?.default, open?.indexes[0]?.where, open?.foreignKeys[0]?.match]).to.deep.equal([
      undefined,
      undefined,
      undefined,
      undefined,
    ])
  })

  it('keeps what the spec left out undefined, and explicit nulls null', () => {
    const t = tableOf(oneTable({ columns: { a: {}, b: { default: null, identity: null, generated: null } } }))
    expect(t?.columns).to.deep.equal([{ name: 'a' }, { name: 'b', default: null, identity: null, generated: null }])
    expect(t).to.not.have.property('primaryKey')
    expect(tableOf(oneTable({ primaryKey: null }))?.primaryKey).to.equal(null)
  })

  it('makes serial columns integer, NOT NULL unless the spec says otherwise, and marks them', () => {
    const t = tableOf(oneTable({ columns: { id: { type: 'SERIAL' }, big: { type: 'bigserial', nullable: true } } }))
    expect(t?.columns).to.deep.equal([
      { name: 'id', type: 'integer', isNullable: false, isSerial: true },
      { name: 'big', type: 'bigint', isNullable: true, isSerial: true },
    ])
  })

  it('canonicalises types, and defaults in the light of the column type and schema', () => {
    const t = tableOf(oneTable({ columns: { n: { type: 'varchar(80)', default: "'x'::character varying" }, ok: { type: 'bool', default: "'t'" } } }, 'app'))
    expect(t?.columns).to.deep.equal([
      {
        name: 'n',
        type: 'character varying(80)',
        default: canonicalExpression("'x'::character varying", { columnType: 'character varying(80)', schema: 'app' }),
      },
      { name: 'ok', type: 'boolean', default: canonicalExpression("'t'", { columnType: 'boolean', schema: 'app' }) },
    ])
  })

  it("defaults a foreign key to the table's schema and leaves referenced columns to the comparer", () => {
    const spec: Spec = {
      schemas: {
        app: {
          tables: {
            t: {
              foreignKeys: [
                { columns: ['a'], references: { table: 'u' } },
                { columns: ['b'], references: { schema: 'x', table: 'v', columns: ['id'] }, match: 'FULL' },
              ],
            },
          },
        },
      },
    }
    expect(tableOf(spec)?.foreignKeys).to.deep.equal([
      { columns: ['a'], referencedSchema: 'app', referencedTable: 'u', isValid: true, isEnforced: true },
      { columns: ['b'], referencedSchema: 'x', referencedTable: 'v', referencedColumns: ['id'], match: 'FULL', isValid: true, isEnforced: true },
    ])
  })

  it('sorts trigger events, maps enabled, and canonicalises the function name', () => {
    const t = tableOf(
      oneTable({
        triggers: [
          { name: 'a', events: ['TRUNCATE', 'DELETE', 'UPDATE', 'INSERT'], enabled: true, function: 'public.f()' },
          { name: 'b', enabled: false, function: 'audit.g' },
          { name: 'c', enabled: 'always' },
        ],
      }),
    )
    expect(t?.triggers).to.deep.equal([
      { name: 'a', events: ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'], enabled: 'origin', function: 'f' },
      { name: 'b', enabled: 'disabled', function: 'audit.g' },
      { name: 'c', enabled: 'always' },
    ])
  })

  it('canonicalises functions: argument and result types, lowercase language', () => {
    const model = modelOf({
      schemas: { public: { functions: [{ name: 'f', arguments: ['int4', 'VARCHAR'], returns: 'setof int8', language: 'PLpgSQL' }, { name: 'g' }] } },
    })
    expect(model.functions).to.deep.equal([
      { schema: 'public', name: 'f', argumentTypes: ['integer', 'character varying'], returns: 'SETOF bigint', language: 'plpgsql' },
      { schema: 'public', name: 'g' },
    ])
  })

  it('converts extensions, enums, sequences and views, sorted by schema and name', () => {
    const model = modelOf({
      extensions: [{ name: 'pgcrypto' }, { name: 'citext', version: '1.6' }],
      schemas: {
        b: { enums: { mood: { values: ['sad'] } }, sequences: { s: { type: 'bigint' } }, views: { v: { materialized: true } } },
        a: { enums: { z: {} }, views: { w: {} } },
      },
    })
    expect(model.extensions).to.deep.equal([{ name: 'citext', version: '1.6' }, { name: 'pgcrypto' }])
    expect(model.enums).to.deep.equal([
      { schema: 'a', name: 'z' },
      { schema: 'b', name: 'mood', values: ['sad'] },
    ])
    expect(model.sequences).to.deep.equal([{ schema: 'b', name: 's', dataType: 'bigint' }])
    expect(model.views).to.deep.equal([
      { schema: 'a', name: 'w' },
      { schema: 'b', name: 'v', isMaterialized: true },
    ])
  })

  describe('which column owns a listed sequence (ownedBy)', () => {
    const ownersOf = (spec: Spec): Record<string, unknown> => Object.fromEntries(specToModel(spec).sequences.map((s) => [`${s.schema}.${s.name}`, s.ownedBy]))

    it('is the one column whose default is nextval() of it, however the name is written', () => {
      expect(
        ownersOf({
          schemas: {
            public: {
              tables: {
                orders: { columns: { id: { type: 'integer', default: "nextval('order_numbers'::regclass)" } } },
                notes: { columns: { n: { type: 'bigint', default: 'NEXTVAL(\'public."Note_Seq"\')' } } },
              },
              sequences: { order_numbers: {}, Note_Seq: {} },
            },
            app: {
              tables: { items: { columns: { id: { type: 'integer', default: "nextval('APP.Item_Seq')" } } } },
              sequences: { item_seq: {} },
            },
          },
        }),
      ).to.deep.equal({
        'app.item_seq': { table: 'items', column: 'id' },
        'public.Note_Seq': { table: 'notes', column: 'n' },
        'public.order_numbers': { table: 'orders', column: 'id' },
      })
    })

    it('is the serial or identity column PostgreSQL would have created it for', () => {
      const longTable = 'a'.repeat(60)
      const longColumn = `${'a'.repeat(60)}_co`
      expect(
        ownersOf({
          schemas: {
            public: {
              tables: {
                orders: { columns: { id: { type: 'serial' }, big: { type: 'BIGSERIAL' }, small: { type: 'smallserial' } } },
                tickets: { columns: { a: { type: 'integer', identity: 'always' }, b: { type: 'bigint', identity: 'by default' } } },
                [longTable]: { columns: { [longColumn]: { type: 'serial' } } },
              },
              sequences: {
                orders_id_seq: {},
                orders_big_seq: {},
                orders_small_seq: {},
                tickets_a_seq: {},
                tickets_b_seq: {},
                [`${'a'.repeat(29)}_${'a'.repeat(29)}_seq`]: {},
              },
            },
          },
        }),
      ).to.deep.equal({
        [`public.${'a'.repeat(29)}_${'a'.repeat(29)}_seq`]: { table: longTable, column: longColumn },
        'public.orders_big_seq': { table: 'orders', column: 'big' },
        'public.orders_id_seq': { table: 'orders', column: 'id' },
        'public.orders_small_seq': { table: 'orders', column: 'small' },
        'public.tickets_a_seq': { table: 'tickets', column: 'a' },
        'public.tickets_b_seq': { table: 'tickets', column: 'b' },
      })
    })

    it('is not checked when the spec names no column or more than one, or cannot tell the schema', () => {
      expect(
        ownersOf({
          schemas: {
            public: {
              tables: {
                // A serial column with its own default uses that sequence, not table_column_seq.
                orders: { columns: { id: { type: 'serial', default: "nextval('order_numbers')" }, n: { type: 'integer' } } },
                a: { columns: { x: { type: 'bigint', default: "nextval('shared')" } } },
                b: { columns: { y: { type: 'bigint', default: "nextval('shared')" } } },
                // The serial column's generated name and another column's default name the same sequence.
                c: { columns: { id: { type: 'serial' } } },
                d: { columns: { id: { type: 'integer', default: "nextval('c_id_seq')" } } },
                // A renamed table: its serial sequence kept the old name, which the spec cannot know.
                renamed: { columns: { id: { type: 'serial' } } },
              },
              sequences: { orders_id_seq: {}, order_numbers: {}, shared: {}, c_id_seq: {}, old_name_id_seq: {}, dual: {} },
            },
            // app.dual vs public.dual: canonical form drops both qualifications in app's tables.
            app: {
              tables: { t: { columns: { n: { type: 'bigint', default: "nextval('public.dual')" } } } },
              sequences: { dual: {} },
            },
            // Owned sequences live in their table's schema: a column of another schema does not count.
            other: { sequences: { orders_n_seq: {} } },
          },
        }),
      ).to.deep.equal({
        'app.dual': undefined,
        'other.orders_n_seq': undefined,
        'public.c_id_seq': undefined,
        'public.dual': undefined,
        'public.old_name_id_seq': undefined,
        'public.order_numbers': { table: 'orders', column: 'id' },
        'public.orders_id_seq': undefined,
        'public.shared': undefined,
      })
    })

    it("counts a partitioned table's column once, not again for each partition that copies its default", () => {
      const id = { type: 'bigint', default: "nextval('events_id_seq'::regclass)" }
      expect(
        ownersOf({
          schemas: {
            public: {
              tables: {
                events: { columns: { id } },
                events_2024: { partitionOf: { table: 'events' }, columns: { id } },
                events_2024_q1: { partitionOf: { table: 'events_2024' }, columns: { id } },
              },
              sequences: { events_id_seq: {} },
            },
          },
        }),
      ).to.deep.equal({ 'public.events_id_seq': { table: 'events', column: 'id' } })
    })

    it('invents no sequence the spec does not list', () => {
      expect(specToModel(oneTable({ columns: { id: { type: 'serial' }, n: { default: "nextval('x')" } } })).sequences).to.deep.equal([])
    })
  })

  it('records where each table was declared, as an escaped JSON pointer', () => {
    expect(specToModel(oneTable({}, 'my/schema', 'a~b')).tables[0]?.source).to.equal('/schemas/my~1schema/tables/a~0b')
  })

  it('keeps columns in spec order and sorts tables by schema and name', () => {
    const model = modelOf({ schemas: { z: { tables: { b: {}, a: {} } }, y: { tables: { c: { columns: { z: {}, a: {} } } } } } })
    expect(model.tables.map((t) => `${t.schema}.${t.name}`)).to.deep.equal(['y.c', 'z.a', 'z.b'])
    expect(model.tables[0]?.columns.map((c) => c.name)).to.deep.equal(['z', 'a'])
  })
})

describe('canonicalIndexKey', () => {
  it('drops ASC and default NULLS placement, uppercases what stays', () => {
    expect(canonicalIndexKey('email asc')).to.equal('email')
    expect(canonicalIndexKey('email ASC NULLS LAST')).to.equal('email')
    expect(canonicalIndexKey('email nulls first')).to.equal('email NULLS FIRST')
    expect(canonicalIndexKey('email desc')).to.equal('email DESC')
    expect(canonicalIndexKey('email DESC NULLS FIRST')).to.equal('email DESC')
    expect(canonicalIndexKey('email desc nulls last')).to.equal('email DESC NULLS LAST')
  })

  it('reads identifiers as column names as stored, and canonicalises expressions', () => {
    expect(canonicalIndexKey('UserId DESC')).to.equal('UserId DESC')
    expect(canonicalIndexKey('"user id"')).to.equal('user id')
    expect(canonicalIndexKey('LOWER(email) desc', { schema: 'public' })).to.equal(`${canonicalExpression('LOWER(email)', { schema: 'public' })} DESC`)
  })
})

describe('canonicalFunctionName and canonicalReturnType', () => {
  it('drops public. and a trailing ()', () => {
    expect(canonicalFunctionName('public.touch()')).to.equal('touch')
    expect(canonicalFunctionName('audit.log ( )')).to.equal('audit.log')
  })

  it('keeps TABLE(...) results as written and canonicalises SETOF types', () => {
    expect(canonicalReturnType('SETOF int4')).to.equal('SETOF integer')
    expect(canonicalReturnType('TABLE(id integer)')).to.equal('TABLE(id integer)')
    expect(canonicalReturnType('trigger')).to.equal('trigger')
  })
})
