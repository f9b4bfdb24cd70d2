import { expect } from 'chai'
import { withoutSources } from '../support/model-builders.js'
import { fileURLToPath } from 'node:url'
import { ExitCode, SpecError, type SpecProblem } from '../../src/errors.js'
import { loadSpec, parseSpecText } from '../../src/spec/load-spec.js'

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/specs/', import.meta.url))
const fixture = (name: string): string => `${FIXTURES}${name}`

async function problemsOf(file: string): Promise<readonly SpecProblem[]> {
  try {
    await loadSpec(file)
  } catch (error) {
    expect(error).to.be.instanceOf(SpecError)
    return (error as SpecError).problems
  }
  throw new Error(`expected ${file} to be rejected`)
}

function problemsOfText(text: string): readonly SpecProblem[] {
  try {
    parseSpecText('spec.json', text)
  } catch (error) {
    return (error as SpecError).problems
  }
  throw new Error('expected the text to be rejected')
}

const USERS = '/schemas/public/tables/users'

describe('loadSpec', () => {
  it('loads a valid spec into the expected model', async () => {
    const loaded = await loadSpec(fixture('valid.json'))
    expect(loaded.file).to.equal(fixture('valid.json'))
    expect(loaded.spec.description).to.equal('A small valid spec used by the unit tests')
    expect(loaded.model.tables.map((t) => t.name)).to.deep.equal(['orgs', 'users'])
    const users = loaded.model.tables[1]
    expect(users?.source).to.equal(USERS)
    expect(users?.columns[0]).to.deep.include({ name: 'id', isSerial: true, isNullable: false })
    expect(withoutSources(users?.foreignKeys[0])).to.deep.equal({
      columns: ['org_id'],
      referencedSchema: 'public',
      referencedTable: 'orgs',
      onDelete: 'CASCADE',
      isValid: true,
      isEnforced: true,
    })
    expect(users?.triggers[0]).to.deep.include({ events: ['INSERT', 'UPDATE'], function: 'touch', enabled: 'origin' })
    expect(withoutSources(loaded.model.functions[0])).to.deep.equal({
      schema: 'public',
      name: 'touch',
      argumentTypes: [],
      returns: 'trigger',
      language: 'plpgsql',
    })
  })

  it('reads through an injected readFile and tolerates a byte-order mark', async () => {
    const loaded = await loadSpec('virtual.json', { readFile: () => Promise.resolve('\uFEFF{ "schemas": {} }') })
    expect(loaded.model.tables).to.deep.equal([])
  })

  it('reports a file that does not exist, with exit code 2 and no position', async () => {
    const file = fixture('no-such-file.json')
    const problems = await problemsOf(file)
    expect(problems).to.deep.equal([{ file, pointer: '', message: 'file not found' }])
    const error = await loadSpec(file).catch((e: unknown) => e)
    expect((error as SpecError).exitCode).to.equal(ExitCode.usage)
    expect((error as SpecError).message).to.equal(`${file}: (document): file not found`)
  })

  it('reports a trailing comma at the comma (line 7)', async () => {
    const file = fixture('trailing-comma.json')
    expect(await problemsOf(file)).to.deep.equal([
      { file, pointer: '', line: 7, column: 51, message: 'invalid JSON: trailing comma (JSON allows no comma after the last item)' },
    ])
  })

  it('reports a value of the wrong type at the value', async () => {
    const file = fixture('wrong-type.json')
    expect(await problemsOf(file)).to.deep.equal([
      { file, pointer: `${USERS}/columns/id/nullable`, line: 7, column: 52, message: 'expected a boolean, got a string' },
    ])
  })

  it('reports an unknown property at its key, listing the allowed ones', async () => {
    const file = fixture('unknown-property.json')
    expect(await problemsOf(file)).to.deep.equal([
      {
        file,
        pointer: `${USERS}/columns/id/nulable`,
        line: 7,
        column: 40,
        message: 'unknown property "nulable" (allowed: type, nullable, default, identity, generated); did you mean "nullable"?',
      },
    ])
  })

  it('reports a bad enum value with the allowed values', async () => {
    const file = fixture('bad-enum.json')
    expect(await problemsOf(file)).to.deep.equal([
      {
        file,
        pointer: `${USERS}/foreignKeys/0/onDelete`,
        line: 9,
        column: 104,
        message: 'must be one of NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT (got "CASCADES")',
      },
    ])
  })

  it('reports a missing required property at the object that lacks it', async () => {
    const file = fixture('missing-required.json')
    expect(await problemsOf(file)).to.deep.equal([
      { file, pointer: `${USERS}/foreignKeys/0`, line: 8, column: 13, message: 'missing required property "references"' },
    ])
  })

  it('reports an index on a column the table does not define, skipping expressions', async () => {
    const file = fixture('index-missing-column.json')
    expect(await problemsOf(file)).to.deep.equal([
      {
        file,
        pointer: `${USERS}/indexes/0/columns/1`,
        line: 8,
        column: 42,
        message: 'index column "email" is not a column of table public.users',
      },
    ])
  })

  it('reports a foreign key to a table the spec does not define', async () => {
    const file = fixture('fk-unknown-table.json')
    expect(await problemsOf(file)).to.deep.equal([
      {
        file,
        pointer: `${USERS}/foreignKeys/0/references/table`,
        line: 8,
        column: 63,
        message: 'foreign key references table public.orgs, which the spec does not define',
      },
    ])
  })

  it('reports a partition of a table the spec does not define', async () => {
    const file = fixture('partition-of-unknown-table.json')
    expect(await problemsOf(file)).to.deep.equal([
      {
        file,
        pointer: `${USERS}/partitionOf/table`,
        line: 6,
        column: 58,
        message: 'table is a partition of archive.users, which the spec does not define',
      },
    ])
  })

  it('lists every schema violation at once, in file order', async () => {
    const problems = await problemsOf(fixture('many-problems.json'))
    expect(problems.map((p) => [p.line, p.column, p.pointer])).to.deep.equal([
      [2, 20, '/formatVersion'],
      [7, 40, `${USERS}/columns/id/type`],
      [7, 73, `${USERS}/columns/email/nulable`],
      [8, 38, `${USERS}/primaryKey/columns`],
      [9, 49, `${USERS}/triggers/0/timing`],
      [9, 80, `${USERS}/triggers/0/events/1`],
    ])
    expect(problems.map((p) => p.message)).to.deep.equal([
      'must be 1 (got 2)',
      'expected a string, got a number (42)',
      'unknown property "nulable" (allowed: type, nullable, default, identity, generated); did you mean "nullable"?',
      'must list at least one item',
      'must be one of BEFORE, AFTER, INSTEAD OF (got "DURING")',
      '"INSERT" is listed twice (items 0 and 1)',
    ])
  })

  it('lists every reference problem at once', async () => {
    const problems = await problemsOf(fixture('references.json'))
    expect(problems.map((p) => [p.line, p.pointer, p.message])).to.deep.equal([
      [
        11,
        `${USERS}/primaryKey/name`,
        'duplicate name "orgs_pkey" in schema public: already used by the primary key of public.orgs (/schemas/public/tables/orgs/primaryKey/name)',
      ],
      [11, `${USERS}/primaryKey/columns/0`, 'primary key column "uid" is not a column of table public.users'],
      [12, `${USERS}/unique/0/columns/0`, 'unique constraint column "email" is not a column of table public.users'],
      [13, `${USERS}/foreignKeys/0/references/columns/0`, 'referenced column "org_id" is not a column of table public.orgs'],
      [14, `${USERS}/triggers/0/updateOf`, 'updateOf needs an UPDATE event: add "UPDATE" to events or remove updateOf'],
    ])
  })
})

describe('parseSpecText', () => {
  it('rejects comments, single quotes and empty files with positions', () => {
    expect(problemsOfText('{\n  // no\n  "schemas": {}\n}')).to.deep.include.members([
      { file: 'spec.json', pointer: '', line: 2, column: 3, message: 'invalid JSON: comments are not allowed in JSON' },
    ])
    expect(problemsOfText("{ 'schemas': {} }")[0]).to.deep.include({ line: 1, column: 3 })
    expect(problemsOfText('  ')[0]?.message).to.equal('invalid JSON: the file is empty')
  })

  it('reports a property written twice, which JSON.parse would silently merge', () => {
    expect(problemsOfText('{\n  "schemas": {},\n  "schemas": {}\n}')).to.deep.equal([
      { file: 'spec.json', pointer: '/schemas', line: 3, column: 3, message: 'duplicate property "schemas": JSON keeps only the last one' },
    ])
  })

  it('reports a document that is not an object', () => {
    expect(problemsOfText('[]')).to.deep.equal([{ file: 'spec.json', pointer: '', line: 1, column: 1, message: 'expected an object, got an array' }])
  })

  it('reports empty names at the key', () => {
    expect(problemsOfText('{ "schemas": { "": {} } }')).to.deep.equal([
      { file: 'spec.json', pointer: '/schemas/', line: 1, column: 16, message: 'names must not be empty' },
    ])
  })

  it('escapes pointer tokens and reports duplicate index names per schema', () => {
    const text = JSON.stringify({
      schemas: {
        public: {
          tables: {
            'a/b': { indexes: [{ name: 'ix', columns: ['x'] }] },
            c: { indexes: [{ name: 'ix', columns: ['y'] }] },
          },
        },
      },
    })
    const [problem] = problemsOfText(text)
    expect(problem?.pointer).to.equal('/schemas/public/tables/c/indexes/0/name')
    expect(problem?.message).to.equal(
      'duplicate name "ix" in schema public: already used by an index of public.a/b (/schemas/public/tables/a~1b/indexes/0/name)',
    )
  })

  it('reports a foreign key whose column count differs from the referenced key', () => {
    const text = JSON.stringify({
      schemas: {
        public: {
          tables: {
            orgs: { primaryKey: { columns: ['a', 'b'] } },
            users: { foreignKeys: [{ columns: ['org_id'], references: { table: 'orgs' } }] },
          },
        },
      },
    })
    expect(problemsOfText(text).map((p) => p.message)).to.deep.equal(['foreign key has 1 column(s) but references 2'])
  })
})
