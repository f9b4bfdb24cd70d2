/**
 * Loaded with `node --import` into every process the benchmark times (our CLI and floor-node
 * alike): counts the statements sent through node-postgres and, at exit, reports them with the
 * process's peak resident memory on stderr, as one line measure-child.ts's reader parses.
 * Instrumentation only: every query still goes to the real server.
 */
import pg from 'pg'
import { measurementLine } from './measure-line.js'

let statements = 0
// A property of function type, not a method: it is only ever called with apply().
const prototype = pg.Client.prototype as unknown as { query: (this: pg.Client, ...args: unknown[]) => unknown }
const query = prototype.query
prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]): unknown {
  statements++
  return query.apply(this, args)
}

process.on('exit', () => {
  process.stderr.write(measurementLine({ maxRssKb: process.resourceUsage().maxRSS, statements }))
})
