/**
 * The fix convergence suite (test/support/fix-convergence-suite.ts) on PostgreSQL 18, 14 and 13
 * (those of them this platform has): `npm run test:versions`, outside `npm test`'s time budget.
 */
import { VERSION_MATRIX } from '../support/databases.js'
import { describeFixConvergence } from '../support/fix-convergence-suite.js'

describeFixConvergence(VERSION_MATRIX.filter((e) => ['postgresql-18', 'postgresql-14', 'postgresql-13'].includes(e.name)))
