/**
 * The drift cases (test/support/drift-suite.ts) on PostgreSQL 18, 14 and 13 (those of them this
 * platform has): `npm run test:versions`, outside `npm test`'s time budget.
 */
import { VERSION_MATRIX } from '../support/databases.js'
import { describeDriftCases } from '../support/drift-suite.js'

describeDriftCases(VERSION_MATRIX.filter((e) => ['postgresql-18', 'postgresql-14', 'postgresql-13'].includes(e.name)))
