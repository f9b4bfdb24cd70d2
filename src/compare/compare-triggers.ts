import type { TriggerModel } from '../model/schema-model.js'
import type { Attribute } from './finding.js'
import { findingsOfMatch, type CompareContext, type KindFinding } from './findings-of-match.js'
import { differingAttributes, renamedFinding, type AttributeCheck } from './make-finding.js'
import { matchObjects, sameList } from './match-objects.js'

/** The table or view a trigger is on (INSTEAD OF triggers live on views), and its spec entry. */
export interface TriggerOwner {
  readonly schema: string
  readonly name: string
  readonly source?: string
}

/** Triggers match by what they do (timing, events, level, function, ...), then by name. */
export function compareTriggers(
  expected: readonly TriggerModel[],
  actual: readonly TriggerModel[],
  owner: TriggerOwner,
  ctx: CompareContext,
): KindFinding<'trigger'>[] {
  const refOf = (t: TriggerModel) => ({ kind: 'trigger' as const, schema: owner.schema, table: owner.name, name: t.name })
  return findingsOfMatch(
    {
      kind: 'trigger',
      refOf,
      differences: (e, a, { how }) => differingAttributes(triggerChecks(e, a, how === 'by_name')),
      renamed: ({ expected: e, actual: a }, extras) => renamedFinding(refOf(e), e, a, null, extras),
      extraSource: owner.source,
    },
    matchObjects(expected, actual, isSameTriggerDefinition),
    ctx,
  )
}

/** Definition = everything but the enabled state, which is compared once the trigger is found. */
function isSameTriggerDefinition(e: TriggerModel, a: TriggerModel): boolean {
  return differingAttributes(triggerChecks(e, a, true).filter(([attribute]) => attribute !== 'enabled')).length === 0
}

function triggerChecks(e: TriggerModel, a: TriggerModel, includeDefinition: boolean): AttributeCheck<Attribute<'trigger'>>[] {
  const definition: AttributeCheck<Attribute<'trigger'>>[] = [
    ['timing', e.timing, a.timing],
    ['events', e.events, a.events ?? [], sameList],
    ['updateOf', e.updateOf, a.updateOf ?? [], sameList],
    ['level', e.level, a.level],
    ['function', e.function, a.function],
    ['arguments', e.arguments, a.arguments ?? [], sameList],
    ['when', e.when, a.when ?? null],
  ]
  return [...(includeDefinition ? definition : []), ['enabled', e.enabled, a.enabled]]
}
