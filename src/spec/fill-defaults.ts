/**
 * A complete spec (`complete: true`, as `snapshot` writes it) is exact: a property it leaves out
 * is at PostgreSQL's default, not "don't care". This fills those defaults into the expected model,
 * so the comparer sees, for example, a column default or a partial-index predicate that appeared
 * after the snapshot was taken. Properties with no default of their own (a column's type and
 * nullability, a trigger's timing, a function's result, an extension's version) stay as given,
 * and so do source texts (a function's body, a view's query, a partition's bound): left out, they
 * are not checked. A left-out partition key is a plain table's (not partitioned), unless the
 * spec lists partitions of the table: then it is partitioned, by a key the spec does not give
 * (as in a snapshot written before snapshots had partition keys).
 */
import type {
  ColumnModel,
  ForeignKeyModel,
  FunctionModel,
  IndexModel,
  SchemaModel,
  SequenceModel,
  TableModel,
  TriggerModel,
  UniqueModel,
  ViewModel,
} from '../model/schema-model.js'
import { tableKey } from '../model/object-ref.js'

export function fillPostgresDefaults(model: SchemaModel): SchemaModel {
  const partitioned = new Set(model.tables.flatMap((t) => (t.partitionOf == null ? [] : [tableKey(t.partitionOf.schema, t.partitionOf.name)])))
  return {
    ...model,
    isComplete: true,
    tables: model.tables.map((table) => fillTable(table, partitioned.has(tableKey(table.schema, table.name)))),
    functions: model.functions.map(fillFunction),
    sequences: model.sequences.map(fillSequence),
    views: model.views.map(fillView),
  }
}

function fillTable(table: TableModel, hasPartitions: boolean): TableModel {
  return {
    ...table,
    partitionOf: table.partitionOf ?? null,
    ...(!hasPartitions && { partitionBy: table.partitionBy ?? null }),
    primaryKey: table.primaryKey ?? null,
    columns: table.columns.map(fillColumn),
    uniqueConstraints: table.uniqueConstraints.map(fillUnique),
    indexes: table.indexes.map(fillIndex),
    foreignKeys: table.foreignKeys.map(fillForeignKey),
    triggers: table.triggers.map(fillTrigger),
  }
}

function fillColumn(column: ColumnModel): ColumnModel {
  // A `serial` without a default of its own stands for its nextval() default: nothing to fill.
  const isSerial = column.isSerial === true && column.default === undefined
  return {
    ...column,
    ...(!isSerial && { default: column.default ?? null }),
    identity: column.identity ?? null,
    generated: column.generated ?? null,
  }
}

function fillUnique(unique: UniqueModel): UniqueModel {
  return { ...unique, nullsNotDistinct: unique.nullsNotDistinct ?? false }
}

function fillIndex(index: IndexModel): IndexModel {
  return { ...index, isUnique: index.isUnique ?? false, method: index.method ?? 'btree', where: index.where ?? null, include: index.include ?? [] }
}

function fillForeignKey(fk: ForeignKeyModel): ForeignKeyModel {
  return {
    ...fk,
    onDelete: fk.onDelete ?? 'NO ACTION',
    onUpdate: fk.onUpdate ?? 'NO ACTION',
    match: fk.match ?? 'SIMPLE',
    isDeferrable: fk.isDeferrable ?? false,
    isInitiallyDeferred: fk.isInitiallyDeferred ?? false,
  }
}

function fillTrigger(trigger: TriggerModel): TriggerModel {
  return { ...trigger, updateOf: trigger.updateOf ?? [], arguments: trigger.arguments ?? [], when: trigger.when ?? null, enabled: trigger.enabled ?? 'origin' }
}

function fillFunction(fn: FunctionModel): FunctionModel {
  return { ...fn, argumentTypes: fn.argumentTypes ?? [] }
}

function fillSequence(sequence: SequenceModel): SequenceModel {
  // CREATE SEQUENCE without AS makes a bigint sequence.
  return { ...sequence, dataType: sequence.dataType ?? 'bigint' }
}

function fillView(view: ViewModel): ViewModel {
  return { ...view, isMaterialized: view.isMaterialized ?? false, triggers: (view.triggers ?? []).map(fillTrigger) }
}
