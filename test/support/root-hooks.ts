/**
 * Mocha hooks and global fixtures (loaded through .mocharc.json) for what
 * test/support/databases.ts starts.
 *
 * Serial run (`npx mocha <file>`): servers start on first use in the one process, and the root
 * hook stops them after the whole run.
 *
 * Parallel run (`npm test`, mocha --parallel): root hooks run in the workers once per test FILE,
 * so servers started there would be stopped and started again for every file. Instead the global
 * setup, which mocha runs once in the parent process before it starts the workers, starts one
 * server per version and the PGlite template, and the workers find them through the environment;
 * the global teardown stops them after the last file. The per-file root hook then only cleans up
 * what a file itself left in its worker (a dedicated server whose test failed early).
 */
import { startSharedResources, stopTestDatabases } from './databases.js'

/** What mocha binds as `this` of a global fixture: the runner. */
interface FixtureContext {
  isParallelMode?: () => boolean
}

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopTestDatabases()
  },
}

export async function mochaGlobalSetup(this: FixtureContext): Promise<void> {
  // A serial run keeps starting servers lazily: a unit test file needs none.
  if (this.isParallelMode?.() === true) await startSharedResources()
}

export async function mochaGlobalTeardown(): Promise<void> {
  await stopTestDatabases()
}
