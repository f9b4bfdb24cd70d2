import { isSameType } from '../model/canonical-type.js'
import type { ColumnModel } from '../model/schema-model.js'
import { columnDefinition } from './definitions.js'
import type { Finding } from './finding.js'
import { diffAttributes, type AttributeCheck } from './make-finding.js'
import { tableFinding, type TableContext } from './table-context.js'

/** Columns are matched by name: a renamed column is a different column to the application. */
export function compareColumns(ctx: TableContext): Finding[] {
  const findings: Finding[] = []
  const actualByName = new Map(ctx.actual.columns.map((c) => [c.name, c]))
  for (const expected of ctx.expected.columns) {
    const actual = actualByName.get(expected.name)
    if (actual === undefined) {
      findings.push(tableFinding(ctx, { kind: 'column', problem: 'missing', name: expected.name, expected: columnDefinition(expected), actual: null }))
      continue
    }
    const diff = diffAttributes(columnChecks(expected, actual))
    if (diff) findings.push(tableFinding(ctx, { kind: 'column', problem: 'mismatch', name: expected.name, ...diff }))
  }
  if (ctx.isStrict) {
    const expectedNames = new Set(ctx.expected.columns.map((c) => c.name))
    for (const actual of ctx.actual.columns) {
      if (!expectedNames.has(actual.name)) {
        findings.push(tableFinding(ctx, { kind: 'column', problem: 'extra', name: actual.name, expected: null, actual: columnDefinition(actual) }))
      }
    }
  }
  return findings
}

function columnChecks(expected: ColumnModel, actual: ColumnModel): AttributeCheck[] {
  return [
    ['type', expected.type, actual.type, isSameType],
    ['nullable', expected.isNullable, actual.isNullable],
    expected.isSerial && expected.default === undefined
      ? ['default', 'nextval(...)', actual.default ?? null, (_e: string, a: string | null) => a !== null && a.startsWith('nextval(')]
      : ['default', expected.default, actual.default ?? null],
    ['identity', expected.identity, actual.identity ?? null],
    ['generated', expected.generated, actual.generated ?? null],
  ]
}
