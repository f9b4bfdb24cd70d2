import type { Report } from './report.js'

/**
 * The JSON report (formatVersion 1), mapped field by field rather than dumping internal objects,
 * so a refactor cannot silently change the wire format that CI scripts parse.
 */
export function renderJson(report: Report): string {
  const document = {
    formatVersion: report.formatVersion,
    status: report.status,
    failOn: report.failOn,
    tool: { name: report.tool.name, version: report.tool.version },
    generatedAt: report.generatedAt,
    target: {
      url: report.target.url,
      serverVersion: report.target.serverVersion,
      engine: report.target.engine,
      database: report.target.database,
      user: report.target.user,
    },
    spec: { file: report.spec.file, description: report.spec.description ?? null },
    options: { strict: report.options.strict, schemas: report.options.schemas },
    checked: report.checked,
    summary: { error: report.summary.error, warning: report.summary.warning, info: report.summary.info },
    findings: report.findings.map((f) => ({
      code: f.code,
      kind: f.kind,
      problem: f.problem,
      attributes: f.attributes,
      severity: f.severity,
      schema: f.schema,
      table: f.table,
      name: f.name,
      expected: f.expected ?? null,
      actual: f.actual ?? null,
      message: f.message,
      consequences: f.consequences.map((c) => ({ code: c.code, schema: c.schema, table: c.table, name: c.name })),
    })),
  }
  return `${JSON.stringify(document, null, 2)}\n`
}
