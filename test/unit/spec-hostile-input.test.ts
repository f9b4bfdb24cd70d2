/**
 * Specs no one writes on purpose: nested thousands of levels deep, names with a NUL character or
 * longer than PostgreSQL keeps, names that are also Object.prototype members. Each must be a
 * SpecError (exit 2) with a position, never an internal error or a silent mismatch.
 */
import { expect } from 'chai'
import { ExitCode, SpecError, type SpecProblem } from '../../src/errors.js'
import { parseSpecText } from '../../src/spec/load-spec.js'
import { SourcePositions } from '../../src/spec/source-positions.js'

function problemsOfText(text: string): readonly SpecProblem[] {
  try {
    parseSpecText('spec.json', text)
  } catch (error) {
    if (!(error instanceof SpecError)) throw error
    expect(error.exitCode).to.equal(ExitCode.usage)
    return error.problems
  }
  throw new Error('expected the text to be rejected')
}

/** A valid spec with one table, its parts replaceable. */
function specText(table: Record<string, unknown> = { columns: { id: { type: 'integer' } } }, tableName = 'users', schemaName = 'public'): string {
  return JSON.stringify({ schemas: { [schemaName]: { tables: { [tableName]: table } } } }, null, 2)
}

describe('hostile specs', () => {
  describe('nesting', () => {
    it('rejects a spec nested 2,000 levels deep with one problem at the first level too deep', () => {
      const text = `{\n  "schemas": {},\n  "description": ${'['.repeat(2000)}${']'.repeat(2000)}\n}`
      const problems = problemsOfText(text)
      // The document's { opens level 1 and the first [ (column 18) level 2, so the 64th [ opens level 65.
      expect(problems).to.deep.equal([
        {
          file: 'spec.json',
          pointer: '',
          line: 3,
          column: 18 + 63,
          message: 'arrays and objects nested more than 64 levels deep; a valid spec needs fewer than 10',
        },
      ])
    })

    it('rejects deep nesting in text that is not even valid JSON, rather than parsing it', () => {
      const problems = problemsOfText(`{ "schemas": ${'{"a":'.repeat(5000)}`)
      expect(problems).to.have.length(1)
      expect(problems[0]?.message).to.include('nested more than 64 levels deep')
    })

    it('does not count brackets inside strings', () => {
      const text = JSON.stringify({ schemas: {}, description: `${'['.repeat(5000)}"\\` })
      expect(() => parseSpecText('spec.json', text)).not.to.throw()
    })

    it('reads a document exactly 64 levels deep as usual (a schema error, not a nesting error)', () => {
      const problems = problemsOfText(`{ "schemas": {}, "description": ${'['.repeat(63)}${']'.repeat(63)} }`)
      expect(problems.map((p) => p.message)).to.deep.equal(['expected a string, got an array'])
    })
  })

  describe('many problems', () => {
    it('locates 100,000 properties of one object in one read of the text', function () {
      this.timeout(30_000) // a guard against hangs: a linear search per property took minutes
      const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}`)
      const positions = new SourcePositions(`{\n${keys.map((k) => `"${k}": 1`).join(',\n')}\n}`)
      const located = positions.locateAll(
        keys.map((key) => `/${key}`),
        true,
      )
      const misplaced = keys.filter((key, i) => located.get(`/${key}`)?.line !== i + 2)
      expect(misplaced).to.deep.equal([])
      expect(located.get('/k99999')).to.deep.equal({ line: 100_001, column: 1 })
    })
  })

  describe('NUL characters', () => {
    it('rejects a NUL in a table name at the key, on one line', () => {
      const problems = problemsOfText(specText(undefined, 'us\u0000ers'))
      expect(problems).to.deep.equal([
        {
          file: 'spec.json',
          pointer: '/schemas/public/tables/us\u0000ers',
          line: 5,
          column: 9,
          message: 'property name contains a NUL character (\\u0000), which PostgreSQL cannot store in a name or a string',
        },
      ])
      const message = new SpecError(problems).message
      expect(message).not.to.include('\u0000')
      expect(message).to.equal(
        'spec.json:5:9: /schemas/public/tables/us\\u0000ers: property name contains a NUL character (\\u0000), which PostgreSQL cannot store in a name or a string',
      )
    })

    it('rejects a NUL in a schema name, a column name, a default, an index key and an enum label', () => {
      const text = JSON.stringify({
        schemas: {
          'app\u0000': {
            tables: { t: { columns: { 'c\u0000': { type: 'text', default: "'a\u0000'" } }, indexes: [{ columns: ['lower(x\u0000)'] }] } },
            enums: { mood: { values: ['ok', 'sad\u0000'] } },
          },
        },
      })
      expect(problemsOfText(text).map((p) => p.pointer)).to.deep.equal([
        '/schemas/app\u0000',
        '/schemas/app\u0000/tables/t/columns/c\u0000',
        '/schemas/app\u0000/tables/t/columns/c\u0000/default',
        '/schemas/app\u0000/tables/t/indexes/0/columns/0',
        '/schemas/app\u0000/enums/mood/values/1',
      ])
    })

    it('reports a NUL alongside schema violations', () => {
      const problems = problemsOfText(specText({ columns: { id: { type: 'int\u0000', nulable: true } } }))
      expect(problems.map((p) => p.pointer)).to.deep.equal(['/schemas/public/tables/users/columns/id/type', '/schemas/public/tables/users/columns/id/nulable'])
    })
  })

  describe('control characters', () => {
    it('keeps each problem on one line when a name holds a newline', () => {
      const error = new SpecError(problemsOfText(specText({ columns: { 'a\nb': { nulable: true } } })))
      expect(error.message.split('\n')).to.have.length(1)
      expect(error.message).to.include('/schemas/public/tables/users/columns/a\\u000ab/nulable')
    })
  })

  describe('names longer than PostgreSQL keeps', () => {
    const name63 = 'n'.repeat(63)
    const name64 = 'n'.repeat(64)

    it('accepts names of 63 bytes', () => {
      expect(() => parseSpecText('spec.json', specText({ columns: { [name63]: { type: 'integer' } } }, name63, name63))).not.to.throw()
    })

    it('rejects a table name of 64 bytes, naming what PostgreSQL would have kept', () => {
      expect(problemsOfText(specText(undefined, name64))).to.deep.equal([
        {
          file: 'spec.json',
          pointer: `/schemas/public/tables/${name64}`,
          line: 5,
          column: 9,
          message: `name is 64 bytes long, but PostgreSQL keeps only the first 63 bytes of a name ("${name63}"), so it can never match`,
        },
      ])
    })

    it('counts bytes, not characters, and never cuts a character in half', () => {
      const [problem] = problemsOfText(specText(undefined, 'é'.repeat(32)))
      expect(problem?.message).to.equal(
        `name is 64 bytes long, but PostgreSQL keeps only the first 63 bytes of a name ("${'é'.repeat(31)}"), so it can never match`,
      )
    })

    it('checks schema, column, constraint, index, foreign key, trigger, function, extension and enum names', () => {
      const text = JSON.stringify({
        extensions: [{ name: name64 }],
        schemas: {
          [name64]: {
            tables: {
              t: {
                columns: { [name64]: {}, c: {} },
                primaryKey: { name: name64, columns: ['c'] },
                unique: [{ columns: [name64] }],
                checks: [{ name: name64, expression: 'true' }],
                indexes: [{ name: name64, columns: [`"${name64}" DESC`, `lower(${name64})`], include: [name64] }],
                foreignKeys: [{ columns: ['c'], references: { table: name64, columns: [name64] } }],
                triggers: [{ name: name64, events: ['UPDATE'], updateOf: [name64] }],
              },
              [name64]: { columns: { [name64]: {} } },
            },
            functions: [{ name: name64 }],
            enums: { mood: { values: [name64] } },
            sequences: { [name64]: {} },
            views: { [name64]: { triggers: [{ name: name64 }] } },
          },
        },
      })
      const s = `/schemas/${name64}`
      // The same name everywhere also makes duplicate-name problems; only the length ones count here.
      const problems = problemsOfText(text).filter((p) => /^(name|enum label) is 64 bytes/.test(p.message))
      expect(problems.map((p) => p.pointer)).to.have.members([
        '/extensions/0/name',
        s,
        `${s}/tables/t/columns/${name64}`,
        `${s}/tables/t/primaryKey/name`,
        `${s}/tables/t/unique/0/columns/0`,
        `${s}/tables/t/checks/0/name`,
        `${s}/tables/t/indexes/0/name`,
        `${s}/tables/t/indexes/0/columns/0`,
        `${s}/tables/t/indexes/0/include/0`,
        `${s}/tables/t/foreignKeys/0/references/table`,
        `${s}/tables/t/foreignKeys/0/references/columns/0`,
        `${s}/tables/t/triggers/0/name`,
        `${s}/tables/t/triggers/0/updateOf/0`,
        `${s}/tables/${name64}`,
        `${s}/tables/${name64}/columns/${name64}`,
        `${s}/functions/0/name`,
        `${s}/enums/mood/values/0`,
        `${s}/sequences/${name64}`,
        `${s}/views/${name64}`,
        `${s}/views/${name64}/triggers/0/name`,
      ])
      expect(problems.find((p) => p.pointer.endsWith('/values/0'))?.message).to.equal('enum label is 64 bytes long; PostgreSQL allows at most 63')
    })
  })

  describe('names that are Object.prototype members', () => {
    it('reports a foreign key to a table named constructor that the spec does not define', () => {
      const problems = problemsOfText(specText({ foreignKeys: [{ columns: ['id'], references: { table: 'constructor' } }] }))
      expect(problems.map((p) => p.message)).to.deep.equal(['foreign key references table public.constructor, which the spec does not define'])
    })

    it('reports a foreign key into a schema named __proto__ that the spec does not define', () => {
      const problems = problemsOfText(specText({ foreignKeys: [{ columns: ['id'], references: { schema: '__proto__', table: 'x' } }] }))
      expect(problems.map((p) => p.message)).to.deep.equal(['foreign key references table __proto__.x, which the spec does not define'])
    })
  })
})
