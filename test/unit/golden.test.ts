/**
 * The golden-file helper itself: a difference and a missing file fail (with a message that says
 * where and how to fix it), UPDATE_GOLDEN writes, and masking replaces only the volatile fields.
 * Every case passes `isUpdate` explicitly (except the one about the variable), so running the
 * suite with UPDATE_GOLDEN=1 cannot turn the failing cases into writes.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect } from 'chai'
import { expectGolden, GOLDEN_ROOT, lineDiff, maskVolatile, repositoryRoot } from '../support/golden.js'

/** The message of the assertion `run` throws (fails the test when it throws none). */
function failureOf(run: () => void): string {
  try {
    run()
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
  return expect.fail('expected the golden comparison to fail')
}

describe('golden files', () => {
  let root: string

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'vdb-golden-'))
  })

  afterEach(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('finds the golden folder in the source tree, not under dist/', async () => {
    expect(GOLDEN_ROOT).to.equal(path.join(repositoryRoot(), 'test', 'golden'))
    expect(GOLDEN_ROOT.split(path.sep)).not.to.include('dist')
    const pkg = JSON.parse(await readFile(path.join(repositoryRoot(), 'package.json'), 'utf8')) as { name: string }
    expect(pkg.name).to.equal('verify-database')
  })

  it('passes when the text equals the file exactly', async () => {
    await writeFile(path.join(root, 'same.txt'), 'one\ntwo\n')
    expectGolden('same.txt', 'one\ntwo\n', { root, isUpdate: false })
  })

  it('fails on a difference, showing the differing lines with their numbers', async () => {
    await writeFile(path.join(root, 'report.txt'), 'a\nb\nc\nd\ne\n')
    const message = failureOf(() => expectGolden('report.txt', 'a\nb\nC\nd\ne\n', { root, isUpdate: false }))
    expect(message).to.include(`differs from golden file ${path.relative(process.cwd(), path.join(root, 'report.txt'))}`)
    expect(message).to.include(['     2 | b', '-    3 | c', '+    3 | C', '     4 | d'].join('\n'))
    expect(message).to.include('UPDATE_GOLDEN=1')
  })

  it('fails on a difference of a trailing newline alone', async () => {
    await writeFile(path.join(root, 'report.txt'), 'a\n')
    const message = failureOf(() => expectGolden('report.txt', 'a', { root, isUpdate: false }))
    expect(message).to.include('-    2 | \n')
  })

  it('fails when the golden file is missing, and says how to create it', () => {
    const message = failureOf(() => expectGolden('drift/new-case.json', '{}\n', { root, isUpdate: false }))
    expect(message).to.include('drift/new-case.json does not exist')
    expect(message).to.include('UPDATE_GOLDEN=1')
  })

  it('writes the file (and its folders) when updating, and the comparison then passes', async () => {
    expectGolden('drift/new-case.table.txt', 'first\n', { root, isUpdate: true })
    expect(await readFile(path.join(root, 'drift', 'new-case.table.txt'), 'utf8')).to.equal('first\n')
    expectGolden('drift/new-case.table.txt', 'second\n', { root, isUpdate: true })
    expect(await readFile(path.join(root, 'drift', 'new-case.table.txt'), 'utf8')).to.equal('second\n')
    expectGolden('drift/new-case.table.txt', 'second\n', { root, isUpdate: false })
  })

  it('updates when the environment says UPDATE_GOLDEN=1, and only then', async () => {
    const saved = process.env.UPDATE_GOLDEN
    try {
      process.env.UPDATE_GOLDEN = '1'
      expectGolden('env.txt', 'written\n', { root })
      expect(await readFile(path.join(root, 'env.txt'), 'utf8')).to.equal('written\n')
      process.env.UPDATE_GOLDEN = '0'
      expect(failureOf(() => expectGolden('env.txt', 'changed\n', { root }))).to.include('differs from golden file')
    } finally {
      if (saved === undefined) delete process.env.UPDATE_GOLDEN
      else process.env.UPDATE_GOLDEN = saved
    }
  })

  it('accepts a golden file checked out with CRLF line ends', async () => {
    await writeFile(path.join(root, 'crlf.txt'), 'a\r\nb\r\n')
    expectGolden('crlf.txt', 'a\nb\n', { root, isUpdate: false })
  })

  it('shows control characters escaped and cuts long differences short', () => {
    expect(lineDiff('x\n', '\u001b[31mx\u001b[0m\n')).to.equal('-    1 | x\n+    1 | \\u001b[31mx\\u001b[0m\n     2 | ')
    const many = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n')
    const diff = lineDiff('', many)
    expect(diff).to.include('+   40 | line 39')
    expect(diff).not.to.include('line 40')
    expect(diff).to.include('+  … 10 more lines')
  })
})

describe('maskVolatile', () => {
  const report = {
    formatVersion: 1,
    tool: { name: 'verify-database', version: '0.1.0' },
    generatedAt: '2026-01-02T03:04:05.678Z',
    target: { url: 'pglite:/tmp/vdb-pglite-abc123', serverVersion: '17.5', engine: 'pglite' },
    spec: { file: '/home/me/checkout/expected-schema.json' },
    findings: [{ code: 'column.mismatch', message: 'Column version has type 17.5, expected 0.1.0 (generatedAt)', expected: { version: '0.1.0' } }],
  }

  it('masks generatedAt, tool.version and target.serverVersion in JSON, and nothing in the findings', () => {
    const masked = JSON.parse(maskVolatile(JSON.stringify(report), 'json')) as typeof report
    expect(masked).to.deep.equal({
      ...report,
      tool: { name: 'verify-database', version: '<tool-version>' },
      generatedAt: '<generated-at>',
      target: { ...report.target, serverVersion: '<server-version>' },
    })
  })

  it('masks timings when the document has them, and adds no field it lacks', () => {
    const masked = JSON.parse(maskVolatile(JSON.stringify({ formatVersion: 1, timings: { introspectMs: 12.5 } }), 'json')) as unknown
    expect(masked).to.deep.equal({ formatVersion: 1, timings: '<timings>' })
  })

  it('re-stringifies JSON with 2-space indent and a final newline', () => {
    expect(maskVolatile('{"a":[1,{"b":2}]}', 'json')).to.equal('{\n  "a": [\n    1,\n    {\n      "b": 2\n    }\n  ]\n}\n')
  })

  it('replaces machine-dependent literals inside JSON strings, escaped or not', () => {
    const windows = { spec: { file: 'C:\\checkout\\expected-schema.json' } }
    expect(JSON.parse(maskVolatile(JSON.stringify(windows), 'json', { 'C:\\checkout\\': '<package>/' }))).to.deep.equal({
      spec: { file: '<package>/expected-schema.json' },
    })
  })

  it('masks the server version of the table header and nothing else', () => {
    const table = [
      'verify-database spec.json → pglite:/tmp/vdb-pglite-abc123 (PGlite, PostgreSQL 17.5)',
      '│ error │ column.mismatch │ Column public.t.v has type 17.5, expected PostgreSQL 17.5) │',
      '',
    ].join('\n')
    expect(maskVolatile(table, 'table', { '/tmp/vdb-pglite-abc123': '<test-database>' })).to.equal(
      [
        'verify-database spec.json → pglite:<test-database> (PGlite, PostgreSQL <server-version>)',
        '│ error │ column.mismatch │ Column public.t.v has type 17.5, expected PostgreSQL 17.5) │',
        '',
      ].join('\n'),
    )
    expect(maskVolatile('verify-database s.json → postgresql://u@h/db (PostgreSQL 16.4)\n', 'table')).to.equal(
      'verify-database s.json → postgresql://u@h/db (PostgreSQL <server-version>)\n',
    )
  })

  it('fails on a table without the header line, rather than leaving a version unmasked', () => {
    expect(() => maskVolatile('no header here\n', 'table')).to.throw(/no report header line/)
  })
})
