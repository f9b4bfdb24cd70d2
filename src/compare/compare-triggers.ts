import type { TriggerModel } from '../model/schema-model.js'
import { triggerDefinition } from './definitions.js'
import type { Finding } from './finding.js'
import { diffAttributes, makeFinding, type AttributeCheck, type FindingDraft } from './make-finding.js'
import { matchObjects, sameList } from './match-objects.js'

/** The table or view a trigger is on (INSTEAD OF triggers live on views). */
export interface TriggerOwner {
  readonly schema: string
  readonly name: string
}

/** Triggers match by what they do (timing, events, level, function, ...), then by name. */
export function compareTriggers(expected: readonly TriggerModel[], actual: readonly TriggerModel[], owner: TriggerOwner, isStrict: boolean): Finding[] {
  const finding = (draft: Omit<FindingDraft, 'kind' | 'schema' | 'table'>): Finding =>
    makeFinding({ ...draft, kind: 'trigger', schema: owner.schema, table: owner.name })
  const { pairs, missing, extra } = matchObjects(expected, actual, isSameTriggerDefinition)
  const findings: Finding[] = []
  for (const pair of pairs) {
    if (pair.how === 'renamed') {
      findings.push(finding({ problem: 'renamed', name: pair.expected.name, expected: { name: pair.expected.name }, actual: { name: pair.actual.name } }))
    }
    const diff = diffAttributes(triggerChecks(pair.expected, pair.actual, pair.how === 'by_name'))
    if (diff) findings.push(finding({ problem: 'mismatch', name: pair.expected.name, ...diff }))
  }
  for (const trigger of missing) {
    findings.push(finding({ problem: 'missing', name: trigger.name, expected: triggerDefinition(trigger), actual: null }))
  }
  if (isStrict) {
    for (const trigger of extra) {
      findings.push(finding({ problem: 'extra', name: trigger.name, expected: null, actual: triggerDefinition(trigger) }))
    }
  }
  return findings
}

/** Definition = everything but the enabled state, which is compared once the trigger is found. */
function isSameTriggerDefinition(e: TriggerModel, a: TriggerModel): boolean {
  return diffAttributes(triggerChecks(e, a, true).filter(([attribute]) => attribute !== 'enabled')) === null
}

function triggerChecks(e: TriggerModel, a: TriggerModel, includeDefinition: boolean): AttributeCheck[] {
  const definition: AttributeCheck[] = [
    ['timing', e.timing, a.timing],
    ['events', e.events, a.events ?? [], sameList],
    ['update_of', e.updateOf, a.updateOf ?? [], sameList],
    ['level', e.level, a.level],
    ['function', e.function, a.function],
    ['arguments', e.arguments, a.arguments ?? [], sameList],
    ['when', e.when, a.when ?? null],
  ]
  return [...(includeDefinition ? definition : []), ['enabled', e.enabled, a.enabled]]
}
