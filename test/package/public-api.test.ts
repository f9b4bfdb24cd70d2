/**
 * The package as users install it: `npm pack`, unpacked into a fresh node_modules, imported by its
 * name from another directory. Catches a `main`/`types` that point at files the tarball lacks,
 * and a `files` list that leaves out something the code reads at run time (package.json,
 * expected-schema.json, the published JSON Schema).
 */
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect } from 'chai'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

describe('the packed package', function () {
  let dir: string
  let packageDir: string

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vdb-pack-'))
    // dist/ is already built by the test command; --ignore-scripts skips the `prepare` rebuild.
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT })
    const tarball = join(dir, stdout.trim().split('\n').pop() ?? '')
    packageDir = join(dir, 'node_modules', 'verify-database')
    await mkdir(packageDir, { recursive: true })
    await run('tar', ['xzf', tarball, '-C', packageDir, '--strip-components=1'])
    // Dependencies come from this checkout (no network): link each one the package declares;
    // Node resolves their own dependencies from where the links point.
    const pkg = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
    for (const name of Object.keys(pkg.dependencies)) {
      const link = join(dir, 'node_modules', name)
      await mkdir(join(link, '..'), { recursive: true })
      await symlink(join(ROOT, 'node_modules', name), link, 'dir')
    }
  })

  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('has the files main and types name', async () => {
    const pkg = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { main: string; types: string }
    await readFile(join(packageDir, pkg.main))
    await readFile(join(packageDir, pkg.types))
  })

  it('imports by name and checks a database through the public API', async () => {
    const script = join(dir, 'use.mjs')
    await writeFile(
      script,
      `
      import { loadSpec, openDatabase, checkDatabase, TOOL_VERSION, ExitCode } from 'verify-database'
      const spec = await loadSpec(new URL('./node_modules/verify-database/expected-schema.json', import.meta.url).pathname)
      const session = await openDatabase('pglite:memory')
      try {
        await session.exec('CREATE TABLE users (id serial PRIMARY KEY)')
        const { report } = await checkDatabase(session, spec)
        console.log(JSON.stringify({ version: TOOL_VERSION, status: report.status, errors: report.summary.error, drift: ExitCode.drift }))
      } finally {
        await session.close()
      }
    `,
    )
    const { stdout } = await run(process.execPath, [script], { cwd: dir })
    const result = JSON.parse(stdout) as { version: string; status: string; errors: number; drift: number }
    const ours = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    expect(result.version).to.equal(ours.version)
    expect(result.status).to.equal('fail')
    expect(result.errors).to.be.greaterThan(0)
    expect(result.drift).to.equal(1)
  })

  it('imports the command cores by name and runs them with injected deps, a failed target as data', async () => {
    const script = join(dir, 'cores.mjs')
    await writeFile(
      script,
      `
      import { checkTarget, checkDemo, snapshotTarget, defaultDeps, loadSpec, renderReport, DEMO_SPEC_PATH } from 'verify-database'
      const deps = defaultDeps({ env: {}, now: () => new Date('2024-05-06T07:08:09.000Z') })
      const spec = await loadSpec(DEMO_SPEC_PATH, { readFile: deps.readFile })
      const outcomes = []
      for (const target of ['postgresql://u:pw-Secret-77@127.0.0.1:1/x', 'pglite:memory']) {
        outcomes.push(await checkTarget(spec, target, { connectTimeoutMs: 2000 }, deps))
      }
      const [failed, checked] = outcomes
      const snapshot = await snapshotTarget('pglite:memory', {}, deps)
      const demo = await checkDemo(deps)
      console.log(JSON.stringify({
        failed: [failed.kind, failed.target, failed.error.name, failed.error.exitCode],
        checked: [checked.kind, checked.target, checked.report.status, checked.report.generatedAt],
        rendered: JSON.parse(renderReport(checked.report, 'json', { isColor: false })).status,
        snapshot: [snapshot.kind, JSON.parse(snapshot.json).schemas],
        demo: [demo.report.status, demo.report.generatedAt],
      }))
    `,
    )
    const { stdout } = await run(process.execPath, [script], { cwd: dir })
    expect(JSON.parse(stdout)).to.deep.equal({
      failed: ['failed', 'postgresql://u:***@127.0.0.1:1/x', 'DatabaseError', 3],
      checked: ['checked', 'pglite:memory', 'fail', '2024-05-06T07:08:09.000Z'],
      rendered: 'fail',
      // An empty database's snapshot still lists the schema it read.
      snapshot: ['snapshot', { public: {} }],
      demo: ['fail', '2024-05-06T07:08:09.000Z'],
    })
  })

  it('type-checks a TypeScript consumer against the shipped declarations', async () => {
    const source = join(dir, 'consumer.ts')
    await writeFile(
      source,
      `
      import { compareSchemas, checkTarget, type AppDeps, type Finding, type LoadedSpec, type SchemaModel, type Report, type TargetOutcome } from 'verify-database'
      const empty: SchemaModel = { tables: [], functions: [], extensions: [], enums: [], sequences: [], views: [] }
      const findings: Finding[] = compareSchemas(empty, empty, { isStrict: true })
      export const status: Report['status'] = findings.length === 0 ? 'pass' : 'fail'
      export async function exitCode(spec: LoadedSpec, deps: AppDeps): Promise<number> {
        const outcome: TargetOutcome = await checkTarget(spec, 'pglite:memory', {}, deps)
        return outcome.kind === 'failed' ? outcome.error.exitCode : outcome.report.status === 'fail' ? 1 : 0
      }
    `,
    )
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'Node16', moduleResolution: 'Node16', strict: true, noEmit: true, skipLibCheck: true, types: [] },
        files: ['consumer.ts'],
      }),
    )
    await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }))
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
    const result = await run(process.execPath, [tsc, '-p', dir]).catch((error: { stdout: string }) => ({ stdout: error.stdout, failed: true }))
    expect(result, result.stdout).not.to.have.property('failed')
  })

  it('runs its bin from the installed package', async () => {
    const { stdout } = await run(process.execPath, [join(packageDir, 'bin', 'verify-database.js'), '--version'])
    const ours = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    expect(stdout.trim()).to.equal(ours.version)
  })
})
