/**
 * Source texts: a function's body, a view's definition, a table's partition key and a partition's
 * bound. Compared only when the spec gives them, as SQL tokens (words for bodies in other
 * languages), so that layout, comments and keyword case never make a finding; a complete spec
 * fills only the partition key. The integration side (what PostgreSQL deparses, on every engine)
 * is in introspect.test.ts and the drift cases.
 */
import { expect } from 'chai'
import { compareSchemas } from '../../src/compare/compare-schemas.js'
import type { FunctionModel, SchemaModel, TableModel, ViewModel } from '../../src/model/schema-model.js'
import { bodyComparison, isSameSourceText, sourceTextDifference } from '../../src/model/source-text.js'
import { modelToSpec, renderSpecJson } from '../../src/snapshot/model-to-spec.js'
import { checkReferences } from '../../src/spec/check-references.js'
import { specToModel } from '../../src/spec/spec-to-model.js'
import type { Spec } from '../../src/spec/spec-types.js'
import { viewOf, type FindingView } from '../support/finding-view.js'
import { column, schema, table } from '../support/model-builders.js'

const brief = (findings: readonly FindingView[]): string[] =>
  findings.map((f) => `${f.code} ${f.table ?? '-'} ${f.name} [${f.attributes.join(',')}] ${f.severity}`)

const check = (expected: SchemaModel, actual: SchemaModel): FindingView[] => compareSchemas(expected, actual, { isStrict: false }).map(viewOf)

/** The body as the time-tracking app's migration wrote it, indentation and all. */
const TOUCH_SOURCE = `
                BEGIN
                    NEW.updated_at = CURRENT_TIMESTAMP;
                    RETURN NEW;
                END;
                `

/** An introspected function: every property set. */
const actualFunction = (body: string, language = 'plpgsql'): FunctionModel => ({
  schema: 'public',
  name: 'touch',
  argumentTypes: [],
  returns: 'trigger',
  language,
  body,
  createStatement: `CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE ${language}\nAS $function$${body}$function$\n`,
})
const expectedFunction = (body?: string): FunctionModel => ({ schema: 'public', name: 'touch', ...(body !== undefined && { body }) })

const actualView = (definition: string): ViewModel => ({ schema: 'public', name: 'recent', isMaterialized: false, definition, triggers: [] })
const expectedView = (definition?: string): ViewModel => ({ schema: 'public', name: 'recent', ...(definition !== undefined && { definition }) })

const RECENT_DEFINITION = "SELECT id,\n    name\n   FROM projects\n  WHERE (name <> 'old  one'::text)"

/** An introspected partitioned table `measurements` and its partition `measurements_2024`. */
const measurements = table('measurements', { columns: [column('taken_on', 'date')], partitionOf: null, partitionBy: 'RANGE (taken_on)', partitionBound: null })
const measurements2024 = table('measurements_2024', {
  columns: [column('taken_on', 'date')],
  partitionOf: { schema: 'public', name: 'measurements' },
  partitionBy: null,
  partitionBound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
})
const expectedTable = (name: string, parts: Partial<TableModel>): TableModel => table(name, parts)

describe('source texts', () => {
  describe('isSameSourceText', () => {
    it('ignores layout, comments and the case of unquoted words in SQL', () => {
      expect(isSameSourceText('BEGIN NEW.updated_at = CURRENT_TIMESTAMP; RETURN NEW; END;', TOUCH_SOURCE, 'sql')).to.equal(true)
      expect(isSameSourceText('select id,name from projects', 'SELECT id,\n    name\n   FROM projects', 'sql')).to.equal(true)
      expect(isSameSourceText('RANGE(taken_on)', 'RANGE (taken_on)', 'sql')).to.equal(true)
      expect(isSameSourceText('SELECT 1 -- the answer', '/* why */ SELECT\n1', 'sql')).to.equal(true)
      expect(isSameSourceText('SELECT "name" FROM t', 'SELECT name FROM t', 'sql')).to.equal(true)
    })

    it('sees every difference PostgreSQL acts on: a word, a quoted name, a string constant (layout inside it too)', () => {
      expect(isSameSourceText('RETURN NEW;', 'RETURN OLD;', 'sql')).to.equal(false)
      expect(isSameSourceText('SELECT "Name" FROM t', 'SELECT name FROM t', 'sql')).to.equal(false)
      expect(isSameSourceText("SELECT 'a  b'", "SELECT 'a b'", 'sql')).to.equal(false)
      expect(isSameSourceText("SELECT 'A'", "SELECT 'a'", 'sql')).to.equal(false)
      expect(isSameSourceText('RETURN NEW;', 'RETURN NEW; END;', 'sql')).to.equal(false)
    })

    it('leaves out public. and pg_catalog. in deparsed SQL, but not in a body, where they change what runs', () => {
      expect(
        isSameSourceText('SELECT id FROM public.projects WHERE pg_catalog.lower(name) = $1', 'SELECT id FROM projects WHERE lower(name) = $1', 'deparsed'),
      ).to.equal(true)
      expect(isSameSourceText('INSERT INTO public.audit VALUES (1)', 'INSERT INTO audit VALUES (1)', 'sql')).to.equal(false)
      expect(isSameSourceText('SELECT id FROM app.projects', 'SELECT id FROM projects', 'deparsed')).to.equal(false)
      // Only as a qualifier: a column named public is a column.
      expect(isSameSourceText('SELECT public FROM t', 'SELECT FROM t', 'deparsed')).to.equal(false)
    })

    it('compares bodies in other languages word by word: case and comments count, layout does not', () => {
      expect(bodyComparison('plpython3u')).to.equal('words')
      expect(bodyComparison('plpgsql')).to.equal('sql')
      expect(bodyComparison('sql')).to.equal('sql')
      expect(isSameSourceText('  return Foo(x)\n', 'return Foo(x)', 'words')).to.equal(true)
      expect(isSameSourceText('return Foo(x)', 'return foo(x)', 'words')).to.equal(false)
      expect(isSameSourceText('return 1 # one', 'return 1', 'words')).to.equal(false)
    })

    it('falls back to words when a text is no SQL it can read (an unterminated string)', () => {
      expect(isSameSourceText("it's  here", "it's here", 'sql')).to.equal(true)
      expect(isSameSourceText("it's here", "It's here", 'sql')).to.equal(false)
    })

    it('quotes where two texts first differ, on one line, with … where they go on', () => {
      expect(
        sourceTextDifference('BEGIN NEW.updated_at = now(); RETURN NEW; END;', 'BEGIN\n  NEW.updated_at = clock_timestamp();\n  RETURN NEW;\nEND;', 'sql'),
      ).to.deep.equal({ expected: '…NEW.updated_at = now(); RETURN NEW; END;', actual: '…NEW.updated_at = clock_timestamp(); RETURN NEW; END;' })
      expect(sourceTextDifference('SELECT 1', 'select  1', 'sql')).to.equal(null)
      // One text ends where the other goes on.
      expect(sourceTextDifference('RETURN NEW;', 'RETURN NEW; END;', 'sql')).to.deep.equal({ expected: 'RETURN NEW;', actual: 'RETURN NEW; END;' })
      // A long constant before the difference does not push it out of the excerpt.
      const long = `'${'x'.repeat(200)}'`
      const difference = sourceTextDifference(`SELECT ${long}, 1`, `SELECT ${long}, 2`, 'sql')
      expect(difference?.expected).to.match(/, 1$/)
      expect(difference?.actual).to.match(/, 2$/)
      // Layout inside a constant is shown as it is, on one line.
      expect(sourceTextDifference("SELECT 'a\nb'", "SELECT 'a\n  b'", 'sql')).to.deep.equal({ expected: "SELECT 'a\\nb'", actual: "SELECT 'a\\n  b'" })
    })
  })

  describe('a function body', () => {
    it('is a warning when it differs, quoting where', () => {
      const findings = check(
        schema({ functions: [expectedFunction('BEGIN NEW.updated_at = now(); RETURN NEW; END;')] }),
        schema({ functions: [actualFunction(TOUCH_SOURCE)] }),
      )
      expect(brief(findings)).to.deep.equal(['function.mismatch - touch [body] warning'])
      expect(findings[0]?.message).to.equal(
        'Function public.touch() has another body: "…NEW.updated_at = CURRENT_TIMESTAMP; RETURN NEW; END;", expected "…NEW.updated_at = now(); RETURN NEW; END;".',
      )
      // The report's JSON has both texts whole.
      expect(findings[0]?.expected).to.deep.equal({ body: 'BEGIN NEW.updated_at = now(); RETURN NEW; END;' })
      expect(findings[0]?.actual).to.deep.equal({ body: TOUCH_SOURCE })
    })

    it('is the same whatever its layout, comments or keyword case', () => {
      const spec = '-- keeps updated_at current\nbegin new.updated_at = current_timestamp; return new; end;'
      expect(check(schema({ functions: [expectedFunction(spec)] }), schema({ functions: [actualFunction(TOUCH_SOURCE)] }))).to.deep.equal([])
    })

    it('is read as its language reads it: in Python the case of a word counts', () => {
      const actual = schema({ functions: [actualFunction('return Plan(x)', 'plpython3u')] })
      expect(brief(check(schema({ functions: [expectedFunction('return plan(x)')] }), actual))).to.deep.equal(['function.mismatch - touch [body] warning'])
      expect(check(schema({ functions: [expectedFunction('\n  return Plan(x)\n')] }), actual)).to.deep.equal([])
    })

    it('is not checked when the spec leaves it out, also in a complete spec; the CREATE statement never is', () => {
      const actual = schema({ functions: [actualFunction(TOUCH_SOURCE)] })
      expect(check(schema({ functions: [expectedFunction()] }), actual)).to.deep.equal([])
      const complete = specToModel({
        complete: true,
        schemas: { public: { functions: [{ name: 'touch', arguments: [], returns: 'trigger', language: 'plpgsql' }] } },
      })
      expect(complete.functions[0]?.body).to.equal(undefined)
      expect(compareSchemas(complete, actual, { isStrict: true })).to.deep.equal([])
    })

    it('is an error only along with an attribute that is one', () => {
      const expected = schema({ functions: [{ ...expectedFunction('BEGIN RETURN OLD; END;'), returns: 'integer' }] })
      expect(brief(check(expected, schema({ functions: [actualFunction(TOUCH_SOURCE)] })))).to.deep.equal(['function.mismatch - touch [returns,body] error'])
    })
  })

  describe('a view definition', () => {
    it('is a warning when it differs, and the same whatever its layout or keyword case', () => {
      const actual = schema({ views: [actualView(RECENT_DEFINITION)] })
      expect(check(schema({ views: [expectedView("select id, name from projects where (name <> 'old  one'::text)")] }), actual)).to.deep.equal([])
      const findings = check(schema({ views: [expectedView("SELECT id, name FROM projects WHERE (name <> 'old one'::text)")] }), actual)
      expect(brief(findings)).to.deep.equal(['view.mismatch - recent [definition] warning'])
      expect(findings[0]?.message).to.equal(`View public.recent has another definition: "…(name <> 'old  one'::text)", expected "…(name <> 'old one'::text)".`)
    })

    it('is not checked when the spec leaves it out', () => {
      expect(check(schema({ views: [expectedView()] }), schema({ views: [actualView(RECENT_DEFINITION)] }))).to.deep.equal([])
    })
  })

  describe('a partition key and a partition bound', () => {
    const actual = schema({ tables: [measurements, measurements2024] })

    it('are the same whatever their layout and keyword case', () => {
      const expected = schema({
        tables: [
          expectedTable('measurements', { partitionBy: 'range(taken_on)' }),
          expectedTable('measurements_2024', {
            partitionOf: { schema: 'public', name: 'measurements' },
            partitionBound: "for values from ('2024-01-01')  to ('2025-01-01')",
          }),
        ],
      })
      expect(check(expected, actual)).to.deep.equal([])
    })

    it('report another key as an error and another bound as a warning', () => {
      const expected = schema({
        tables: [
          expectedTable('measurements', { partitionBy: 'LIST (taken_on)' }),
          expectedTable('measurements_2024', { partitionBound: "FOR VALUES FROM ('2024-01-01') TO ('2024-07-01')" }),
        ],
      })
      const findings = check(expected, actual)
      expect(brief(findings)).to.deep.equal([
        'table.mismatch - measurements [partitionBy] error',
        'table.mismatch - measurements_2024 [partitionBound] warning',
      ])
      expect(findings.map((f) => f.message)).to.deep.equal([
        'Table public.measurements is partitioned by RANGE (taken_on), expected by LIST (taken_on).',
        "Table public.measurements_2024 has partition bound FOR VALUES FROM ('2024-01-01') TO ('2025-01-01'), expected FOR VALUES FROM ('2024-01-01') TO ('2024-07-01').",
      ])
    })

    it('say "not partitioned" both ways: partitionBy null, or a plain table where a key is expected', () => {
      const plain = schema({ tables: [table('measurements', { partitionOf: null, partitionBy: null, partitionBound: null })] })
      const expectKey = schema({ tables: [expectedTable('measurements', { partitionBy: 'RANGE (taken_on)' })] })
      expect(check(expectKey, plain).map((f) => `${f.severity} ${f.message}`)).to.deep.equal([
        'error Table public.measurements is not partitioned, expected PARTITION BY RANGE (taken_on).',
      ])
      const expectPlain = schema({ tables: [expectedTable('measurements', { partitionBy: null })] })
      expect(check(expectPlain, schema({ tables: [measurements] })).map((f) => f.message)).to.deep.equal([
        'Table public.measurements is partitioned by RANGE (taken_on), expected not to be partitioned.',
      ])
    })

    it('leave a bound to partitionOf when the table is no partition (one cause, one finding)', () => {
      const detached = schema({ tables: [measurements, { ...measurements2024, partitionOf: null, partitionBound: null }] })
      const expected = schema({
        tables: [
          expectedTable('measurements_2024', {
            partitionOf: { schema: 'public', name: 'measurements' },
            partitionBound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
          }),
        ],
      })
      expect(brief(check(expected, detached))).to.deep.equal(['table.mismatch - measurements_2024 [partitionOf] error'])
    })

    it('are not checked when the spec leaves them out', () => {
      expect(check(schema({ tables: [expectedTable('measurements', {}), expectedTable('measurements_2024', {})] }), actual)).to.deep.equal([])
    })

    it('in a complete spec: a left-out key means a plain table, unless the spec lists partitions of it; a left-out bound is not checked', () => {
      const spec: Spec = {
        complete: true,
        schemas: {
          public: {
            tables: {
              plain: { columns: {} },
              measurements: { columns: { taken_on: { type: 'date', nullable: true } } },
              measurements_2024: { partitionOf: { table: 'measurements' }, columns: { taken_on: { type: 'date', nullable: true } } },
            },
          },
        },
      }
      const model = specToModel(spec)
      const byName = Object.fromEntries(model.tables.map((t) => [t.name, [t.partitionBy, t.partitionBound]]))
      expect(byName).to.deep.equal({ measurements: [undefined, undefined], measurements_2024: [null, undefined], plain: [null, undefined] })
      expect(
        brief(
          check(
            model,
            schema({ tables: [table('plain', { partitionBy: 'HASH (id)', partitionOf: null, partitionBound: null }), measurements, measurements2024] }),
          ),
        ),
      ).to.deep.equal(['table.mismatch - plain [partitionBy] error'])
    })

    it('need a partitioned table and a partition in the spec: partitionBound only with partitionOf, partitionOf not of a table with partitionBy null', () => {
      const spec: Spec = {
        schemas: {
          public: {
            tables: {
              // Found on Object.prototype by a plain lookup: must still be "not defined".
              odd: { partitionOf: { table: 'constructor' } },
              plain: { partitionBy: null },
              child: { partitionOf: { table: 'plain' }, partitionBound: 'DEFAULT' },
              orphan: { partitionBound: 'DEFAULT' },
            },
          },
        },
      }
      expect(checkReferences(spec)).to.deep.equal([
        { pointer: '/schemas/public/tables/odd/partitionOf/table', message: 'table is a partition of public.constructor, which the spec does not define' },
        {
          pointer: '/schemas/public/tables/child/partitionOf/table',
          message: 'table is a partition of public.plain, which the spec says is not partitioned (partitionBy: null)',
        },
        {
          pointer: '/schemas/public/tables/orphan/partitionBound',
          message: 'partitionBound needs partitionOf: name the partitioned table this table is a partition of',
        },
      ])
    })
  })

  describe('in a snapshot', () => {
    it('are written as the database has them, and read back the same; the CREATE statement is not written', () => {
      const model = schema({
        tables: [measurements, measurements2024, table('plain', { partitionOf: null, partitionBy: null, partitionBound: null })],
        functions: [actualFunction(TOUCH_SOURCE)],
        views: [actualView(RECENT_DEFINITION)],
      })
      const spec = modelToSpec(model, { $schema: null })
      const tables = spec.schemas.public?.tables ?? {}
      expect(tables.measurements?.partitionBy).to.equal('RANGE (taken_on)')
      expect(tables.measurements_2024?.partitionBound).to.equal("FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')")
      expect(tables.plain).to.not.have.any.keys('partitionBy', 'partitionBound', 'partitionOf')
      expect(spec.schemas.public?.functions?.[0]?.body).to.equal(TOUCH_SOURCE)
      expect(spec.schemas.public?.views?.recent?.definition).to.equal(RECENT_DEFINITION)
      const json = renderSpecJson(spec)
      expect(json).to.not.include('CREATE OR REPLACE')
      // Key order: the bound next to partitionOf, the key after it; body and definition last.
      const written = JSON.parse(json) as Spec
      expect(Object.keys(written.schemas.public?.tables?.measurements_2024 ?? {})).to.deep.equal(['partitionOf', 'partitionBound', 'columns'])
      expect(Object.keys(written.schemas.public?.functions?.[0] ?? {})).to.deep.equal(['name', 'arguments', 'returns', 'language', 'body'])
      const readBack = specToModel(written)
      expect(compareSchemas(readBack, model, { isStrict: true })).to.deep.equal([])
    })
  })
})
