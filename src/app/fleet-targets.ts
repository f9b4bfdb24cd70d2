/**
 * The targets file of `fleet --targets FILE`: JSON checked against schema/targets.schema.json
 * (every problem with its file:line:col, a SpecError, exit 2), or a plain list of URLs, one per
 * line (`#` comments and blank lines ignored; each named by its redacted URL). A URL with a
 * password is refused in a JSON file (it is meant to be committed: `passwordEnv` or `urlEnv` name
 * where the secret is); a plain list is read as given.
 */
import { dirname, isAbsolute, resolve } from 'node:path'
import { SpecError } from '../errors.js'
import { hasPassword } from '../config/load-config.js'
import { connectionSecrets, redact } from '../redact.js'
import { located, parseJsonFile, sortByPosition } from '../spec/load-spec.js'
import { validateTargetsDocument } from '../spec/validate-spec.js'
import type { FleetTarget } from './fleet.js'
import { isDatabaseSpec } from './expected-schema.js'

interface TargetsDocument {
  readonly targets: readonly FleetTarget[]
}

/** The targets of a targets file's text; relative `spec` paths are resolved against the file's directory. */
export function loadTargetsText(file: string, text: string): FleetTarget[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const trimmed = body.trimStart()
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return plainList(file, body)
  const { document, positions, problems } = parseJsonFile(file, body, validateTargetsDocument)
  if (problems.length === 0) {
    const semantic: { pointer: string; message: string }[] = []
    const seen = new Map<string, number>()
    ;(document as TargetsDocument).targets.forEach((t, i) => {
      if ((t.url === undefined) === (t.urlEnv === undefined)) {
        semantic.push({ pointer: `/targets/${i}`, message: 'needs url or urlEnv (one of them): where the database is' })
      }
      if (t.templateSchema !== undefined && t.tenantSchemas === undefined) {
        semantic.push({ pointer: `/targets/${i}/templateSchema`, message: 'says what each tenant must look like: give it with tenantSchemas' })
      }
      if (t.tenantsFromQuery !== undefined && t.tenantSchemas === undefined) {
        semantic.push({ pointer: `/targets/${i}/tenantsFromQuery`, message: 'lists the tenants that must exist: give it with tenantSchemas' })
      }
      if (t.spec !== undefined && isDatabaseSpec(t.spec) && hasPassword(t.spec)) {
        semantic.push({ pointer: `/targets/${i}/spec`, message: 'holds a password: a spec database takes it from PGPASSWORD or ~/.pgpass' })
      }
      if (t.url !== undefined && hasPassword(t.url)) {
        semantic.push({
          pointer: `/targets/${i}/url`,
          message: 'holds a password: name the environment variable that holds it in passwordEnv (or the whole URL in urlEnv)',
        })
      }
      const first = seen.get(t.name)
      if (first !== undefined)
        semantic.push({ pointer: `/targets/${i}/name`, message: `"${t.name}" is also the name of target ${first + 1}: each name must be unique` })
      else seen.set(t.name, i)
    })
    problems.push(...located(file, positions, semantic))
  }
  if (problems.length > 0) throw new SpecError(sortByPosition(problems))
  const base = dirname(file)
  return (document as TargetsDocument).targets.map((t) =>
    t.spec === undefined || isDatabaseSpec(t.spec) || isAbsolute(t.spec) ? { ...t } : { ...t, spec: resolve(base, t.spec) },
  )
}

function plainList(file: string, body: string): FleetTarget[] {
  const targets: FleetTarget[] = []
  const seen = new Set<string>()
  body.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const name = redact(line, connectionSecrets(line))
    if (seen.has(name)) throw new SpecError([{ file, pointer: '', line: i + 1, column: 1, message: `${name} is listed twice` }])
    seen.add(name)
    targets.push({ name, url: line })
  })
  if (targets.length === 0) throw new SpecError([{ file, pointer: '', line: 1, column: 1, message: 'lists no target (one URL per line, or a JSON file)' }])
  return targets
}
