import { expect } from 'chai'
import { withoutSources } from '../support/model-builders.js'
import { viewOf } from '../support/finding-view.js'
import { compareSchemas } from '../../src/compare/compare-schemas.js'
import { canonicalExpression } from '../../src/model/canonical-expression.js'
import { canonicalType } from '../../src/model/canonical-type.js'
import type { ColumnModel, IndexModel, SchemaModel, TableModel } from '../../src/model/schema-model.js'
import { modelToSpec, renderSpecJson } from '../../src/snapshot/model-to-spec.js'
import { isInSpecOrder } from '../../src/snapshot/render-spec-json.js'
import { parseSpecText } from '../../src/spec/load-spec.js'
import { specToModel } from '../../src/spec/spec-to-model.js'

// Built the way the introspector builds an actual model: canonical types and expressions, every property set.
const type = (spelling: string): string => canonicalType(spelling).type
const sql = (text: string, schema = 'public'): string => canonicalExpression(text, { schema })

function column(name: string, spelling: string, rest: Partial<ColumnModel> = {}): ColumnModel {
  return { name, type: type(spelling), isNullable: true, default: null, identity: null, generated: null, ...rest }
}

function index(name: string, keys: string[], rest: Partial<IndexModel> = {}): IndexModel {
  return { name, keys, isUnique: false, method: 'btree', where: null, include: [], constraintName: null, ...rest }
}

function table(schema: string, name: string, parts: Partial<TableModel>): TableModel {
  return { schema, name, columns: [], primaryKey: null, uniqueConstraints: [], checkConstraints: [], indexes: [], foreignKeys: [], triggers: [], ...parts }
}

const ORGS = table('public', 'orgs', {
  columns: [
    column('id', 'integer', { isNullable: false, default: sql("nextval('orgs_id_seq'::regclass)") }),
    column('name', 'character varying(80)', { isNullable: false }),
    column('UserId', 'bigint', { isNullable: false, identity: 'always' }),
    column('user id', 'text'),
  ],
  primaryKey: { name: 'orgs_pkey', columns: ['id'] },
  uniqueConstraints: [{ name: 'orgs_name_key', columns: ['name'], nullsNotDistinct: false }],
  indexes: [
    index('orgs_pkey', ['id'], { isUnique: true, constraintName: 'orgs_pkey' }),
    index('orgs_name_key', ['name'], { isUnique: true, constraintName: 'orgs_name_key' }),
    index('orgs_userid_idx', ['UserId', 'user id DESC']),
  ],
})

const USERS = table('public', 'users', {
  columns: [
    column('id', 'bigint', { isNullable: false, identity: 'by default' }),
    column('org_id', 'integer'),
    column('email', 'text', { isNullable: false }),
    column('price', 'numeric(10,2)', { default: sql('0') }),
    column('created_at', 'timestamp with time zone', { isNullable: false, default: sql('CURRENT_TIMESTAMP') }),
    column('email_lower', 'text', { generated: sql('lower(email)') }),
    column('tags', 'text[]', { default: sql("'{}'::text[]") }),
    column('mood', 'audit.mood'),
  ],
  primaryKey: { name: 'users_pkey', columns: ['id'] },
  uniqueConstraints: [
    { name: 'users_org_email_key', columns: ['org_id', 'email'], nullsNotDistinct: true },
    { name: 'users_email_key', columns: ['email'], nullsNotDistinct: false },
  ],
  checkConstraints: [
    { name: 'users_price_check', expression: sql('price >= 0') },
    { name: 'users_email_check', expression: sql("email LIKE '%@%'") },
  ],
  indexes: [
    index('users_pkey', ['id'], { isUnique: true, constraintName: 'users_pkey' }),
    index('users_org_email_key', ['org_id', 'email'], { isUnique: true, constraintName: 'users_org_email_key' }),
    index('users_email_key', ['email'], { isUnique: true, constraintName: 'users_email_key' }),
    index('users_lower_email_idx', [sql('lower(email)'), 'created_at DESC', 'org_id NULLS FIRST'], {
      isUnique: true,
      where: sql('org_id IS NOT NULL'),
      include: ['price'],
    }),
    index('users_tags_idx', ['tags'], { method: 'gin' }),
  ],
  foreignKeys: [
    {
      name: 'users_org_id_fkey',
      columns: ['org_id'],
      referencedSchema: 'public',
      referencedTable: 'orgs',
      referencedColumns: ['id'],
      onDelete: 'SET NULL',
      onUpdate: 'NO ACTION',
      match: 'SIMPLE',
      isDeferrable: false,
      isInitiallyDeferred: false,
    },
    {
      name: 'users_audit_fkey',
      columns: ['id'],
      referencedSchema: 'audit',
      referencedTable: 'log',
      referencedColumns: ['id'],
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
      match: 'FULL',
      isDeferrable: true,
      isInitiallyDeferred: true,
    },
  ],
  triggers: [
    {
      name: 'users_touch',
      timing: 'BEFORE',
      events: ['INSERT', 'UPDATE'],
      updateOf: [],
      level: 'ROW',
      function: 'touch',
      arguments: [],
      when: null,
      enabled: 'origin',
    },
    {
      name: 'users_audit',
      timing: 'AFTER',
      events: ['UPDATE', 'DELETE'],
      updateOf: ['email', 'price'],
      level: 'ROW',
      function: 'audit.log_change',
      arguments: ['users', 'x y'],
      when: sql('old.email IS DISTINCT FROM new.email'),
      enabled: 'replica',
    },
    {
      name: 'users_truncate',
      timing: 'AFTER',
      events: ['TRUNCATE'],
      updateOf: [],
      level: 'STATEMENT',
      function: 'audit.log_truncate',
      arguments: [],
      when: null,
      enabled: 'disabled',
    },
  ],
})

const LOG = table('audit', 'log', {
  columns: [column('id', 'bigint', { isNullable: false })],
  primaryKey: { name: 'log_pkey', columns: ['id'] },
  indexes: [index('log_pkey', ['id'], { isUnique: true, constraintName: 'log_pkey' })],
})

const NO_KEY = table('audit', 'no_key', { columns: [column('payload', 'jsonb')] })

const ACTUAL: SchemaModel = {
  tables: [LOG, NO_KEY, ORGS, USERS],
  functions: [
    { schema: 'audit', name: 'log_change', argumentTypes: [], returns: 'trigger', language: 'plpgsql' },
    { schema: 'public', name: 'touch', argumentTypes: [], returns: 'trigger', language: 'plpgsql' },
    { schema: 'public', name: 'add', argumentTypes: ['integer', 'integer'], returns: 'integer', language: 'sql' },
    { schema: 'public', name: 'add', argumentTypes: ['bigint', 'bigint'], returns: 'bigint', language: 'sql' },
    { schema: 'public', name: 'ids', argumentTypes: [], returns: 'SETOF integer', language: 'sql' },
  ],
  extensions: [
    { name: 'pgcrypto', schema: 'public', version: '1.3' },
    { name: 'citext', schema: 'public', version: '1.6' },
  ],
  enums: [{ schema: 'audit', name: 'mood', values: ['happy', 'sad'] }],
  sequences: [{ schema: 'public', name: 'orgs_id_seq', dataType: 'integer' }],
  views: [
    { schema: 'public', name: 'active_users', isMaterialized: false },
    { schema: 'audit', name: 'totals', isMaterialized: true },
  ],
}

/** The same model with every list in another order (columns keep attnum order: that is data). */
function shuffled(model: SchemaModel): SchemaModel {
  const reverse = <T>(list: readonly T[]): T[] => [...list].reverse()
  return {
    tables: reverse(model.tables).map((t) => ({
      ...t,
      uniqueConstraints: reverse(t.uniqueConstraints),
      checkConstraints: reverse(t.checkConstraints),
      indexes: reverse(t.indexes),
      foreignKeys: reverse(t.foreignKeys),
      triggers: reverse(t.triggers),
    })),
    functions: reverse(model.functions),
    extensions: reverse(model.extensions),
    enums: reverse(model.enums),
    sequences: reverse(model.sequences),
    views: reverse(model.views),
  }
}

/** Through the real path: render, parse and validate (JSON Schema and references), convert. */
function roundTrip(model: SchemaModel): SchemaModel {
  return withoutSources(specToModel(parseSpecText('snapshot.json', renderSpecJson(modelToSpec(model)))))
}

describe('modelToSpec', () => {
  it('round-trips every property: the actual model has no finding against its own snapshot', () => {
    const expected = roundTrip(ACTUAL)
    expect(compareSchemas(expected, ACTUAL, { isStrict: false })).to.deep.equal([])
    expect(compareSchemas(expected, ACTUAL, { isStrict: true })).to.deep.equal([])
  })

  it('leaves out only properties at their PostgreSQL default, and indexes that back constraints', () => {
    // What the file states, read as a hand-written (open-world) spec would be.
    const { complete, ...stated } = parseSpecText('snapshot.json', renderSpecJson(modelToSpec(ACTUAL)))
    expect(complete).to.equal(true)
    const expected = withoutSources(specToModel(stated))
    const users = expected.tables.find((t) => t.name === 'users')
    expect(users?.columns.map((c) => c.name)).to.deep.equal(USERS.columns.map((c) => c.name))
    expect(users?.columns[4]).to.deep.equal({ name: 'created_at', type: 'timestamp with time zone', isNullable: false, default: 'CURRENT_TIMESTAMP' })
    expect(users?.indexes.map((i) => i.name)).to.deep.equal(['users_lower_email_idx', 'users_tags_idx'])
    expect(users?.indexes[0]).to.deep.equal({
      name: 'users_lower_email_idx',
      keys: USERS.indexes[3]?.keys,
      isUnique: true,
      where: USERS.indexes[3]?.where,
      include: ['price'],
      isValid: true,
    })
    expect(users?.foreignKeys).to.deep.equal([
      {
        name: 'users_audit_fkey',
        columns: ['id'],
        referencedSchema: 'audit',
        referencedTable: 'log',
        referencedColumns: ['id'],
        onDelete: 'CASCADE',
        onUpdate: 'CASCADE',
        match: 'FULL',
        isDeferrable: true,
        isInitiallyDeferred: true,
        isValid: true,
        isEnforced: true,
      },
      {
        name: 'users_org_id_fkey',
        columns: ['org_id'],
        referencedSchema: 'public',
        referencedTable: 'orgs',
        referencedColumns: ['id'],
        onDelete: 'SET NULL',
        onUpdate: 'NO ACTION',
        isValid: true,
        isEnforced: true,
      },
    ])
    expect(users?.triggers.find((t) => t.name === 'users_touch')).to.deep.equal({
      name: 'users_touch',
      timing: 'BEFORE',
      events: ['INSERT', 'UPDATE'],
      level: 'ROW',
      function: 'touch',
      arguments: [],
      enabled: 'origin',
    })
    expect(expected.tables.find((t) => t.name === 'no_key')?.primaryKey).to.equal(null)
    expect(expected.tables.find((t) => t.name === 'orgs')?.indexes[0]?.keys).to.deep.equal(['UserId', 'user id DESC'])
  })

  it('is a fixed point: snapshotting the model of a snapshot gives the same snapshot', () => {
    const spec = modelToSpec(ACTUAL)
    expect(modelToSpec(specToModel(spec))).to.deep.equal(spec)
  })

  it('writes the same bytes whatever the order of the input', () => {
    expect(renderSpecJson(modelToSpec(shuffled(ACTUAL)))).to.equal(renderSpecJson(modelToSpec(ACTUAL)))
  })

  it('builds the spec in file order, so the file is written without a reordered copy', () => {
    expect(isInSpecOrder(modelToSpec(ACTUAL))).to.equal(true)
    expect(isInSpecOrder(modelToSpec(shuffled(ACTUAL)))).to.equal(true)
  })

  it('reorders a spec built in another order: keys, sorted names, nested objects, unknown keys last', () => {
    const spec = modelToSpec(ACTUAL)
    // Every object's keys reversed, except the columns of a table: their order is the table's.
    const reversedKeys = (value: unknown, isColumns = false): unknown => {
      if (Array.isArray(value)) return value.map((item) => reversedKeys(item))
      if (value === null || typeof value !== 'object') return value
      const entries = Object.entries(value).map(([k, v]): [string, unknown] => [k, reversedKeys(v, k === 'columns' && !Array.isArray(v))])
      return Object.fromEntries(isColumns ? entries : entries.reverse())
    }
    const scrambled = reversedKeys(spec) as typeof spec
    expect(isInSpecOrder(scrambled)).to.equal(false)
    expect(renderSpecJson(scrambled)).to.equal(renderSpecJson(spec))
    const withUnknown = { ...spec, zeta: 1, alpha: 2 } as typeof spec
    expect(isInSpecOrder(withUnknown)).to.equal(false)
    expect(Object.keys(JSON.parse(renderSpecJson(withUnknown)) as object).slice(-2)).to.deep.equal(['alpha', 'zeta'])
  })

  it('quotes index columns whose names are not bare identifiers', () => {
    const spec = modelToSpec(ACTUAL)
    expect(spec.schemas.public?.tables?.orgs?.indexes?.[0]?.columns).to.deep.equal(['UserId', '"user id" DESC'])
  })

  it('qualifies a referenced schema only when it differs, and omits MATCH SIMPLE and NOT DEFERRABLE', () => {
    const fks = modelToSpec(ACTUAL).schemas.public?.tables?.users?.foreignKeys
    expect(fks?.[1]).to.deep.equal({
      name: 'users_org_id_fkey',
      columns: ['org_id'],
      references: { table: 'orgs', columns: ['id'] },
      onDelete: 'SET NULL',
      onUpdate: 'NO ACTION',
    })
    expect(fks?.[0]?.references).to.deep.equal({ schema: 'audit', table: 'log', columns: ['id'] })
  })

  it('names the partitioned table of each partition, qualified only when its schema differs, and checks it', () => {
    const partitioned = table('public', 'events', { columns: [column('day', 'date')], partitionOf: null })
    const model: SchemaModel = {
      ...ACTUAL,
      tables: [
        partitioned,
        table('public', 'events_2024', { columns: [column('day', 'date')], partitionOf: { schema: 'public', name: 'events' } }),
        table('audit', 'events_old', { partitionOf: { schema: 'public', name: 'events' } }),
      ],
    }
    const tables = (schema: string): Record<string, unknown> => modelToSpec(model).schemas[schema]?.tables ?? {}
    expect(tables('public').events).to.not.have.property('partitionOf')
    expect(tables('public').events_2024).to.deep.include({ partitionOf: { table: 'events' } })
    expect(tables('audit').events_old).to.deep.include({ partitionOf: { schema: 'public', table: 'events' } })
    const expected = roundTrip(model)
    expect(compareSchemas(expected, model, { isStrict: true })).to.deep.equal([])
    const detached = { ...model, tables: model.tables.map((t) => (t.name === 'events_2024' ? { ...t, partitionOf: null } : t)) }
    expect(compareSchemas(expected, detached, { isStrict: false }).map((f) => viewOf(f).message)).to.deep.equal([
      'Table public.events_2024 is not a partition, expected a partition of public.events.',
    ])
  })

  it('takes a description and a $schema reference', () => {
    const spec = modelToSpec({ ...ACTUAL, tables: [] }, { description: 'prod', $schema: null })
    expect(Object.keys(spec).slice(0, 4)).to.deep.equal(['formatVersion', 'complete', 'description', 'extensions'])
    expect(modelToSpec(ACTUAL).$schema).to.equal('./node_modules/verify-database/schema/expected-schema.schema.json')
  })
})

describe('renderSpecJson', () => {
  it('writes 2-space JSON with a trailing newline, names sorted, columns in table order, keys in spec order', () => {
    const model: SchemaModel = {
      tables: [
        table('public', 'b', {
          columns: [column('z', 'integer', { isNullable: false, default: '1' }), column('a', 'text')],
          indexes: [index('b_z_idx', ['z'], { method: 'hash' })],
        }),
        table('public', 'a', {}),
      ],
      functions: [],
      extensions: [],
      enums: [],
      sequences: [],
      views: [],
    }
    expect(renderSpecJson(modelToSpec(model, { $schema: null }))).to.equal(`{
  "formatVersion": 1,
  "complete": true,
  "schemas": {
    "public": {
      "tables": {
        "a": {
          "columns": {},
          "primaryKey": null
        },
        "b": {
          "columns": {
            "z": {
              "type": "integer",
              "nullable": false,
              "default": "1"
            },
            "a": {
              "type": "text",
              "nullable": true
            }
          },
          "primaryKey": null,
          "indexes": [
            {
              "name": "b_z_idx",
              "columns": [
                "z"
              ],
              "unique": false,
              "method": "hash"
            }
          ]
        }
      }
    }
  }
}
`)
  })

  it('puts keys of a hand-built spec in spec order', () => {
    const json = renderSpecJson({
      schemas: { s: { tables: { t: { primaryKey: { columns: ['id'], name: 'pk' }, columns: { id: { nullable: false, type: 'integer' } } } } } },
      formatVersion: 1,
    })
    expect(json).to.equal(
      `${JSON.stringify({ formatVersion: 1, schemas: { s: { tables: { t: { columns: { id: { type: 'integer', nullable: false } }, primaryKey: { name: 'pk', columns: ['id'] } } } } } }, null, 2)}\n`,
    )
  })
})
