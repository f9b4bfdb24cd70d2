/**
 * The demo command's core: an in-memory PGlite database set up like a broken install of the
 * time-tracking app, checked against the expected-schema.json that ships with the package. Every
 * failure here is ours (the engine is embedded, the spec is shipped), so it throws.
 */
import { fileURLToPath } from 'node:url'
import { BROKEN_INSTALL_SQL } from '../demo/broken-install-sql.js'
import { loadSpec } from '../spec/load-spec.js'
import { PACKAGE_ROOT } from '../version.js'
import { checkDatabase, type CheckResult } from './check.js'
import type { AppDeps } from './deps.js'
import type { FixFlags } from './plan-fix-for.js'

/** The database the demo builds: nothing to install, nothing left behind. */
export const DEMO_TARGET = 'pglite:memory'

/** The spec the demo checks against: the package's own expected-schema.json. */
export const DEMO_SPEC_PATH = fileURLToPath(new URL('expected-schema.json', PACKAGE_ROOT))

/**
 * Builds the broken install, checks it with the default options (and, with `fix`, plans its
 * repair) and returns the result (drift is the point).
 */
export async function checkDemo(deps: AppDeps, options: { readonly fix?: FixFlags } = {}): Promise<CheckResult> {
  const spec = await loadSpec(DEMO_SPEC_PATH, { readFile: deps.readFile })
  const session = await deps.openDatabase(DEMO_TARGET, { env: deps.env, onWarning: deps.onWarning })
  try {
    await session.exec(BROKEN_INSTALL_SQL)
    return await checkDatabase(session, spec, { now: deps.now, ...(options.fix !== undefined && { fix: options.fix }) })
  } finally {
    await session.close()
  }
}
