/**
 * The public API of the verify-database package (`import { verify } from 'verify-database'`):
 * the same stages the CLI composes, for scripts and test suites that want findings as data.
 * Everything here is read-only towards the database.
 */
export { verify, checkDatabase, selectSchemas, type CheckOptions, type CheckResult, type VerifyOptions } from './app/check.js'
export { loadSpec, type LoadedSpec, type LoadSpecOptions } from './spec/load-spec.js'
export { openDatabase, type OpenDatabaseOptions } from './introspect/open-database.js'
export { introspectDatabase, type Introspection, type IntrospectOptions, type ServerInfo } from './introspect/introspect-database.js'
export type { DatabaseSession, Queryable } from './introspect/queryable.js'
export { compareSchemas, type CompareOptions } from './compare/compare-schemas.js'
export type { Finding, FindingCode, FindingKind, FindingProblem, Severity } from './compare/finding.js'
export type * from './model/schema-model.js'
export { modelToSpec, renderSpecJson } from './snapshot/model-to-spec.js'
export { renderJson } from './report/render-json.js'
export { renderTable } from './report/render-table.js'
export type { FailOn, Report } from './report/report.js'
export { DatabaseError, ExitCode, OutputError, SpecError, UsageError, UserError } from './errors.js'
export { TOOL_NAME, TOOL_VERSION } from './version.js'
