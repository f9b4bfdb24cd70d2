import type { SchemaModel, TableModel } from '../model/schema-model.js'
import { makeFinding, type FindingDraft } from './make-finding.js'
import type { Finding } from './finding.js'

/** What every per-table comparison needs to know besides the two tables. */
export interface TableContext {
  readonly expected: TableModel
  readonly actual: TableModel
  /** The whole actual model: foreign keys resolve referenced primary keys through it. */
  readonly actualModel: SchemaModel
  readonly isStrict: boolean
}

/** A finding about an object of this table. */
export function tableFinding(ctx: TableContext, draft: Omit<FindingDraft, 'schema' | 'table'>): Finding {
  return makeFinding({ ...draft, schema: ctx.actual.schema, table: ctx.actual.name })
}
