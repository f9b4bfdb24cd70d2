/** The line measure-child.ts prints at the exit of a measured process, and its reader. */
export const MEASURE_PREFIX = 'vdb-bench-measure:'

export interface Measurement {
  /** process.resourceUsage().maxRSS: kilobytes. */
  readonly maxRssKb: number
  /** Statements sent through node-postgres. */
  readonly statements: number
}

export function measurementLine(measurement: Measurement): string {
  return `${MEASURE_PREFIX} ${JSON.stringify(measurement)}\n`
}

/** The measurement in a process's stderr, if it printed one. */
export function readMeasurement(stderr: string): Measurement | undefined {
  const line = stderr.split('\n').find((l) => l.startsWith(MEASURE_PREFIX))
  return line === undefined ? undefined : (JSON.parse(line.slice(MEASURE_PREFIX.length)) as Measurement)
}
