/**
 * The baseline file `check --write-baseline` writes (gate/baseline.ts reads it): each finding's
 * identity, with its severity and message of the day for the person who reads the file, and the
 * digest that makes an edited or truncated file refused.
 */
import type { Finding } from '../compare/finding.js'
import { digestOf, identityKey, identityOf, type BaselineEntry } from '../gate/baseline.js'
import { describeFinding } from './describe-finding.js'

/** The text of a baseline file recording `findings`, with its digest. */
export function renderBaseline(
  findings: readonly Finding[],
  about: { readonly tool: string; readonly spec: string; readonly target: string; readonly createdAt: string },
): string {
  const seen = new Set<string>()
  const entries: BaselineEntry[] = []
  for (const f of findings) {
    const identity = identityOf(f)
    const key = identityKey(identity)
    if (seen.has(key)) continue
    seen.add(key)
    entries.push({ ...identity, severity: f.severity, message: describeFinding(f) })
  }
  const body = { formatVersion: 1, tool: about.tool, createdAt: about.createdAt, spec: about.spec, target: about.target, findings: entries }
  return `${JSON.stringify({ ...body, digest: digestOf(body) }, null, 2)}\n`
}
