/**
 * A snapshot file standing in for the database it was taken from (`check --from-snapshot`): the
 * schema as the snapshot spells it, turned back into what introspection would have read, with
 * the facts `snapshot` recorded besides it (server, migration history rows, objects not checked,
 * and with `snapshot --health` the sequences against their data). The comparer cannot tell it
 * from a live read: that is what makes the offline report the live one.
 */
import { UsageError } from '../errors.js'
import type { Introspection } from '../introspect/introspect-database.js'
import { restrictToSchemas } from '../model/filter-model.js'
import { compareNotChecked, isNotCheckedKind, type NotCheckedCount } from '../model/not-checked.js'
import type { IndexModel, SchemaModel, TableModel } from '../model/schema-model.js'
import { compareText } from '../model/compare-text.js'
import type { LoadedSpec } from '../spec/load-spec.js'

export interface SnapshotObservationOptions {
  /** The schemas the check reads (as introspectDatabase's `schemas`). */
  readonly schemas: readonly string[]
  /** check --health: the snapshot must hold the sequence facts (snapshot --health). */
  readonly isHealthRead: boolean
}

/** What a live read would have given, from a snapshot file; a UsageError when the file is no snapshot, or lacks what is asked. */
export function observationOf(snapshot: LoadedSpec, options: SnapshotObservationOptions): Introspection {
  const recorded = snapshot.spec.recorded
  if (recorded === undefined) {
    throw new UsageError(`--from-snapshot ${snapshot.file}: no "recorded" section; it is a spec, not a file \`verify-database snapshot\` wrote`)
  }
  if (options.isHealthRead && recorded.sequenceHealth === undefined) {
    throw new UsageError(`--health: ${snapshot.file} holds no sequence facts; take the snapshot with \`verify-database snapshot --health\``)
  }
  const wanted = new Set(options.schemas)
  const schema = restrictToSchemas(snapshot.model, options.schemas)
  // The objects only: a spec's own flags (complete, allSchemas, migrations) are no facts about the database.
  const model: SchemaModel = {
    schemas: [...recorded.server.userSchemas],
    tables: schema.tables.map(asIntrospected),
    functions: schema.functions,
    extensions: schema.extensions,
    enums: schema.enums,
    sequences: schema.sequences,
    views: schema.views,
    migrationHistories: recorded.migrationHistories
      .filter((h) => wanted.has(h.schema))
      .map((h) => ({
        tool: h.tool,
        schema: h.schema,
        table: h.table,
        rows: h.rows === null ? null : h.rows.map((r) => ({ revision: r.revision, isFailed: r.failed })),
      })),
    ...(options.isHealthRead && { sequenceHealth: (recorded.sequenceHealth ?? []).filter((h) => wanted.has(h.schema)) }),
  }
  const notChecked: NotCheckedCount[] = recorded.notChecked.flatMap((n) =>
    isNotCheckedKind(n.kind) && wanted.has(n.schema) && (n.kind !== 'sequence_data' || options.isHealthRead)
      ? [{ kind: n.kind, schema: n.schema, count: n.count }]
      : [],
  )
  return {
    model,
    server: { ...recorded.server, userSchemas: [...recorded.server.userSchemas] },
    notChecked: notChecked.sort(compareNotChecked),
    queryCount: 0,
    attempts: 1,
  }
}

/**
 * A table as introspection lists it: the indexes behind its primary key and unique constraints
 * too (a spec leaves them out: the constraint says it all), each naming its constraint.
 */
function asIntrospected(table: TableModel): TableModel {
  const constraintIndex = (name: string | undefined, columns: readonly string[]): IndexModel[] =>
    name === undefined ? [] : [{ name, keys: [...columns], isUnique: true, method: 'btree', where: null, include: [], constraintName: name, isValid: true }]
  const indexes = [
    ...table.indexes.map((i) => ({ ...i, constraintName: i.constraintName ?? null })),
    ...(table.primaryKey == null ? [] : constraintIndex(table.primaryKey.name, table.primaryKey.columns)),
    ...table.uniqueConstraints.flatMap((u) => constraintIndex(u.name, u.columns)),
  ]
  return { ...table, indexes: indexes.sort((a, b) => compareText(a.name ?? '', b.name ?? '')) }
}
