/** The corpus round trips (test/support/round-trip-suite.ts) on PostgreSQL 18, 17 and 16. */
import { VERSION_MATRIX } from '../support/databases.js'
import { describeRoundTrips } from '../support/round-trip-suite.js'

describeRoundTrips(VERSION_MATRIX.filter((e) => ['postgresql-18', 'postgresql', 'postgresql-16'].includes(e.name)))
