import type { SchemaModel, TableModel } from '../model/schema-model.js'
import type { ModelKind } from './finding.js'
import type { CompareContext } from './findings-of-match.js'
import type { Subject } from './make-finding.js'

/** What every per-table comparison needs to know besides the two tables. */
export interface TableContext extends CompareContext {
  readonly expected: TableModel
  readonly actual: TableModel
  /** The whole actual model: foreign keys resolve referenced primary keys through it. */
  readonly actualModel: SchemaModel
}

/** The subject of a finding about an object of this table; `name` undefined = unnamed in the spec. */
export function tableObject<K extends ModelKind>(ctx: TableContext, kind: K, name: string | undefined): Subject<K> {
  return { kind, schema: ctx.actual.schema, table: ctx.actual.name, name: name ?? null }
}
