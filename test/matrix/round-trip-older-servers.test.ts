/** The corpus round trips (test/support/round-trip-suite.ts) on PostgreSQL 15, 14 and 13 (those of them this platform has). */
import { VERSION_MATRIX } from '../support/databases.js'
import { describeRoundTrips } from '../support/round-trip-suite.js'

describeRoundTrips(VERSION_MATRIX.filter((e) => ['postgresql-15', 'postgresql-14', 'postgresql-13'].includes(e.name)))
