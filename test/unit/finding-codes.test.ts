/**
 * The finding codes are one list in three places: the Finding type, the runtime list the code
 * uses, and the README's table. tsc checks the first two against each other (ALL_CODES must name
 * every FindingCode and nothing else); this test checks the README against them, attributes and
 * severities included.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'chai'
import { FINDING_CODES, MIGRATION_PROBLEMS, MISMATCH_ATTRIBUTES, RENAMEABLE_KINDS, type FindingCode, type ModelKind } from '../../src/compare/finding.js'
import { severityOf } from '../../src/compare/severity.js'
import { repositoryRoot } from '../support/corpus.js'

// A code the type does not have, or a code of the type left out, is a compile error here.
const ALL_CODES = {
  'schema.missing': true,
  'schema.extra': true,
  'table.missing': true,
  'table.mismatch': true,
  'table.extra': true,
  'column.missing': true,
  'column.mismatch': true,
  'column.extra': true,
  'primary_key.missing': true,
  'primary_key.mismatch': true,
  'primary_key.extra': true,
  'primary_key.renamed': true,
  'unique.missing': true,
  'unique.mismatch': true,
  'unique.extra': true,
  'unique.renamed': true,
  'check.missing': true,
  'check.mismatch': true,
  'check.extra': true,
  'check.renamed': true,
  'index.missing': true,
  'index.mismatch': true,
  'index.extra': true,
  'index.renamed': true,
  'foreign_key.missing': true,
  'foreign_key.mismatch': true,
  'foreign_key.extra': true,
  'foreign_key.renamed': true,
  'trigger.missing': true,
  'trigger.mismatch': true,
  'trigger.extra': true,
  'trigger.renamed': true,
  'function.missing': true,
  'function.mismatch': true,
  'function.extra': true,
  'extension.missing': true,
  'extension.mismatch': true,
  'extension.extra': true,
  'enum.missing': true,
  'enum.mismatch': true,
  'enum.extra': true,
  'sequence.missing': true,
  'sequence.mismatch': true,
  'sequence.extra': true,
  'view.missing': true,
  'view.mismatch': true,
  'view.extra': true,
  'sequence.behind': true,
  'migration.behind': true,
  'migration.ahead': true,
  'migration.unknown': true,
  'migration.missing_table': true,
  'migration.dirty': true,
  'migration.stamped': true,
} as const satisfies Record<FindingCode, true>

interface ReadmeRow {
  readonly kind: string
  readonly codes: string[]
  readonly attributes: string[]
  readonly missing: string
  readonly mismatch: string
}

function findingsSection(): string {
  const readme = readFileSync(join(repositoryRoot(), 'README.md'), 'utf8')
  return readme.slice(readme.indexOf('\n## Findings'), readme.indexOf('\n## ', readme.indexOf('\n## Findings') + 1))
}

/** The rows of the README's migration findings table: `| \`migration.behind\` | error | ... |`. */
function readmeMigrationRows(): { code: string; severity: string }[] {
  return findingsSection()
    .split('\n')
    .flatMap((line) => {
      const m = /^\| `((?:migration|sequence)\.[a-z_]+)` \| (\w+) \|/.exec(line)
      return m === null ? [] : [{ code: m[1] ?? '', severity: m[2] ?? '' }]
    })
}

/** The rows of the README's "## Findings" table. */
function readmeRows(): ReadmeRow[] {
  return findingsSection()
    .split('\n')
    .filter((line) => /^\| `[a-z_]+` \|/.test(line))
    .map((line) => {
      const cells = line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim())
      const kind = (cells[0] ?? '').replace(/`/g, '')
      const problems = ['missing', 'mismatch', 'extra', 'renamed'].filter((_, i) => (cells[i + 1] ?? '–') !== '–')
      return {
        kind,
        codes: problems.map((problem) => `${kind}.${problem}`),
        attributes: [...(cells[2] ?? '').matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1] ?? ''),
        missing: cells[1] ?? '',
        mismatch: cells[2] ?? '',
      }
    })
}

describe('finding codes', () => {
  it('the runtime list is exactly the type', () => {
    expect([...FINDING_CODES].sort()).to.deep.equal(Object.keys(ALL_CODES).sort())
  })

  it('the README tables list exactly these codes', () => {
    expect([...readmeRows().flatMap((row) => row.codes), ...readmeMigrationRows().map((row) => row.code)].sort()).to.deep.equal([...FINDING_CODES].sort())
  })

  it('the README gives each data and migration finding the severity the policy gives', () => {
    const rows = readmeMigrationRows()
    expect(rows.map((r) => r.code)).to.deep.equal(['sequence.behind', ...MIGRATION_PROBLEMS.map((p) => `migration.${p}`)])
    expect(rows[0]?.severity).to.equal(severityOf({ kind: 'sequence', problem: 'behind', attributes: [], isUniqueIndex: false, isOnlyHealthier: false }))
    for (const [i, problem] of MIGRATION_PROBLEMS.entries()) {
      expect(rows[i + 1]?.severity, problem).to.equal(severityOf({ kind: 'migration', problem, attributes: [], isUniqueIndex: false, isOnlyHealthier: false }))
    }
  })

  it("the README names each kind's mismatch attributes as the spec spells them", () => {
    for (const row of readmeRows()) {
      expect(row.attributes, row.kind).to.have.members([...MISMATCH_ATTRIBUTES[row.kind as ModelKind]])
    }
  })

  it('the README gives the severities the policy gives', () => {
    for (const row of readmeRows()) {
      const kind = row.kind as ModelKind
      const missing = severityOf({ kind, problem: 'missing', attributes: [], isUniqueIndex: false, isOnlyHealthier: false })
      expect(row.missing.split(' ')[0], `${kind}.missing`).to.equal(missing)
      for (const attribute of MISMATCH_ATTRIBUTES[kind]) {
        const severity = severityOf({ kind, problem: 'mismatch', attributes: [attribute], isUniqueIndex: false, isOnlyHealthier: false })
        // "error: `a`, `b`; warning: `c`": the attribute sits in the clause of its severity.
        const clause = row.mismatch.split(';').find((part) => part.includes(`\`${attribute}\``)) ?? ''
        expect(clause.trim().split(':')[0], `${kind}.mismatch [${attribute}]`).to.equal(severity)
      }
      const renamed = (RENAMEABLE_KINDS as readonly string[]).includes(kind)
      expect(row.codes.includes(`${kind}.renamed`), `${kind}.renamed`).to.equal(renamed)
    }
  })
})
