import { expect } from 'chai'
import type { ForeignKeyModel, SchemaModel, TableModel } from '../../src/model/schema-model.js'
import { filterModel } from '../../src/snapshot/filter-model.js'

function table(schema: string, name: string, references: [string, string][] = []): TableModel {
  const foreignKeys: ForeignKeyModel[] = references.map(([s, t]) => ({ columns: ['x'], referencedSchema: s, referencedTable: t, referencedColumns: ['id'] }))
  return { schema, name, columns: [], primaryKey: null, uniqueConstraints: [], checkConstraints: [], indexes: [], foreignKeys, triggers: [] }
}

const MODEL: SchemaModel = {
  tables: [
    table('public', 'users', [['public', 'orgs']]),
    table('public', 'orgs', [['ref', 'regions']]),
    table('ref', 'regions'),
    table('public', 'posts'),
    table('app', 'users'),
  ],
  functions: [
    { schema: 'public', name: 'f' },
    { schema: 'app', name: 'g' },
  ],
  extensions: [
    { name: 'pgcrypto', schema: 'public' },
    { name: 'citext', schema: 'app' },
  ],
  enums: [{ schema: 'app', name: 'mood' }],
  sequences: [{ schema: 'public', name: 's' }],
  views: [{ schema: 'app', name: 'v' }],
}

const names = (m: SchemaModel): string[] => m.tables.map((t) => `${t.schema}.${t.name}`)

describe('filterModel', () => {
  it('keeps everything without a filter', () => {
    expect(filterModel(MODEL, {})).to.deep.equal(MODEL)
  })

  it('keeps the objects of the given schemas, plus tables their foreign keys need', () => {
    const result = filterModel(MODEL, { schemas: ['public'] })
    expect(names(result)).to.deep.equal(['public.users', 'public.orgs', 'ref.regions', 'public.posts'])
    expect(result.functions.map((f) => f.name)).to.deep.equal(['f'])
    expect(result.extensions.map((e) => e.name)).to.deep.equal(['pgcrypto'])
    expect(result.enums).to.deep.equal([])
  })

  it('keeps the given tables, by name or schema.name, with what they reference, and nothing else', () => {
    const result = filterModel(MODEL, { tables: ['users'] })
    expect(names(result)).to.deep.equal(['public.users', 'public.orgs', 'ref.regions', 'app.users'])
    expect(result.functions).to.deep.equal([])
    expect(names(filterModel(MODEL, { tables: ['app.users'] }))).to.deep.equal(['app.users'])
    expect(names(filterModel(MODEL, { tables: ['users'], schemas: ['app'] }))).to.deep.equal(['app.users'])
  })

  it('keeps the partitioned table of a kept partition, and what that references', () => {
    const partition: TableModel = { ...table('app', 'users_2024'), partitionOf: { schema: 'public', name: 'users' } }
    const model: SchemaModel = { ...MODEL, tables: [...MODEL.tables, partition] }
    expect(names(filterModel(model, { tables: ['app.users_2024'] }))).to.deep.equal(['public.users', 'public.orgs', 'ref.regions', 'app.users_2024'])
  })
})
