import { isSameType } from '../model/canonical-type.js'
import { objectKey } from '../model/object-ref.js'
import type { EnumModel, ExtensionModel, FunctionModel, SchemaModel, SequenceModel, ViewModel } from '../model/schema-model.js'
import { compareTriggers } from './compare-triggers.js'
import { sequenceDefault } from '../model/implicit-names.js'
import type { Finding } from './finding.js'
import { findingsOfMatch, type CompareContext } from './findings-of-match.js'
import { differingAttributes } from './make-finding.js'
import { matchByKey, sameList } from './match-objects.js'
import { bodyComparison, isSameSourceText } from '../model/source-text.js'

interface SchemaScoped {
  readonly schema: string
  readonly name: string
}

/**
 * Functions, extensions, enums, sequences and views: matched by (schema and) name. Extras are
 * only reported under --strict and only in `strictSchemas` (the schemas the spec describes).
 */
export function compareSchemaObjects(expected: SchemaModel, actual: SchemaModel, ctx: CompareContext, strictSchemas: ReadonlySet<string>): Finding[] {
  const isInScope = (a: SchemaScoped): boolean => strictSchemas.has(a.schema)
  const drawnFrom = sequenceDefaultsOf(actual)
  return [
    ...findingsOfMatch(
      {
        kind: 'function',
        refOf: (f: FunctionModel) => ({
          kind: 'function',
          schema: f.schema,
          table: null,
          name: f.name,
          ...(f.argumentTypes !== undefined && { arguments: f.argumentTypes }),
        }),
        // The overload found says which one differs, also when the spec accepts any.
        refOfPair: (e, a) => ({
          kind: 'function',
          schema: e.schema,
          table: null,
          name: e.name,
          ...(a.argumentTypes !== undefined && { arguments: a.argumentTypes }),
        }),
        differences: (e: FunctionModel, a: FunctionModel) =>
          differingAttributes<'returns' | 'language' | 'body'>([
            ['returns', e.returns, a.returns, isSameType],
            ['language', e.language, a.language],
            // Read in the database's language: that is how PostgreSQL reads the body.
            ['body', e.body, a.body ?? '', (x: string, y: string) => isSameSourceText(x, y, bodyComparison(a.language))],
          ]),
        isReportedExtra: isInScope,
      },
      matchByKey(
        expected.functions,
        actual.functions,
        bothBy<FunctionModel>(keyOf('function')),
        (e, a) => e.argumentTypes === undefined || sameArgumentTypes(e.argumentTypes, a.argumentTypes ?? []),
      ),
      ctx,
    ),
    ...findingsOfMatch(
      {
        kind: 'enum',
        refOf: schemaObject('enum'),
        differences: (e: EnumModel, a: EnumModel) => differingAttributes([['values', e.values, a.values ?? [], sameList]]),
        isReportedExtra: isInScope,
      },
      matchByKey(expected.enums, actual.enums, bothBy<EnumModel>(keyOf('enum'))),
      ctx,
    ),
    ...findingsOfMatch(
      {
        kind: 'sequence',
        refOf: schemaObject('sequence'),
        differences: (e: SequenceModel, a: SequenceModel) => differingAttributes([['type', e.dataType, a.dataType]]),
        // A sequence a column owns (serial, identity, OWNED BY) or draws its default from is part of that column.
        isReportedExtra: (a) => isInScope(a) && a.ownedBy == null && !isDrawnFrom(drawnFrom, a),
      },
      matchByKey(expected.sequences, actual.sequences, bothBy<SequenceModel>(keyOf('sequence'))),
      ctx,
    ),
    ...findingsOfMatch(
      {
        kind: 'view',
        refOf: schemaObject('view'),
        differences: (e: ViewModel, a: ViewModel) =>
          differingAttributes<'materialized' | 'definition'>([
            ['materialized', e.isMaterialized, a.isMaterialized],
            ['definition', e.definition, a.definition ?? '', (x: string, y: string) => isSameSourceText(x, y, 'deparsed')],
          ]),
        isReportedExtra: isInScope,
      },
      matchByKey(expected.views, actual.views, bothBy<ViewModel>(keyOf('view'))),
      ctx,
    ),
    ...compareViewTriggers(expected.views, actual.views, ctx),
    ...findingsOfMatch(
      {
        kind: 'extension',
        refOf: (e: ExtensionModel) => ({ kind: 'extension', schema: e.schema ?? null, table: null, name: e.name }),
        // An extension the spec does not place is where the database has it.
        refOfPair: (e, a) => ({ kind: 'extension', schema: a.schema ?? null, table: null, name: e.name }),
        differences: (e, a) =>
          differingAttributes<'schema' | 'version'>([
            ['schema', e.schema, a.schema],
            ['version', e.version, a.version],
          ]),
      },
      matchByKey(
        expected.extensions,
        actual.extensions,
        bothBy((e: ExtensionModel) => e.name),
      ),
      ctx,
    ),
  ]
}

/** Triggers of views both sides have; a view the spec gives no triggers is only checked under --strict. */
function compareViewTriggers(expected: readonly ViewModel[], actual: readonly ViewModel[], ctx: CompareContext): Finding[] {
  const { pairs } = matchByKey(expected, actual, bothBy<ViewModel>(keyOf('view')))
  return pairs.flatMap(({ expected: e, actual: a }) => {
    if (e.triggers === undefined && !ctx.isStrict) return []
    return compareTriggers(e.triggers ?? [], a.triggers ?? [], { schema: a.schema, name: a.name, source: e.source }, ctx)
  })
}

function schemaObject<K extends 'enum' | 'sequence' | 'view'>(kind: K): (o: SchemaScoped) => { kind: K; schema: string; table: null; name: string } {
  return (o) => ({ kind, schema: o.schema, table: null, name: o.name })
}

function keyOf(kind: 'function' | 'enum' | 'sequence' | 'view'): <T extends SchemaScoped>(o: T) => string {
  return (o) => objectKey({ kind, schema: o.schema, table: null, name: o.name })
}

function bothBy<T>(key: (o: T) => string): { expected: (o: T) => string; actual: (o: T) => string } {
  return { expected: key, actual: key }
}

function sameArgumentTypes(e: readonly string[], a: readonly string[]): boolean {
  return e.length === a.length && e.every((type, i) => isSameType(type, a[i] ?? ''))
}

/** The column defaults of each schema, to recognise those that draw from a sequence (see sequenceDefault). */
function sequenceDefaultsOf(model: SchemaModel): ReadonlyMap<string, ReadonlySet<string>> {
  const defaults = new Map<string, Set<string>>()
  for (const t of model.tables) {
    for (const c of t.columns) if (c.default != null) defaults.set(t.schema, (defaults.get(t.schema) ?? new Set()).add(c.default))
  }
  return defaults
}

/** Whether a column of any schema has a default drawing from the sequence (a default may name a sequence of another schema). */
function isDrawnFrom(defaults: ReadonlyMap<string, ReadonlySet<string>>, sequence: SequenceModel): boolean {
  return [...defaults].some(([tableSchema, inSchema]) => inSchema.has(sequenceDefault(sequence.schema, sequence.name, tableSchema)))
}
