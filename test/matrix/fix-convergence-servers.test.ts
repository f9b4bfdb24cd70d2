/** The fix convergence suite (test/support/fix-convergence-suite.ts) on PostgreSQL 18, 17 and 16. */
import { VERSION_MATRIX } from '../support/databases.js'
import { describeFixConvergence } from '../support/fix-convergence-suite.js'

describeFixConvergence(VERSION_MATRIX.filter((e) => ['postgresql-18', 'postgresql', 'postgresql-16'].includes(e.name)))
