import { renderJson } from '../report/render-json.js'
import type { Report } from '../report/report.js'
import { renderTable } from '../report/render-table.js'
import type { CliIo } from './io.js'

export const OUTPUT_FORMATS = ['table', 'json'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

/** The format registry: adding a format makes tsc ask for its renderer here. */
export function renderReport(report: Report, format: OutputFormat, io: CliIo, isColor: boolean): string {
  switch (format) {
    case 'table':
      return renderTable(report, { isColor, width: io.columns })
    case 'json':
      return renderJson(report)
  }
}
