/**
 * Keeps the three descriptions of the spec format in step: src/spec/spec-types.ts (TypeScript),
 * schema/expected-schema.schema.json (JSON Schema) and specToModel (what is actually checked).
 * EVERYTHING below must name every property of Spec (Complete<Spec> makes tsc fail otherwise, and
 * excess-property checks reject anything Spec lacks); the JSON Schema must accept it and declare
 * exactly the property paths it uses; and changing any property must change the model.
 */
import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import { expect } from 'chai'
import { SPEC_KEY_ORDER } from '../../src/snapshot/render-spec-json.js'
import { checkReferences } from '../../src/spec/check-references.js'
import { specToModel } from '../../src/spec/spec-to-model.js'
import type { Spec } from '../../src/spec/spec-types.js'
import { SPEC_JSON_SCHEMA_ID, SPEC_JSON_SCHEMA_URL, validateSpecDocument } from '../../src/spec/validate-spec.js'

/** Every optional property required, recursively: a value of this type uses every property. */
type Complete<T> = T extends readonly (infer U)[]
  ? readonly Complete<U>[]
  : T extends object
    ? { readonly [K in keyof T]-?: Complete<Exclude<T[K], undefined>> }
    : T

const EVERYTHING = {
  $schema: './node_modules/verify-database/schema/expected-schema.schema.json',
  formatVersion: 1,
  complete: false,
  allSchemas: false,
  description: 'uses every property',
  extensions: [{ name: 'pgcrypto', schema: 'public', version: '1.3' }],
  schemas: {
    public: {
      tables: {
        orgs: {
          partitionOf: { schema: 'public', table: 'orgs' },
          partitionBound: "FOR VALUES IN ('a')",
          partitionBy: 'LIST (id)',
          unlogged: true,
          columns: { id: { type: 'integer', nullable: false, default: '0', identity: 'by default', generated: 'id + 1' } },
          primaryKey: { name: 'orgs_pkey', columns: ['id'] },
          unique: [{ name: 'orgs_id_key', columns: ['id'], nullsNotDistinct: true }],
          checks: [{ name: 'orgs_id_check', expression: 'id > 0', valid: false, enforced: false }],
          indexes: [{ name: 'orgs_id_idx', columns: ['id DESC'], unique: true, method: 'hash', where: 'id > 1', include: ['id'] }],
          foreignKeys: [
            {
              name: 'orgs_id_fkey',
              columns: ['id'],
              references: { schema: 'public', table: 'orgs', columns: ['id'] },
              onDelete: 'CASCADE',
              onUpdate: 'RESTRICT',
              match: 'FULL',
              deferrable: true,
              initiallyDeferred: true,
              valid: false,
              enforced: false,
              indexed: false,
            },
          ],
          triggers: [
            {
              name: 'orgs_touch',
              timing: 'BEFORE',
              events: ['INSERT', 'UPDATE'],
              updateOf: ['id'],
              level: 'ROW',
              function: 'audit.touch',
              arguments: ['a'],
              when: 'id > 2',
              enabled: 'replica',
            },
          ],
        },
      },
      functions: [{ name: 'touch', arguments: ['integer'], returns: 'trigger', language: 'plpgsql', body: 'BEGIN RETURN NEW; END' }],
      enums: { mood: { values: ['happy', 'sad'] } },
      sequences: { orgs_seq: { type: 'bigint' } },
      views: {
        orgs_view: {
          materialized: true,
          triggers: [
            {
              name: 'orgs_view_insert',
              timing: 'INSTEAD OF',
              events: ['INSERT'],
              updateOf: ['id'],
              level: 'ROW',
              function: 'audit.view_insert',
              arguments: ['b'],
              when: 'id > 3',
              enabled: 'always',
            },
          ],
          definition: 'SELECT id FROM orgs',
        },
      },
    },
  },
  suppressions: [
    { code: 'index.*', schema: 'public', table: 'orgs', name: '*_idx', reason: 'every property', until: '2030-01-01', ignore: true, severity: 'info' },
  ],
  migrations: {
    tool: 'custom',
    revision: '2',
    history: ['1', '2'],
    creates: { '2': ['orgs'] },
    schema: 'public',
    table: 'versions',
    column: 'v',
    orderBy: 'applied_at',
    records: 'applied',
    upgradeCommand: 'make migrate',
    stampCommand: 'make stamp',
  },
  recorded: {
    server: { engine: 'postgresql', version: '17.6', versionNum: 170006, database: 'app', user: 'app', userSchemas: ['public'] },
    migrationHistories: [{ tool: 'custom', schema: 'public', table: 'versions', rows: [{ revision: '1', failed: false }] }],
    notChecked: [{ kind: 'policy', schema: 'public', count: 1 }],
    sequenceHealth: [
      {
        schema: 'public',
        table: 'orgs',
        column: 'id',
        isIdentity: false,
        sequence: 'public.orgs_id_seq',
        isReadable: true,
        maxValue: '3',
        nextValue: '4',
        increment: '1',
      },
    ],
  },
} as const satisfies Complete<Spec>

interface SchemaNode {
  readonly $ref?: string
  readonly properties?: Record<string, SchemaNode>
  readonly additionalProperties?: boolean | SchemaNode
  readonly items?: SchemaNode
  readonly enum?: readonly unknown[]
  readonly title?: string
  readonly description?: string
}

const ROOT = JSON.parse(readFileSync(SPEC_JSON_SCHEMA_URL, 'utf8')) as SchemaNode & { $id: string; definitions: Record<string, SchemaNode> }

function resolve(node: SchemaNode): SchemaNode {
  return node.$ref === undefined ? node : (ROOT.definitions[node.$ref.replace('#/definitions/', '')] ?? {})
}

/** Property paths the JSON Schema declares: `schemas/* /tables/* /columns/* /type` (records as `*`, array items as `[]`). */
function schemaPaths(node: SchemaNode, prefix: string, out: Set<string>): Set<string> {
  const n = resolve(node)
  for (const [key, child] of Object.entries(n.properties ?? {})) {
    out.add(prefix + key)
    schemaPaths(child, `${prefix}${key}/`, out)
  }
  if (typeof n.additionalProperties === 'object') schemaPaths(n.additionalProperties, `${prefix}*/`, out)
  if (n.items !== undefined) schemaPaths(n.items, `${prefix}[]/`, out)
  return out
}

interface Leaf {
  /** Concrete location in the document. */
  readonly path: readonly (string | number)[]
  /** Generic location: property names, `*` for a record key, `[]` for an array item. */
  readonly generic: readonly string[]
  readonly node: SchemaNode
  /** A record key (a name) rather than a value. */
  readonly isKey: boolean
  /** An object, or an array of objects: a container, not itself a value to change. */
  readonly isObject: boolean
}

/** Walks a document along the JSON Schema, listing every value, name and object it holds. */
function documentLeaves(node: SchemaNode, value: unknown, path: (string | number)[], generic: string[], out: Leaf[]): Leaf[] {
  const n = resolve(node)
  if (Array.isArray(value) && !value.every((v) => typeof v !== 'object')) {
    out.push({ path, generic, node: n, isKey: false, isObject: true })
    value.forEach((item, i) => documentLeaves(n.items ?? {}, item, [...path, i], [...generic, '[]'], out))
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    out.push({ path, generic, node: n, isKey: false, isObject: true })
    for (const [key, child] of Object.entries(value)) {
      const property = n.properties?.[key]
      if (property !== undefined) {
        documentLeaves(property, child, [...path, key], [...generic, key], out)
      } else if (typeof n.additionalProperties === 'object') {
        out.push({ path: [...path, key], generic: [...generic, '*'], node: n, isKey: true, isObject: false })
        documentLeaves(n.additionalProperties, child, [...path, key], [...generic, '*'], out)
      }
    }
  } else {
    out.push({ path, generic, node: n, isKey: false, isObject: false })
  }
  return out
}

function usedPaths(): Set<string> {
  const paths = new Set<string>()
  for (const leaf of documentLeaves(ROOT, EVERYTHING, [], [], [])) {
    const last = leaf.generic[leaf.generic.length - 1]
    if (last !== undefined && last !== '*' && last !== '[]') paths.add(leaf.generic.join('/'))
  }
  return paths
}

// Properties that are about the file, not the database: specToModel rightly ignores them.
// Not the expected schema: what the file says about itself, and the rules for findings (gate/).
const NOT_IN_MODEL = new Set([
  '$schema',
  'formatVersion',
  'description',
  ...['code', 'schema', 'table', 'name', 'reason', 'until', 'ignore', 'severity'].map((p) => `suppressions/[]/${p}`),
])

function mutate(leaf: Leaf, value: unknown): unknown {
  const last = String(leaf.path[leaf.path.length - 1])
  const isType = last === 'type' || last === 'returns' || (last === 'arguments' && leaf.generic.includes('functions'))
  const replacement = isType ? 'bigint' : 'mutated'
  if (Array.isArray(value)) {
    const choices = resolve(leaf.node.items ?? {}).enum
    if (choices !== undefined) return choices.filter((c) => !value.includes(c)).slice(0, 1)
    return [isType ? 'bigint' : 'mutated']
  }
  if (leaf.node.enum !== undefined) return leaf.node.enum.find((c) => c !== value)
  if (typeof value === 'boolean') return !value
  return replacement
}

function withChange(document: unknown, leaf: Leaf): unknown {
  const copy = structuredClone(document) as Record<string | number, unknown>
  let parent: Record<string | number, unknown> = copy
  for (const token of leaf.path.slice(0, -1)) parent = parent[token] as Record<string | number, unknown>
  const last = leaf.path[leaf.path.length - 1] ?? ''
  if (leaf.isKey) {
    parent.mutated = parent[last]
    delete parent[last]
  } else {
    parent[last] = mutate(leaf, parent[last])
  }
  return copy
}

describe('the spec format', () => {
  it('has a valid draft-07 JSON Schema with the documented $id', () => {
    expect(ROOT.$id).to.equal(SPEC_JSON_SCHEMA_ID)
    const ajv = new Ajv({ strict: true, allowUnionTypes: true })
    expect(ajv.validateSchema(ROOT), ajv.errorsText()).to.equal(true)
  })

  it('accepts a spec that uses every TypeScript property, and that spec has sound references', () => {
    expect(validateSpecDocument(EVERYTHING)).to.deep.equal([])
    expect(checkReferences(EVERYTHING)).to.deep.equal([])
  })

  it('declares exactly the properties spec-types.ts has (every one is used by the complete spec)', () => {
    expect([...usedPaths()].sort()).to.deep.equal([...schemaPaths(ROOT, '', new Set())].sort())
  })

  it('gives every property a title or description, so editors explain it', () => {
    const missing: string[] = []
    const visit = (node: SchemaNode, path: string): void => {
      const n = resolve(node)
      for (const [key, child] of Object.entries(n.properties ?? {})) {
        if (child.title === undefined && child.description === undefined) missing.push(`${path}${key}`)
        visit(child, `${path}${key}/`)
      }
      if (typeof n.additionalProperties === 'object') visit(n.additionalProperties, `${path}*/`)
      if (n.items !== undefined && n.items.$ref !== undefined) visit(n.items, `${path}[]/`)
    }
    visit(ROOT, '')
    expect(missing).to.deep.equal([])
  })

  it('uses every property in specToModel: changing any of them changes the model', () => {
    const original = JSON.stringify(specToModel(EVERYTHING))
    const ignored: string[] = []
    const leaves = documentLeaves(ROOT, EVERYTHING, [], [], []).filter((l) => !l.isObject)
    expect(leaves.length).to.be.greaterThan(40)
    for (const leaf of leaves) {
      // `recorded` holds facts, not expectations: check --from-snapshot reads them (offline-snapshot.test.ts).
      if (NOT_IN_MODEL.has(leaf.generic.join('/')) || leaf.generic[0] === 'recorded') continue
      const changed = JSON.stringify(specToModel(withChange(EVERYTHING, leaf) as Spec))
      if (changed === original) ignored.push(leaf.path.join('/'))
    }
    expect(ignored).to.deep.equal([])
  })

  it('orders snapshot keys as the JSON Schema (and spec-types.ts) list them', () => {
    const d = ROOT.definitions
    const nodes: Record<keyof typeof SPEC_KEY_ORDER, SchemaNode | undefined> = {
      spec: ROOT,
      extension: d.extension,
      schema: d.schema,
      table: d.table,
      column: d.column,
      primaryKey: d.table?.properties?.primaryKey,
      partitionOf: d.table?.properties?.partitionOf,
      unique: d.unique,
      check: d.check,
      index: d.index,
      foreignKey: d.foreignKey,
      references: d.foreignKey?.properties?.references,
      trigger: d.trigger,
      function: d.function,
      enum: d.enum,
      sequence: d.sequence,
      view: d.view,
    }
    for (const [kind, node] of Object.entries(nodes)) {
      expect(Object.keys(node?.properties ?? {}), kind).to.deep.equal(SPEC_KEY_ORDER[kind as keyof typeof SPEC_KEY_ORDER])
    }
  })
})
