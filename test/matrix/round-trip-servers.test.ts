/** The corpus round trips (test/support/round-trip-suite.ts) on PostgreSQL 17; the other versions in test/versions (npm run test:versions). */
import { VERSION_MATRIX } from '../support/databases.js'
import { describeRoundTrips } from '../support/round-trip-suite.js'

describeRoundTrips(VERSION_MATRIX.filter((e) => e.name === 'postgresql'))
