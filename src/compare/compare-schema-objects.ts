import { isSameType } from '../model/canonical-type.js'
import type { FunctionModel, SchemaModel, SequenceModel, ViewModel } from '../model/schema-model.js'
import { compareTriggers } from './compare-triggers.js'
import { columnSequences } from './fold-consequences.js'
import { enumDefinition, extensionDefinition, functionDefinition, sequenceDefinition, viewDefinition } from './definitions.js'
import type { Finding, FindingKind } from './finding.js'
import { diffAttributes, makeFinding, type AttributeCheck } from './make-finding.js'
import { sameList } from './match-objects.js'

interface SchemaScoped {
  readonly schema: string
  readonly name: string
}

/**
 * Functions, extensions, enums, sequences and views: matched by (schema and) name. Extras are
 * only reported under --strict and only in `strictSchemas` (the schemas the spec describes).
 */
export function compareSchemaObjects(expected: SchemaModel, actual: SchemaModel, isStrict: boolean, strictSchemas: ReadonlySet<string>): Finding[] {
  const impliedSequences = sequencesOwnedByColumns(actual)
  return [
    ...compareByName('function', expected.functions, actual.functions, isSameFunctionSignature, functionChecks, functionDefinition),
    ...compareByName('enum', expected.enums, actual.enums, isSameName, (e, a) => [['values', e.values, a.values ?? [], sameList]], enumDefinition),
    ...compareByName('sequence', expected.sequences, actual.sequences.filter((s) => !impliedSequences.has(`${s.schema}.${s.name}`) || expected.sequences.some((e) => isSameName(e, s))), isSameName, sequenceChecks, sequenceDefinition),
    ...compareByName('view', expected.views, actual.views, isSameName, (e, a) => [['materialized', e.isMaterialized, a.isMaterialized]], viewDefinition),
    ...compareViewTriggers(expected.views, actual.views, isStrict),
    ...compareExtensions(expected, actual, isStrict),
  ]

  function compareByName<T extends SchemaScoped>(
    kind: FindingKind,
    expectedObjects: readonly T[],
    actualObjects: readonly T[],
    isSame: (e: T, a: T) => boolean,
    checks: (e: T, a: T) => AttributeCheck[],
    toDefinition: (o: T) => Readonly<Record<string, unknown>>,
  ): Finding[] {
    const findings: Finding[] = []
    const used = new Set<T>()
    for (const e of expectedObjects) {
      const a = actualObjects.find((candidate) => !used.has(candidate) && isSame(e, candidate))
      if (a === undefined) {
        findings.push(makeFinding({ kind, problem: 'missing', schema: e.schema, table: null, name: e.name, expected: toDefinition(e), actual: null }))
        continue
      }
      used.add(a)
      const diff = diffAttributes(checks(e, a))
      if (diff) findings.push(makeFinding({ kind, problem: 'mismatch', schema: e.schema, table: null, name: e.name, ...diff }))
    }
    if (isStrict) {
      for (const a of actualObjects) {
        if (used.has(a) || !strictSchemas.has(a.schema)) continue
        findings.push(makeFinding({ kind, problem: 'extra', schema: a.schema, table: null, name: a.name, expected: null, actual: toDefinition(a) }))
      }
    }
    return findings
  }
}

/** Triggers of views both sides have; a view the spec gives no triggers is only checked under --strict. */
function compareViewTriggers(expected: readonly ViewModel[], actual: readonly ViewModel[], isStrict: boolean): Finding[] {
  return expected.flatMap((e) => {
    const a = actual.find((candidate) => isSameName(e, candidate))
    if (a === undefined || (e.triggers === undefined && !isStrict)) return []
    return compareTriggers(e.triggers ?? [], a.triggers ?? [], a, isStrict)
  })
}

function isSameName(e: SchemaScoped, a: SchemaScoped): boolean {
  return e.schema === a.schema && e.name === a.name
}

function isSameFunctionSignature(e: FunctionModel, a: FunctionModel): boolean {
  return isSameName(e, a) && (e.argumentTypes === undefined || sameArgumentTypes(e.argumentTypes, a.argumentTypes ?? []))
}

function sameArgumentTypes(e: readonly string[], a: readonly string[]): boolean {
  return e.length === a.length && e.every((type, i) => isSameType(type, a[i] ?? ''))
}

function functionChecks(e: FunctionModel, a: FunctionModel): AttributeCheck[] {
  return [
    ['returns', e.returns, a.returns, isSameType],
    ['language', e.language, a.language],
  ]
}

function sequenceChecks(e: SequenceModel, a: SequenceModel): AttributeCheck[] {
  return [['data_type', e.dataType, a.dataType]]
}

/** Sequences behind serial and identity columns belong to their column; --strict must not call them extra. */
function sequencesOwnedByColumns(model: SchemaModel): Set<string> {
  return new Set(model.tables.flatMap((table) => columnSequences(table).map((s) => `${s.schema}.${s.name}`)))
}

function compareExtensions(expected: SchemaModel, actual: SchemaModel, isStrict: boolean): Finding[] {
  const findings: Finding[] = []
  for (const e of expected.extensions) {
    const a = actual.extensions.find((candidate) => candidate.name === e.name)
    if (a === undefined) {
      findings.push(makeFinding({ kind: 'extension', problem: 'missing', schema: e.schema ?? null, table: null, name: e.name, expected: extensionDefinition(e), actual: null }))
      continue
    }
    const diff = diffAttributes([
      ['schema', e.schema, a.schema],
      ['version', e.version, a.version],
    ])
    if (diff) findings.push(makeFinding({ kind: 'extension', problem: 'mismatch', schema: a.schema ?? null, table: null, name: e.name, ...diff }))
  }
  if (isStrict) {
    for (const a of actual.extensions) {
      if (expected.extensions.some((e) => e.name === a.name)) continue
      findings.push(makeFinding({ kind: 'extension', problem: 'extra', schema: a.schema ?? null, table: null, name: a.name, expected: null, actual: extensionDefinition(a) }))
    }
  }
  return findings
}

