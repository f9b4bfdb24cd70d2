/**
 * The corpus round trips (test/support/round-trip-suite.ts) on PGlite; the servers in
 * round-trip-servers*.test.ts, so that the two workers share them out.
 */
import { VERSION_MATRIX } from '../support/databases.js'
import { describeRoundTrips } from '../support/round-trip-suite.js'

describeRoundTrips(VERSION_MATRIX.filter((e) => e.name === 'pglite'))
