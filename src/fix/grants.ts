/**
 * The GRANT a DBA would run to close each privilege gap `doctor` finds: what the role needs to
 * be checked (CONNECT, USAGE, SELECT) and what it needs to run a repair (CREATE on the schema, and
 * being the owner of each table a repair alters).
 */
import type { DoctorFacts } from '../model/doctor-facts.js'
import { qualifiedName, quoteIdent } from './quote.js'

export interface PrivilegeGap {
  /** What the role cannot do, in words. */
  readonly what: string
  /** The statement that closes the gap, run by the owner or a superuser. */
  readonly sql: string
}

export interface PrivilegeGaps {
  /** What `check` needs and lacks: without these some objects read as missing. */
  readonly toCheck: readonly PrivilegeGap[]
  /** What `fix --apply` needs and lacks. */
  readonly toRepair: readonly PrivilegeGap[]
}

export function privilegeGaps(facts: DoctorFacts): PrivilegeGaps {
  const role = quoteIdent(facts.session.user)
  if (facts.session.isSuperuser) return { toCheck: [], toRepair: [] }
  const toCheck: PrivilegeGap[] = []
  const toRepair: PrivilegeGap[] = []
  if (!facts.session.canConnect) {
    toCheck.push({
      what: `no CONNECT on database ${facts.session.database}`,
      sql: `GRANT CONNECT ON DATABASE ${quoteIdent(facts.session.database)} TO ${role};`,
    })
  }
  for (const schema of facts.schemas.filter((s) => s.exists)) {
    if (!schema.usage) toCheck.push({ what: `no USAGE on schema ${schema.schema}`, sql: `GRANT USAGE ON SCHEMA ${quoteIdent(schema.schema)} TO ${role};` })
    if (!schema.create) toRepair.push({ what: `no CREATE on schema ${schema.schema}`, sql: `GRANT CREATE ON SCHEMA ${quoteIdent(schema.schema)} TO ${role};` })
    const tables = facts.tables.filter((t) => t.schema === schema.schema && t.exists)
    const unreadable = tables.filter((t) => !t.select)
    if (unreadable.length > 1 && unreadable.length === tables.length) {
      toCheck.push({
        what: `no SELECT on any of the ${tables.length} tables of schema ${schema.schema}`,
        sql: `GRANT SELECT ON ALL TABLES IN SCHEMA ${quoteIdent(schema.schema)} TO ${role};`,
      })
    } else {
      for (const t of unreadable)
        toCheck.push({ what: `no SELECT on ${schema.schema}.${t.name}`, sql: `GRANT SELECT ON ${qualifiedName(t.schema, t.name)} TO ${role};` })
    }
    // A repair that alters a table must run as its owner (or a member of the owner's role).
    const owners = new Map<string, string[]>()
    for (const t of tables.filter((t) => !t.isOwner && t.owner !== null)) owners.set(t.owner ?? '', [...(owners.get(t.owner ?? '') ?? []), t.name])
    for (const [owner, names] of owners) {
      const listed = names.length <= 3 ? names.map((n) => `${schema.schema}.${n}`).join(', ') : `${names.length} tables of schema ${schema.schema}`
      toRepair.push({
        what: `not the owner of ${listed} (owned by ${owner}): a repair that alters them must run as ${owner}`,
        sql: `GRANT ${quoteIdent(owner)} TO ${role};`,
      })
    }
  }
  return { toCheck, toRepair }
}
