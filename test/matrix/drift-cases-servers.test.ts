/** The drift cases (test/support/drift-suite.ts) on PostgreSQL 17, 16 and 15; 18, 14 and 13 in test/versions (npm run test:versions). */
import { VERSION_MATRIX } from '../support/databases.js'
import { describeDriftCases } from '../support/drift-suite.js'

describeDriftCases(VERSION_MATRIX.filter((e) => ['postgresql', 'postgresql-16', 'postgresql-15'].includes(e.name)))
