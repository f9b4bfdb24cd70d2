/**
 * sequence.behind: each column of a table the spec expects whose sequence would give a value the
 * column already holds (health read with --health; see model/sequence-health.ts). Pure.
 */
import { tableKey } from '../model/object-ref.js'
import { isSequenceBehind } from '../model/sequence-health.js'
import type { SchemaModel } from '../model/schema-model.js'
import type { SequenceBehindFinding, SpecLocation } from './finding.js'
import { severityOf } from './severity.js'

export function compareSequenceHealth(
  expected: SchemaModel,
  actual: SchemaModel,
  locate: (pointer: string | undefined) => SpecLocation | null,
): SequenceBehindFinding[] {
  const expectedTables = new Map(expected.tables.map((t) => [tableKey(t.schema, t.name), t]))
  return (actual.sequenceHealth ?? []).flatMap((h) => {
    const table = expectedTables.get(tableKey(h.schema, h.table))
    if (table === undefined || !isSequenceBehind(h)) return []
    const dot = h.sequence.lastIndexOf('.')
    const name = unquote(h.sequence.slice(dot + 1))
    const schema = dot < 0 ? h.schema : unquote(h.sequence.slice(0, dot))
    const column = table.columns.find((c) => c.name === h.column)
    return [
      {
        code: 'sequence.behind',
        kind: 'sequence',
        problem: 'behind',
        subject: { kind: 'sequence', schema, table: null, name },
        severity: severityOf({ kind: 'sequence', problem: 'behind', attributes: [], isUniqueIndex: false, isOnlyHealthier: false }),
        source: locate(column?.source ?? table.source),
        consequences: [],
        dependsOn: null,
        expected: { schema, name, ownedBy: { table: h.table, column: h.column } },
        health: h,
      },
    ]
  })
}

/** A name as pg_get_serial_sequence spells it: quoted when it needs to be. */
function unquote(part: string): string {
  return part.startsWith('"') && part.endsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part
}
