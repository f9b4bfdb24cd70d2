/**
 * The test command's file patterns (package.json `test`) select every test file once: a pattern mocha does not expand (a brace list did once) only warns, and the suite
 * then passes on what it ran.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { expect } from 'chai'
import { repositoryRoot } from '../support/corpus.js'

/** mocha's own file lookup, so that a pattern selects here exactly what it selects in the run. */
const { lookupFiles } = createRequire(import.meta.url)('mocha/lib/cli/lookup-files.js') as {
  lookupFiles: (pattern: string, extensions: readonly string[], recursive: boolean) => string | string[]
}

describe('the test command', function () {
  it('selects every compiled test file exactly once', function () {
    const root = repositoryRoot()
    const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
    const patternsOf = (script: string | undefined): string[] => [...(script ?? '').matchAll(/'(dist\/test\/[^']+)'/g)].map((m) => m[1] ?? '')
    const patterns = patternsOf(scripts['test'])
    expect(patterns.length).to.be.greaterThan(1)
    const filesOf = (pattern: string): string[] => [lookupFiles(path.join(root, pattern), ['.js'], false)].flat().map((f) => path.resolve(f))
    // A pattern mocha cannot expand throws here (mocha itself only warns).
    const selected = patterns.flatMap(filesOf).sort()
    const all = filesOf('dist/test/**/*.test.js').sort()
    expect(all.length).to.be.greaterThan(50)
    expect(selected).to.deep.equal(all)
  })
})
