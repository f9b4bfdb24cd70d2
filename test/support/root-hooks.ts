/**
 * Mocha root hooks (loaded through .mocharc.json): shut down what test/support/databases.ts
 * started, once, after the whole run.
 */
import { stopTestDatabases } from './databases.js'

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopTestDatabases()
  },
}
