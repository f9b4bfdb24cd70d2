/**
 * The repair converges on every drift case (test/support/fix-convergence-suite.ts): here on
 * PGlite; the servers in fix-convergence-servers*.test.ts, so that the two workers share them out.
 */
import { VERSION_MATRIX } from '../support/databases.js'
import { describeFixConvergence } from '../support/fix-convergence-suite.js'

describeFixConvergence(VERSION_MATRIX.filter((e) => e.name === 'pglite'))
