/**
 * The corpus round trips (test/support/round-trip-suite.ts) on PostgreSQL 18, 16, 15, 14 and 13
 * (those of them this platform has): `npm run test:versions`, outside `npm test`'s time budget.
 */
import { VERSION_MATRIX } from '../support/databases.js'
import { describeRoundTrips } from '../support/round-trip-suite.js'

describeRoundTrips(VERSION_MATRIX.filter((e) => !['pglite', 'postgresql'].includes(e.name)))
