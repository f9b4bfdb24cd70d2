/** The corpus round trips (test/support/round-trip-suite.ts) on every PostgreSQL server version, 13 to 18 (those this platform has). */
import { VERSION_MATRIX } from '../support/databases.js'
import { describeRoundTrips } from '../support/round-trip-suite.js'

describeRoundTrips(VERSION_MATRIX.filter((e) => e.name !== 'pglite'))
