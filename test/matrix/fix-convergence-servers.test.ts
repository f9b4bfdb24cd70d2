/** The fix convergence suite (test/support/fix-convergence-suite.ts) on PostgreSQL 17, 16 and 15; 18, 14 and 13 in test/versions (npm run test:versions). */
import { VERSION_MATRIX } from '../support/databases.js'
import { describeFixConvergence } from '../support/fix-convergence-suite.js'

describeFixConvergence(VERSION_MATRIX.filter((e) => ['postgresql', 'postgresql-16', 'postgresql-15'].includes(e.name)))
