/**
 * The repair plan of one check, and the fingerprint of the schema it was planned against. Pure:
 * checkDatabase calls it with what it compared, so `check --fix`, `fix` and `fix --apply` plan
 * from the same findings the report shows.
 */
import { createHash } from 'node:crypto'
import type { Finding } from '../compare/finding.js'
import type { FixOptions, FixPlan } from '../fix/fix-plan.js'
import { planFix, type FixInput } from '../fix/plan-fix.js'
import { restrictToSchemas } from '../model/filter-model.js'
import type { SchemaModel } from '../model/schema-model.js'

/** The fix flags a user gives (`--allow-destructive`, `--concurrently`, `--not-valid`); --strict comes from the check. */
export interface FixFlags {
  readonly allowDestructive?: boolean
  readonly concurrently?: boolean
  readonly notValid?: boolean
  /** Run the plan on an embedded copy of the schema first and report the proof (`--prove`). */
  readonly prove?: boolean
}

/** A plan, and what a later `fix --apply --plan` needs to tell whether the database is still the one it was made for. */
export interface PlannedFix {
  readonly plan: FixPlan
  /** fingerprintModel() of the introspected schema: `pg17 sha256:<64 hex digits>`. */
  readonly fingerprint: string
  /** The introspected model, restricted to the checked schemas (what the plan repairs). */
  readonly actual: SchemaModel
  /** The options the plan was made with (what --prove plans the copy's repair with). */
  readonly options: FixOptions
}

export interface PlanFixInput {
  readonly findings: readonly Finding[]
  /** The expected model, restricted to the checked schemas. */
  readonly expected: SchemaModel
  /** The introspected model. */
  readonly actual: SchemaModel
  readonly schemas: readonly string[]
  readonly serverVersionNum: number
  readonly isStrict: boolean
  readonly flags: FixFlags
  /** Estimated table sizes (readTableSizes), quoted in the comments of steps that lock or rewrite. */
  readonly tableSizes?: FixInput['tableSizes']
}

export function planFixFor(input: PlanFixInput): PlannedFix {
  const options: FixOptions = {
    allowDestructive: input.flags.allowDestructive ?? false,
    isStrict: input.isStrict,
    concurrently: input.flags.concurrently ?? false,
    notValid: input.flags.notValid ?? false,
  }
  const actual = restrictToSchemas(input.actual, input.schemas)
  const plan = planFix({
    findings: input.findings,
    expected: input.expected,
    actual,
    serverVersionNum: input.serverVersionNum,
    options,
    tableSizes: input.tableSizes,
  })
  return { plan, fingerprint: fingerprintModel(actual, input.schemas, input.serverVersionNum), actual, options }
}

/** The server's major version: 17 for server_version_num 170010. */
export function majorVersionOf(serverVersionNum: number): number {
  return Math.floor(serverVersionNum / 10000)
}

/**
 * `pg<major> sha256:<hex>`: the server's major version (SQL is written for it) and a hash of the
 * introspected schema in the checked schemas, as stable JSON (keys sorted, spec pointers left
 * out), so any change to what the plan was made against changes it, and nothing else does.
 */
export function fingerprintModel(actual: SchemaModel, schemas: readonly string[], serverVersionNum: number): string {
  const major = majorVersionOf(serverVersionNum)
  const text = stableJson({ major, schemas: [...schemas].sort(), model: restrictToSchemas(actual, schemas) })
  return `pg${major} sha256:${createHash('sha256').update(text).digest('hex')}`
}

/** JSON with object keys sorted and `source` pointers and undefined values left out. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([key, v]) => key !== 'source' && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${stableJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
