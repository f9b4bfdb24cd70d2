/** The fix convergence suite (test/support/fix-convergence-suite.ts) on every PostgreSQL server version, 13 to 18 (those this platform has). */
import { VERSION_MATRIX } from '../support/databases.js'
import { describeFixConvergence } from '../support/fix-convergence-suite.js'

describeFixConvergence(VERSION_MATRIX.filter((e) => e.name !== 'pglite'))
