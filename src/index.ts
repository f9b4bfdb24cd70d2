/**
 * The public API of the verify-database package (`import { checkTarget } from 'verify-database'`):
 * the command cores the CLI runs, and the stages they compose, for scripts, test suites and fleet
 * checks that want results as data. Everything here is read-only towards the database, except
 * applyFixTarget, applyFix and runStatements: the core of `fix --apply`, the only code that writes.
 */
export {
  checkTarget,
  checkSpecFile,
  checkSnapshotFile,
  checkDatabase,
  selectSchemas,
  verify,
  type CheckOptions,
  type CheckResult,
  type CheckTargetOptions,
  type TargetOutcome,
  type VerifyOptions,
} from './app/check.js'
export {
  applyFix,
  applyFixTarget,
  planFixTarget,
  runStatements,
  scriptStatements,
  type AppliedScript,
  type ApplyFixOptions,
  type ApplyOutcome,
  type ApplyQuestion,
  type FixedCheck,
  type FixPlanOutcome,
  type FixTargetOptions,
} from './app/fix.js'
export { fingerprintModel, planFixFor, type FixFlags, type PlanFixInput, type PlannedFix } from './app/plan-fix-for.js'
export { parsePlanFile, renderFixFile, splitStatements, type ApplyStatement, type PlanFile } from './app/plan-file.js'
export {
  FIX_PHASES,
  HAZARDS,
  type FixOptions,
  type FixPhase,
  type FixPlan,
  type FixStep,
  type Hazard,
  type Resolves,
  type Unrepairable,
} from './fix/fix-plan.js'
export { renderFixSql, scriptOf, type FixFileHeader, type ScriptStatement } from './fix/fix-script.js'
export { snapshotTarget, type SnapshotOptions, type SnapshotOutcome, type SnapshotResult } from './app/snapshot.js'
export { checkDemo, DEMO_SPEC_PATH, DEMO_TARGET } from './app/demo.js'
export { defaultDeps, type AppDeps } from './app/deps.js'
export { displayTargetOf, type TargetFailure } from './app/target-session.js'
export { loadSpec, loadSpecText, type LoadedSpec, type LoadSpecOptions } from './spec/load-spec.js'
export { openDatabase, type OpenDatabaseOptions } from './introspect/open-database.js'
export { introspectDatabase, type Introspection, type IntrospectOptions, type ServerInfo } from './introspect/introspect-database.js'
export type { DatabaseSession, Queryable } from './introspect/queryable.js'
export { compareSchemas, type CompareOptions } from './compare/compare-schemas.js'
export {
  FINDING_CODES,
  MISMATCH_ATTRIBUTES,
  RENAMEABLE_KINDS,
  MIGRATION_PROBLEMS,
  isAtLeast,
  type Attribute,
  type Consequence,
  type ExtraFinding,
  type Finding,
  type FindingCode,
  type FindingKind,
  type FindingProblem,
  type FoundAs,
  type KindModels,
  type MigrationFacts,
  type MigrationFinding,
  type MigrationProblem,
  type MismatchFinding,
  type MissingFinding,
  type ModelKind,
  type SequenceBehindFinding,
  type RenameableKind,
  type RenamedFinding,
  type Severity,
} from './compare/finding.js'
export { objectKey, OBJECT_KINDS, type ObjectKind, type ObjectRef, type SpecLocation } from './model/object-ref.js'
export type * from './model/schema-model.js'
export type * from './model/migration.js'
export type * from './model/sequence-health.js'
export { rootCausesOf, type RootCause, type Repair } from './report/root-causes.js'
export { modelToSpec, renderSpecJson } from './snapshot/model-to-spec.js'
export { buildReport, type ReportInputs } from './report/build-report.js'
export { OUTPUT_FORMATS, RENDERERS, renderReport, type OutputFormat, type Renderer, type RenderOptions } from './report/renderers.js'
export { describeFinding, objectLabel } from './report/describe-finding.js'
export { findingPayload, type FindingPayload, type PayloadValue, type SpecObject } from './report/finding-payload.js'
export { renderJson } from './report/render-json.js'
export { renderTable } from './report/render-table.js'
export { renderSarif } from './report/render-sarif.js'
export { renderBaseline } from './report/render-baseline.js'
export { gateFindings, type AdjustedFinding, type GatedFindings, type GateNotice, type SuppressedFinding } from './gate/gate-findings.js'
export { identityOf, parseBaseline, type Baseline, type BaselineEntry, type FindingIdentity } from './gate/baseline.js'
export { rulesOf, type SuppressionRule } from './gate/suppressions.js'
export { loadConfigText, type LoadedConfig } from './config/load-config.js'
export { doctorTarget, type DoctorOutcome } from './app/doctor.js'
export { renderDoctor, DOCTOR_FORMATS, type DoctorFormat } from './report/render-doctor.js'
export type { DoctorReport } from './report/doctor-report.js'
export { FAIL_ON_VALUES, type FailOn, type Report } from './report/report.js'
export { DatabaseError, ExitCode, OutputError, SpecError, UsageError, UserError } from './errors.js'
export { TOOL_NAME, TOOL_VERSION } from './version.js'
