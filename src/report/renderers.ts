/**
 * The format registry: every report format and the function that renders it. OUTPUT_FORMATS is
 * what --format accepts; adding a format there makes tsc ask for its renderer here, and a
 * renderer without a format does not compile either.
 */
import { renderGithub } from './render-github.js'
import { renderJson } from './render-json.js'
import { renderJunit } from './render-junit.js'
import { renderMarkdown } from './render-markdown.js'
import { renderSarif } from './render-sarif.js'
import type { Report } from './report.js'
import { renderTable } from './render-table.js'

export const OUTPUT_FORMATS = ['table', 'json', 'markdown', 'github', 'junit', 'sarif'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

/** What a renderer may know about where its text goes. */
export interface RenderOptions {
  /** ANSI colour; the CLI enables it only on a terminal without NO_COLOR / --no-color. */
  readonly isColor: boolean
  /** Columns to wrap to, when the output is a terminal. */
  readonly width?: number
}

export type Renderer = (report: Report, options: RenderOptions) => string

export const RENDERERS = {
  table: (report, options) => renderTable(report, options),
  json: (report) => renderJson(report),
  markdown: (report) => renderMarkdown(report),
  github: (report) => renderGithub(report),
  junit: (report) => renderJunit(report),
  sarif: (report) => renderSarif(report),
} as const satisfies Record<OutputFormat, Renderer>

export function renderReport(report: Report, format: OutputFormat, options: RenderOptions): string {
  return RENDERERS[format](report, options)
}
