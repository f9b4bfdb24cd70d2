import type { Finding } from './finding.js'
import { definitionLabel } from '../model/object-name.js'

/**
 * How a finding's object is named: its name, or for an object the spec leaves unnamed what
 * defines it (`(email)`). Shown to people, and the name a suppression rule or a baseline entry
 * knows such an object by.
 */
export function objectLabel(f: Finding): string {
  if (f.subject.name !== null) return f.subject.name
  return f.problem === 'extra' ? '' : definitionLabel(f.expected, f.tableColumns)
}
