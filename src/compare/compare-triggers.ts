import type { TriggerModel } from '../model/schema-model.js'
import { triggerDefinition } from './definitions.js'
import type { Finding } from './finding.js'
import { diffAttributes, type AttributeCheck } from './make-finding.js'
import { matchObjects, sameList, unchecked } from './match-objects.js'
import { tableFinding, type TableContext } from './table-context.js'

/** Triggers match by what they do (timing, events, level, function, ...), then by name. */
export function compareTriggers(ctx: TableContext): Finding[] {
  const { pairs, missing, extra } = matchObjects(ctx.expected.triggers, ctx.actual.triggers, isSameTriggerDefinition)
  const findings: Finding[] = []
  for (const { expected, actual, how } of pairs) {
    if (how === 'renamed') {
      findings.push(tableFinding(ctx, { kind: 'trigger', problem: 'renamed', name: expected.name, expected: { name: expected.name }, actual: { name: actual.name } }))
    }
    const diff = diffAttributes(triggerChecks(expected, actual, how === 'by_name'))
    if (diff) findings.push(tableFinding(ctx, { kind: 'trigger', problem: 'mismatch', name: expected.name, ...diff }))
  }
  for (const expected of missing) {
    findings.push(tableFinding(ctx, { kind: 'trigger', problem: 'missing', name: expected.name, expected: triggerDefinition(expected), actual: null }))
  }
  if (ctx.isStrict) {
    for (const actual of extra) {
      findings.push(tableFinding(ctx, { kind: 'trigger', problem: 'extra', name: actual.name, expected: null, actual: triggerDefinition(actual) }))
    }
  }
  return findings
}

/** Definition = everything but the enabled state, which is compared once the trigger is found. */
function isSameTriggerDefinition(e: TriggerModel, a: TriggerModel): boolean {
  return triggerChecks(e, a, true).every(([attribute, expected, actual, equals]) =>
    attribute === 'enabled' || unchecked(expected, actual, equals as ((x: unknown, y: unknown) => boolean) | undefined ?? ((x, y) => JSON.stringify(x) === JSON.stringify(y))),
  )
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
