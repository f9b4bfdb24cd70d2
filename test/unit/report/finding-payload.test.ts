/**
 * One wire vocabulary: every payload a finding puts in the JSON report is a valid entry of the
 * spec (checked with the spec's own JSON Schema), every mismatch names attributes the spec
 * spells, and the demo's findings each point at their line in the spec.
 */
import { expectJsonReport } from '../../support/json-report.js'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'chai'
import { DEMO_SPEC_PATH, checkDemo } from '../../../src/app/demo.js'
import { compareSchemas } from '../../../src/compare/compare-schemas.js'
import { MISMATCH_ATTRIBUTES, type Finding, type FindingKind } from '../../../src/compare/finding.js'
import { EMPTY_SCHEMA, type SchemaModel } from '../../../src/model/schema-model.js'
import { findingPayload, type SpecObject } from '../../../src/report/finding-payload.js'
import { renderJson } from '../../../src/report/render-json.js'
import { loadSpec } from '../../../src/spec/load-spec.js'
import { validateSpecDocument } from '../../../src/spec/validate-spec.js'
import { repositoryRoot } from '../../support/corpus.js'
import { testDeps } from '../app/test-deps.js'

/** A spec document holding `entry` where an object of `kind` goes. */
function specWith(kind: FindingKind, entry: SpecObject | Readonly<Record<string, unknown>>): object {
  const inTable = (property: string, value: object): object => ({ schemas: { public: { tables: { t: { [property]: value } } } } })
  switch (kind) {
    case 'schema':
      return { schemas: { s: entry } }
    case 'table':
      return { schemas: { public: { tables: { t: entry } } } }
    case 'column':
      return inTable('columns', { c: entry })
    case 'primary_key':
      return inTable('primaryKey', entry)
    case 'unique':
      return inTable('unique', [entry])
    case 'check':
      return inTable('checks', [entry])
    case 'index':
      return inTable('indexes', [entry])
    case 'foreign_key':
      return inTable('foreignKeys', [entry])
    case 'trigger':
      return inTable('triggers', [entry])
    case 'function':
      return { schemas: { public: { functions: [entry] } } }
    case 'extension':
      return { extensions: [entry], schemas: {} }
    case 'enum':
      return { schemas: { public: { enums: { e: entry } } } }
    case 'sequence':
      return { schemas: { public: { sequences: { s: entry } } } }
    case 'view':
      return { schemas: { public: { views: { v: entry } } } }
    case 'migration':
      return { schemas: {}, migrations: entry }
  }
}

function expectSpelledAsSpec(findings: readonly Finding[]): void {
  expect(findings).to.not.be.empty
  for (const f of findings) {
    const { expected, actual } = findingPayload(f)
    // A migration finding's actual side is the history table and its current revisions, no spec entry.
    for (const entry of f.kind === 'migration' ? [expected] : [expected, actual]) {
      if (entry === null) continue
      if (f.problem === 'mismatch') {
        expect(Object.keys(entry), f.code).to.deep.equal([...f.attributes])
        expect(MISMATCH_ATTRIBUTES[f.kind], f.code).to.include.members([...f.attributes])
      } else {
        expect(validateSpecDocument(specWith(f.kind, entry)), `${f.code} ${JSON.stringify(entry)}`).to.deep.equal([])
      }
    }
  }
}

describe('finding payloads', () => {
  let specModel: SchemaModel
  before(async () => {
    specModel = (await loadSpec(join(repositoryRoot(), 'expected-schema.json'))).model
  })

  it('spells every missing object as a valid spec entry', () => {
    expectSpelledAsSpec(compareSchemas(specModel, EMPTY_SCHEMA, { isStrict: false }))
  })

  it('spells every extra object as a valid spec entry', () => {
    const onlyUsers: SchemaModel = {
      ...EMPTY_SCHEMA,
      tables: specModel.tables
        .filter((t) => t.name === 'users')
        .map((t) => ({ ...t, columns: [], indexes: [], triggers: [], uniqueConstraints: [], foreignKeys: [], checkConstraints: [] })),
    }
    const findings = compareSchemas(onlyUsers, specModel, { isStrict: true })
    expect(findings.map((f) => f.code)).to.include.members(['table.extra', 'column.extra', 'index.extra', 'trigger.extra', 'function.extra'])
    expectSpelledAsSpec(findings)
  })

  it("gives the demo's findings one vocabulary and the line of their entry in the spec", async () => {
    const { report } = await checkDemo(testDeps({ files: { [DEMO_SPEC_PATH]: await readFile(DEMO_SPEC_PATH, 'utf8') } }))
    expectSpelledAsSpec(report.findings)
    const document = expectJsonReport(renderJson(report)) as {
      findings: { code: string; attributes: string[]; source: { file: string; pointer: string; line: number; column: number } | null }[]
    }
    const specLines = (await readFile(DEMO_SPEC_PATH, 'utf8')).split('\n')
    for (const f of document.findings) {
      expect(f.source, f.code).to.not.equal(null)
      // The line holds the entry's key (or the first property of an array item).
      const last = decodeURIComponent(f.source?.pointer.split('/').pop() ?? '')
      const line = specLines[(f.source?.line ?? 0) - 1] ?? ''
      if (!/^\d+$/.test(last)) expect(line, f.code).to.include(`"${last}"`)
      expect(
        f.attributes.every((a) => !a.includes('_')),
        f.code,
      ).to.equal(true)
    }
  })
})
