/**
 * The real proof for the canonicaliser: every hand-written type and expression below is put into
 * real DDL in PGlite, PostgreSQL's own deparse is read back the way the introspector reads it
 * (search_path = public), and canonical(hand-written) must equal canonical(deparsed). The
 * canonical text is then fed back to PostgreSQL, which must accept it, and whose deparse of it must
 * canonicalise to the same text again (a round trip through the server).
 */
import { PGlite } from '@electric-sql/pglite'
import { expect } from 'chai'
import { canonicalExpression } from '../../src/model/canonical-expression.js'
import { canonicalType } from '../../src/model/canonical-type.js'
import { QUOTED_KEYWORDS } from '../../src/model/sql-keywords.js'

/** [hand-written type, expected format_type() output]. */
const TYPES: readonly (readonly [string, string])[] = [
  ['varchar(80)', 'character varying(80)'],
  ['CHARACTER VARYING(80)', 'character varying(80)'],
  ['varchar', 'character varying'],
  ['int4', 'integer'],
  ['int', 'integer'],
  ['INTEGER', 'integer'],
  ['int2', 'smallint'],
  ['smallint', 'smallint'],
  ['int8', 'bigint'],
  ['bigint', 'bigint'],
  ['float8', 'double precision'],
  ['double precision', 'double precision'],
  ['float', 'double precision'],
  ['float(25)', 'double precision'],
  ['float(53)', 'double precision'],
  ['float4', 'real'],
  ['real', 'real'],
  ['float(1)', 'real'],
  ['float(24)', 'real'],
  ['bool', 'boolean'],
  ['boolean', 'boolean'],
  ['char', 'character(1)'],
  ['character', 'character(1)'],
  ['char(5)', 'character(5)'],
  ['bpchar', 'bpchar'],
  ['"char"', '"char"'],
  ['text', 'text'],
  ['timestamp', 'timestamp without time zone'],
  ['timestamp(3)', 'timestamp(3) without time zone'],
  ['timestamp without time zone', 'timestamp without time zone'],
  ['timestamptz', 'timestamp with time zone'],
  ['timestamp(0) with time zone', 'timestamp(0) with time zone'],
  ['timestamptz(3)', 'timestamp(3) with time zone'],
  ['time', 'time without time zone'],
  ['time(2)', 'time(2) without time zone'],
  ['timetz', 'time with time zone'],
  ['time(2) with time zone', 'time(2) with time zone'],
  ['interval', 'interval'],
  ['interval(3)', 'interval(3)'],
  ['interval year', 'interval year'],
  ['interval day to second(3)', 'interval day to second(3)'],
  ['interval hour to minute', 'interval hour to minute'],
  ['numeric', 'numeric'],
  ['numeric(9,2)', 'numeric(9,2)'],
  ['NUMERIC(9, 2)', 'numeric(9,2)'],
  ['decimal(9)', 'numeric(9,0)'],
  ['decimal', 'numeric'],
  ['bit', 'bit(1)'],
  ['bit(3)', 'bit(3)'],
  ['varbit', 'bit varying'],
  ['bit varying(5)', 'bit varying(5)'],
  ['date', 'date'],
  ['json', 'json'],
  ['jsonb', 'jsonb'],
  ['uuid', 'uuid'],
  ['bytea', 'bytea'],
  ['inet', 'inet'],
  ['cidr', 'cidr'],
  ['macaddr', 'macaddr'],
  ['xml', 'xml'],
  ['money', 'money'],
  ['tsvector', 'tsvector'],
  ['tsquery', 'tsquery'],
  ['oid', 'oid'],
  ['name', 'name'],
  ['regclass', 'regclass'],
  ['text[]', 'text[]'],
  ['_int4', 'integer[]'],
  ['int4[][]', 'integer[]'],
  ['varchar(80)[]', 'character varying(80)[]'],
  ['integer ARRAY', 'integer[]'],
  ['integer array[3]', 'integer[]'],
  ['char(5)[]', 'character(5)[]'],
  ['_text', 'text[]'],
  ['timestamptz[]', 'timestamp with time zone[]'],
  ['numeric(5,1)[]', 'numeric(5,1)[]'],
  ['my_enum', 'my_enum'],
  ['public.my_enum', 'my_enum'],
  ['PUBLIC.MY_ENUM', 'my_enum'],
  ['"my_enum"', 'my_enum'],
  ['app.my_type', 'app.my_type'],
  ['"MyType"', '"MyType"'],
  ['my_enum[]', 'my_enum[]'],
  ['app.my_type[]', 'app.my_type[]'],
  ['pg_catalog.int4', 'integer'],
  ['pg_catalog.text', 'text'],
  ['national character varying(3)', 'character varying(3)'],
  ['"int4"', 'integer'],
  ['"varchar"', 'character varying'],
  ['int4range', 'int4range'],
  ['point', 'point'],
]

/** [column type, hand-written default]. */
const DEFAULTS: readonly (readonly [string, string])[] = [
  ['varchar(20)', "'user'"],
  ['text', "'user'"],
  ['character(3)', "'abc'"],
  ['numeric', '0'],
  ['numeric(9,2)', '0'],
  ['numeric', "'0'"],
  ['numeric(9,2)', '0.00'],
  ['numeric(9,2)', '1.50'],
  ['integer', '0'],
  ['integer', '-1'],
  ['bigint', '10000000000'],
  ['smallint', "'7'"],
  ['double precision', '1.5'],
  ['real', '0'],
  ['boolean', 'true'],
  ['boolean', "'t'"],
  ['boolean', 'FALSE'],
  ['boolean', "'false'"],
  ['timestamp', 'now()'],
  ['timestamptz', 'now()'],
  ['timestamptz', 'CURRENT_TIMESTAMP'],
  ['timestamptz', 'transaction_timestamp()'],
  ['timestamp', 'LOCALTIMESTAMP'],
  ['timestamp(0)', 'localtimestamp(0)'],
  ['date', 'current_date'],
  ['date', 'CURRENT_DATE + 1'],
  ['time', 'current_time'],
  ['timestamptz', "now() + interval '1 day'"],
  ['timestamptz', 'clock_timestamp()'],
  ['text', 'current_user'],
  ['text', 'session_user'],
  ['jsonb', "'{}'"],
  ['jsonb', "'[]'::jsonb"],
  ['json', "'{}'"],
  ['text[]', "'{}'"],
  ['integer[]', "'{}'::int[]"],
  ['integer[]', 'ARRAY[]::integer[]'],
  ['integer[]', 'array[1, 2]'],
  ['text[]', "ARRAY['a', 'b']"],
  ['uuid', 'gen_random_uuid()'],
  ['text', "lower('X')"],
  ['text', "'a' || 'b'"],
  ['integer', '1 + 2'],
  ['interval', "'1 day'"],
  ['date', "'2020-01-01'"],
  ['my_enum', "'x'"],
  ['varchar(10)', "E'it''s'"],
  ['text', '$$dollar$$'],
  ['bigint', "nextval('t_id_seq')"],
  ['bigint', "nextval('public.t_id_seq'::regclass)"],
  ['text', 'md5(random()::text)'],
  ['numeric(9,2)', "'12.30'"],
  ['integer', '(1)'],
]

/** Hand-written CHECK expressions over table `t` (see `before`). */
const CHECKS: readonly string[] = [
  'price >= 0',
  'price > 0 AND qty > 0',
  "(price > 0 AND price < 5) OR status = 'x'",
  'price > 0 AND (qty > 0 OR flag)',
  '(a_or OR b_or) AND c_and',
  'a_or OR (b_or AND c_and)',
  "status IN ('a', 'b')",
  "status NOT IN ('c', 'd')",
  'qty IN (1, 2, 3)',
  'qty IN (1)',
  "name IN ('x', 'y')",
  'price IN (1.5, 2)',
  'price BETWEEN 1 AND 100',
  'qty BETWEEN SYMMETRIC 1 AND 2',
  'qty NOT BETWEEN 1 AND 2',
  "email ~* '^[a-z]+@[a-z]+$'",
  "email ~ '@'",
  "name !~ 'x'",
  "name LIKE 'a%'",
  "status ILIKE 'a%'",
  "name NOT LIKE '%x'",
  "status SIMILAR TO '(a|b)%'",
  "q->>'kind' IS NOT NULL",
  "q -> 'a' IS NULL",
  'q @> \'{"a": 1}\'',
  "q ? 'a'",
  "q #>> '{a,b}' = 'x'",
  "jsonb_typeof(q) = 'object'",
  'email IS NOT NULL',
  'email ISNULL OR qty NOTNULL',
  'flag',
  'NOT flag',
  'flag = true',
  'flag IS TRUE',
  'flag IS NOT FALSE',
  'NOT (qty = 3)',
  'qty + 1 > 2 * 3',
  '(qty + 1) * 2 > 0',
  'qty - (1 - 2) > 0',
  'qty % 2 = 0',
  '-qty < 0',
  'qty > -1',
  'price > -1.5',
  'qty::bigint < 10000000000',
  'length(name) > 2',
  'length(status) > 2',
  'lower(email) = email',
  'upper(name) <> name',
  "coalesce(status, 'x') <> 'y'",
  'COALESCE(qty, 0) >= 0',
  "nullif(name, '') IS NOT NULL",
  'greatest(qty, 1) > 0',
  'CASE WHEN qty > 1 THEN true ELSE false END',
  'CASE WHEN qty > 1 THEN flag END',
  "CASE qty WHEN 1 THEN 'a' WHEN 2 THEN 'b' ELSE 'c' END <> 'z'",
  "tags @> ARRAY['a']",
  'arr[1] > 0',
  'array_length(tags, 1) > 0',
  'cardinality(arr) < 10',
  "'a' = ANY (tags)",
  "status = ANY (ARRAY['a', 'b'])",
  "d > '2020-01-01'",
  "ts > '2020-01-01 00:00:00'",
  "d + 1 > '2020-01-01'",
  "d + interval '1 day' > ts",
  "ts < now() + interval '1 year'",
  'tstz <= now()',
  'current_date - d < 30',
  "ts AT TIME ZONE 'UTC' > '2020-01-01 00:00:00+00'",
  'extract(year from d) > 2000',
  "date_trunc('day', ts) = ts",
  "iv > interval '01:00:00'",
  "'1'::integer < qty",
  "name !~* '^x'",
  'qty / 2 > 1.5',
  'price * 2 > 10',
  "u = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'",
  "tags[1] = 'a'",
  "tags[1:2] = ARRAY['a']",
  'EXTRACT(dow FROM ts) < 6',
  'flag OR NOT a_or AND b_or',
  'NOT (name IS NULL)',
  "NOT name LIKE 'a%'",
  'qty NOT IN (1, 2)',
  "status NOT IN ('a')",
  "upper(status) IN ('A', 'B')",
  "coalesce(q ->> 'a', '') <> ''",
  "to_char(ts, 'YYYY') > '2000'",
  'qty >= 0 AND qty <= 10 OR qty IS NULL',
  "name ~ '^[[:alpha:]]+$'",
  "E'\\\\' <> name",
  "iv < '1 day'::interval",
  "name IS DISTINCT FROM 'x'",
  'status IS NOT DISTINCT FROM name',
  "name || 'x' <> 'y'",
  "email || 'x' <> 'y'",
  "substring(name from 1 for 2) = 'ab'",
  "position('a' in name) > 0",
  "trim(name) <> ''",
  '"MyCol" > 0',
  '"time" > 0',
  'name COLLATE "C" > \'a\'',
  'CAST(price AS integer) > 0',
  'price::int > 0',
  "name <> 'it''s'",
  "left(name, 2) = 'ab'",
  'char_length(email) <= 80',
  'u IS NOT NULL',
  'qty <> 5',
  'qty != 5',
  'ROW(qty, qty) IS NOT NULL',
  'qty > 0 AND qty < 10 AND qty <> 5',
  'flag AND (qty > 0 OR price > 0)',
  'NOT (flag AND qty > 0)',
  "my_e = 'x'",
  "my_e IN ('x', 'y')",
]

/** [index key expression, partial predicate or null]. */
const INDEXES: readonly (readonly [string, string | null])[] = [
  ['lower(email)', null],
  ['upper(status)', null],
  ['email', "status IN ('a', 'b')"],
  ["(email || 'x')", null],
  ['qty + 1', 'qty IS NOT NULL'],
  ["coalesce(name, '')", null],
  ["q ->> 'kind'", 'flag'],
  ['d', "d > '2020-01-01'"],
  ['lower(name)', 'NOT flag AND price > 0'],
  ['ts', "status <> 'deleted'"],
  ["(q -> 'a')", "q ? 'a'"],
  ["date_trunc('day', ts)", null],
  ['"MyCol"', '"MyCol" > 0'],
  ['md5(email)', "email LIKE '%@x.com'"],
]

/** Trigger WHEN conditions. */
const TRIGGER_WHENS: readonly string[] = [
  'OLD.status IS DISTINCT FROM NEW.status',
  'NEW.qty > 0',
  'old.email <> new.email',
  "NEW.status IN ('a', 'b')",
  'NEW.price >= 0 AND NEW.flag',
  'lower(NEW.email) <> lower(OLD.email)',
]

describe('canonicalisation against PostgreSQL (PGlite)', function () {
  this.timeout(60_000)
  let db: PGlite
  let seq = 0

  before(async function () {
    db = new PGlite()
    await db.exec(`
      CREATE SCHEMA app;
      CREATE TYPE my_enum AS ENUM ('x', 'y');
      CREATE TYPE app.my_type AS ENUM ('a');
      CREATE TYPE "MyType" AS ENUM ('b');
      CREATE TABLE t (
        id serial PRIMARY KEY, email varchar(80), status varchar(20), name text, price numeric(9,2), qty integer,
        flag boolean, a_or boolean, b_or boolean, c_and boolean, d date, ts timestamp, tstz timestamptz, q jsonb,
        tags text[], arr integer[], "MyCol" integer, "time" integer, iv interval, u uuid, my_e my_enum
      );
      CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      SET search_path = public;
    `)
  })

  after(async function () {
    await db.close()
  })

  async function one(sql: string, params: unknown[] = []): Promise<string> {
    const res = await db.query<{ v: string }>(sql, params)
    const v = res.rows[0]?.v
    if (typeof v !== 'string') throw new Error(`no value from ${sql}`)
    return v
  }

  async function typeOf(table: string): Promise<string> {
    return one("SELECT format_type(atttypid, atttypmod) AS v FROM pg_attribute WHERE attrelid = $1::regclass AND attname = 'c'", [table])
  }

  async function defaultOf(table: string): Promise<string> {
    return one('SELECT pg_get_expr(adbin, adrelid) AS v FROM pg_attrdef WHERE adrelid = $1::regclass', [table])
  }

  async function checkOf(name: string): Promise<string> {
    const def = await one('SELECT pg_get_constraintdef(oid) AS v FROM pg_constraint WHERE conname = $1', [name])
    const m = /^CHECK \(([\s\S]*)\)$/.exec(def)
    if (m === null) throw new Error(`unexpected constraint definition ${def}`)
    return m[1] as string
  }

  it('knows exactly the keywords PostgreSQL quotes', async function () {
    const res = await db.query<{ word: string }>("SELECT word FROM pg_get_keywords() WHERE catcode <> 'U' ORDER BY word")
    expect([...QUOTED_KEYWORDS].sort()).to.deep.equal(res.rows.map((r) => r.word))
  })

  describe('canonicalType = format_type()', function () {
    for (const [hand, expected] of TYPES) {
      it(`${hand} → ${expected}`, async function () {
        const table = `ty_${++seq}`
        await db.exec(`CREATE TABLE ${table} (c ${hand})`)
        const actual = await typeOf(table)
        expect(actual).to.equal(expected)
        expect(canonicalType(hand)).to.deep.equal({ type: actual, isSerial: false })
        expect(canonicalType(actual).type).to.equal(actual)
      })
    }

    for (const [hand, expected] of [
      ['serial', 'integer'],
      ['SERIAL4', 'integer'],
      ['bigserial', 'bigint'],
      ['serial8', 'bigint'],
      ['smallserial', 'smallint'],
      ['serial2', 'smallint'],
    ] as const) {
      it(`${hand} → ${expected} with a nextval default`, async function () {
        const table = `se_${++seq}`
        await db.exec(`CREATE TABLE ${table} (c ${hand})`)
        expect(canonicalType(hand)).to.deep.equal({ type: await typeOf(table), isSerial: true })
        const dflt = await defaultOf(table)
        expect(canonicalExpression(dflt, { columnType: expected, schema: 'public' })).to.equal(`nextval('${table}_c_seq'::regclass)`)
        expect(canonicalExpression(`nextval('public.${table}_c_seq')`, { columnType: expected, schema: 'public' })).to.equal(
          canonicalExpression(dflt, { columnType: expected, schema: 'public' }),
        )
      })
    }
  })

  describe('defaults: canonical(hand) = canonical(pg_get_expr(adbin))', function () {
    for (const [type, hand] of DEFAULTS) {
      it(`${type} DEFAULT ${hand}`, async function () {
        const table = `df_${++seq}`
        if (hand.includes('t_id_seq')) await db.exec('CREATE SEQUENCE IF NOT EXISTS t_id_seq2')
        await db.exec(`CREATE TABLE ${table} (c ${type} DEFAULT ${hand})`)
        const deparsed = await defaultOf(table)
        const ctx = { columnType: canonicalType(type).type, schema: 'public' }
        const canonical = canonicalExpression(hand, ctx)
        expect(canonical).to.equal(canonicalExpression(deparsed, ctx), `deparsed: ${deparsed}`)
        expect(canonicalExpression(canonical, ctx)).to.equal(canonical)
        await db.exec(`CREATE TABLE ${table}_again (c ${type} DEFAULT ${canonical})`)
        expect(canonicalExpression(await defaultOf(`${table}_again`), ctx)).to.equal(canonical)
      })
    }
  })

  describe('checks: canonical(hand) = canonical(pg_get_constraintdef)', function () {
    for (const hand of CHECKS) {
      it(`CHECK (${hand})`, async function () {
        const name = `ck_${++seq}`
        await db.exec(`ALTER TABLE t ADD CONSTRAINT ${name} CHECK (${hand})`)
        const deparsed = await checkOf(name)
        const canonical = canonicalExpression(hand)
        expect(canonical).to.equal(canonicalExpression(deparsed), `deparsed: ${deparsed}`)
        expect(canonicalExpression(canonical)).to.equal(canonical)
        await db.exec(`ALTER TABLE t ADD CONSTRAINT ${name}_again CHECK (${canonical})`)
        expect(canonicalExpression(await checkOf(`${name}_again`))).to.equal(canonical)
        await db.exec(`ALTER TABLE t DROP CONSTRAINT ${name}; ALTER TABLE t DROP CONSTRAINT ${name}_again`)
      })
    }
  })

  describe('indexes: canonical(hand) = canonical(pg_get_indexdef(k) / indpred)', function () {
    async function indexOf(name: string): Promise<{ key: string; where: string | null }> {
      const res = await db.query<{ key: string; pred: string | null }>(
        'SELECT pg_get_indexdef(indexrelid, 1, true) AS key, pg_get_expr(indpred, indrelid) AS pred FROM pg_index WHERE indexrelid = $1::regclass',
        [name],
      )
      const row = res.rows[0]
      if (row === undefined) throw new Error(`no index ${name}`)
      return { key: row.key, where: row.pred }
    }
    for (const [key, where] of INDEXES) {
      it(`(${key})${where === null ? '' : ` WHERE ${where}`}`, async function () {
        const name = `ix_${++seq}`
        await db.exec(`CREATE INDEX ${name} ON t ((${key}))${where === null ? '' : ` WHERE ${where}`}`)
        const actual = await indexOf(name)
        const canonicalKey = canonicalExpression(key)
        expect(canonicalKey).to.equal(canonicalExpression(actual.key), `deparsed: ${actual.key}`)
        const canonicalWhere = where === null ? null : canonicalExpression(where)
        expect(canonicalWhere).to.equal(actual.where === null ? null : canonicalExpression(actual.where), `deparsed: ${String(actual.where)}`)
        await db.exec(`CREATE INDEX ${name}_again ON t ((${canonicalKey}))${canonicalWhere === null ? '' : ` WHERE ${canonicalWhere}`}`)
        const again = await indexOf(`${name}_again`)
        expect(canonicalExpression(again.key)).to.equal(canonicalKey)
        expect(again.where === null ? null : canonicalExpression(again.where)).to.equal(canonicalWhere)
      })
    }
  })

  describe('trigger WHEN: canonical(hand) = canonical(pg_get_triggerdef)', function () {
    async function whenOf(name: string): Promise<string> {
      const def = await one('SELECT pg_get_triggerdef(oid, true) AS v FROM pg_trigger WHERE tgname = $1', [name])
      const m = /WHEN \(([\s\S]*)\) EXECUTE FUNCTION/.exec(def)
      if (m === null) throw new Error(`no WHEN in ${def}`)
      return m[1] as string
    }
    for (const hand of TRIGGER_WHENS) {
      it(`WHEN (${hand})`, async function () {
        const name = `tr_${++seq}`
        const create = (n: string, cond: string): string => `CREATE TRIGGER ${n} BEFORE UPDATE ON t FOR EACH ROW WHEN (${cond}) EXECUTE FUNCTION trg()`
        await db.exec(create(name, hand))
        const deparsed = await whenOf(name)
        const canonical = canonicalExpression(hand)
        expect(canonical).to.equal(canonicalExpression(deparsed), `deparsed: ${deparsed}`)
        await db.exec(create(`${name}_again`, canonical))
        expect(canonicalExpression(await whenOf(`${name}_again`))).to.equal(canonical)
      })
    }
  })

  describe('semantically different expressions stay different', function () {
    const pairs: readonly (readonly [string, string])[] = [
      ['qty > 0', 'qty >= 0'],
      ['(a_or OR b_or) AND c_and', 'a_or OR (b_or AND c_and)'],
      ["name = 'a'", "name = 'b'"],
      ["status IN ('a', 'b')", "status NOT IN ('a', 'b')"],
      ['qty - (1 - 2) > 0', 'qty - 1 - 2 > 0'],
      ['NOT (flag AND a_or)', 'NOT flag AND a_or'],
      ["name LIKE 'a%'", "name ILIKE 'a%'"],
      ['ts < now()', 'ts < clock_timestamp()'],
      ['"MyCol" > 0', 'qty > 0'],
    ]
    for (const [a, b] of pairs) {
      it(`${a}  ≠  ${b}`, async function () {
        const ca = canonicalExpression(a)
        const cb = canonicalExpression(b)
        expect(ca).to.not.equal(cb)
        const name = `df_${++seq}`
        await db.exec(`ALTER TABLE t ADD CONSTRAINT ${name}_a CHECK (${a}); ALTER TABLE t ADD CONSTRAINT ${name}_b CHECK (${b})`)
        expect(canonicalExpression(await checkOf(`${name}_a`))).to.equal(ca)
        expect(canonicalExpression(await checkOf(`${name}_b`))).to.equal(cb)
      })
    }
  })
})
