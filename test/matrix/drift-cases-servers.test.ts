/** The drift cases (test/support/drift-suite.ts) on every PostgreSQL server version, 13 to 18 (those this platform has). */
import { VERSION_MATRIX } from '../support/databases.js'
import { describeDriftCases } from '../support/drift-suite.js'

describeDriftCases(VERSION_MATRIX.filter((e) => e.name !== 'pglite'))
