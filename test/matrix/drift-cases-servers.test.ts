/** The drift cases (test/support/drift-suite.ts) on every PostgreSQL server version here: 18 to 13. */
import { VERSION_MATRIX } from '../support/databases.js'
import { describeDriftCases } from '../support/drift-suite.js'

describeDriftCases(VERSION_MATRIX.filter((e) => e.name !== 'pglite'))
