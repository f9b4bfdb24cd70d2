import { expect } from 'chai'
import { canonicalExpression, type ExpressionContext } from '../../src/model/canonical-expression.js'

/** [hand-written, PostgreSQL-style or other equivalent spelling, canonical text, context?]. */
const SAME: readonly (readonly [string, string, string, ExpressionContext?])[] = [
  ["'user'", "'user'::character varying", "'user'", { columnType: 'character varying(20)' }],
  ['0', "'0'::numeric", '0', { columnType: 'numeric' }],
  ['0.00', '(0)::numeric', '0', { columnType: 'numeric(9,2)' }],
  ["'t'", 'true', 'true', { columnType: 'boolean' }],
  ["'off'", "'f'::boolean", 'false', { columnType: 'boolean' }],
  ['-1', "'-1'::integer", '-1', { columnType: 'integer' }],
  ["'{}'", "'{}'::text[]", "'{}'", { columnType: 'text[]' }],
  ['now()', 'CURRENT_TIMESTAMP', 'CURRENT_TIMESTAMP'],
  ['transaction_timestamp()', 'pg_catalog.now()', 'CURRENT_TIMESTAMP'],
  ['current_date', 'CURRENT_DATE', 'CURRENT_DATE'],
  ['user', 'current_user', 'CURRENT_USER'],
  ['localtimestamp(0)', 'LOCALTIMESTAMP(0)', 'LOCALTIMESTAMP(0)'],
  ["nextval('users_id_seq')", "nextval('public.users_id_seq'::regclass)", "nextval('users_id_seq'::regclass)", { schema: 'public' }],
  ["nextval('Users_Id_Seq'::regclass)", "nextval('app.users_id_seq'::regclass)", "nextval('users_id_seq'::regclass)", { schema: 'app' }],
  ["status IN ('a','b')", "((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))", "status IN ('a', 'b')"],
  ["status NOT IN ('a','b')", "((status)::text <> ALL ((ARRAY['a'::character varying, 'b'::character varying])::text[]))", "status NOT IN ('a', 'b')"],
  ['x in (1)', '(x = 1)', 'x = 1'],
  ['price BETWEEN 1 AND 100', '((price >= (1)::numeric) AND (price <= (100)::numeric))', 'price >= 1 AND price <= 100'],
  ['a > 0 AND b > 0', 'CHECK_INNER((a > 0) AND (b > 0))', 'a > 0 AND b > 0'],
  ['price >= 0', '((price >= (0)::numeric))', 'price >= 0'],
  ['a AND (b AND c)', '((a AND b) AND c)', 'a AND b AND c'],
  ['lower(email)', 'lower((email)::text)', 'lower(email)'],
  ['upper(email)', 'upper(email::text)', 'upper(email)'],
  ["email ~* '^x'", "((email)::text ~* '^x'::text)", "email ~* '^x'"],
  ["name LIKE 'a%'", "(name ~~ 'a%'::text)", "name LIKE 'a%'"],
  ["name NOT ILIKE 'a%'", "(name !~~* 'a%'::text)", "name NOT ILIKE 'a%'"],
  ["s SIMILAR TO 'a%'", "((s)::text ~ similar_to_escape('a%'::text))", "s SIMILAR TO 'a%'"],
  ["coalesce(status, 'x') <> 'y'", "((COALESCE(status, 'x'::character varying))::text <> 'y'::text)", "COALESCE(status, 'x') <> 'y'"],
  ["case when a > 1 then 'x' end", "CASE\n    WHEN (a > 1) THEN 'x'::text\n    ELSE NULL::text\nEND", "CASE WHEN a > 1 THEN 'x' END"],
  ['a != 1', 'a <> 1', 'a <> 1'],
  ['a ISNULL', 'a IS NULL', 'a IS NULL'],
  ['CAST(a AS int)', '(a)::integer', 'a::integer'],
  ["interval '1 day'", "'1 day'::interval", "'1 day'"],
  ["d - interval '1 day'", "d - '1 day'::interval", "d - '1 day'::interval"],
  ["d + interval '1 day' > ts", "((d + '1 day'::interval) > ts)", "d + '1 day'::interval > ts"],
  ["q->>'a' IS NOT NULL", "((q ->> 'a'::text) IS NOT NULL)", "q ->> 'a' IS NOT NULL"],
  ['-x < 0', '((- x) < 0)', '-x < 0'],
  ['- -x', '(- (- x))', '-(-x)'],
  ['"status" = \'a\'', "status = 'a'", "status = 'a'"],
  ['"MyCol" > 0', '("MyCol" > 0)', '"MyCol" > 0'],
  ['"time" > 0', '("time" > 0)', '"time" > 0'],
  ["E'it\\'s'", "'it''s'::text", "'it''s'"],
  ['$$x$$', "'x'", "'x'"],
  ["x = $tag$a'b$tag$", "x = 'a''b'", "x = 'a''b'"],
  ['n > 1e3', "(n > '1000'::numeric)", 'n > 1000'],
  ['n > -1.5', "(n > '-1.5'::numeric)", 'n > -1.5'],
  ['x > 10000000000', "(x > '10000000000'::bigint)", 'x > 10000000000'],
  ['x::int4', 'x::pg_catalog.int4', 'x::integer'],
  ['arr[1] > 0', '(arr[1] > 0)', 'arr[1] > 0'],
  ['ARRAY[1,2]', 'ARRAY[1, 2]', 'ARRAY[1, 2]'],
  ['extract(year from d) > 2000', '(EXTRACT(year FROM d) > (2000)::numeric)', 'EXTRACT(year FROM d) > 2000'],
  ['trim(a)', 'TRIM(BOTH FROM a)', 'TRIM(BOTH FROM a)'],
  ['substring(a, 1, 2)', 'SUBSTRING(a FROM 1 FOR 2)', 'SUBSTRING(a FROM 1 FOR 2)'],
  ["position('a' in a)", "POSITION(('a'::text) IN (a))", "POSITION('a' IN a)"],
  ['a is not distinct from b', '(NOT (a IS DISTINCT FROM b))', 'NOT (a IS DISTINCT FROM b)'],
  ['not (a = 3)', '(NOT (a = 3))', 'NOT (a = 3)'],
  ['(qty / 2) > 1.5', '(((qty / 2))::numeric > 1.5)', 'qty / 2 > 1.5'],
  ['lower(email) desc nulls first', 'lower((email)::text) DESC', 'lower(email) DESC'],
  ['email asc nulls last', 'email', 'email'],
  ['x  >  1 -- comment', 'x /* c */ > 1', 'x > 1'],
  // The deparser qualifies operators the search path does not find (citext's in public, for a
  // role without USAGE on public); OPERATOR(...) binds like any other operator, whatever its symbol.
  ["email ~ '@'", "(email OPERATOR(public.~) '@'::public.citext)", "email ~ '@'"],
  ['a = b AND c', '((a OPERATOR(pg_catalog.=) b) AND c)', 'a = b AND c'],
  ['a * (b + c)', 'a OPERATOR(pg_catalog.*) b + c', 'a * (b + c)'],
  ['x IN (1, 2)', 'x OPERATOR("public".=) ANY (ARRAY[1, 2])', 'x IN (1, 2)'],
  ['-x > 0', '(OPERATOR(pg_catalog.-) x) > 0', '-x > 0'],
]

/** Pairs that must stay different. */
const DIFFERENT: readonly (readonly [string, string])[] = [
  ['a > 0', 'a >= 0'],
  ['(a OR b) AND c', 'a OR (b AND c)'],
  ["'a'", "'b'"],
  ['a - (b - c)', 'a - b - c'],
  ['a / (b * c)', 'a / b * c'],
  ['-a ^ 2', '-(a ^ 2)'],
  ['NOT a AND b', 'NOT (a AND b)'],
  ['x IN (1, 2)', 'x NOT IN (1, 2)'],
  ["x LIKE 'a'", "x ILIKE 'a'"],
  ['now()', 'clock_timestamp()'],
  ['"A" > 0', 'a > 0'],
  ["d + '1 day'::interval", "d + '1 day'"],
  ['x = ANY (ARRAY[1, 2])', 'x = ALL (ARRAY[1, 2])'],
  ['a IS NULL', 'a IS NOT NULL'],
  ['a IS TRUE', 'a = true'],
  ["nextval('a_seq')", "nextval('b_seq')"],
  ['x::integer', 'x::bigint'],
  ['CASE WHEN a THEN 1 END', 'CASE WHEN a THEN 1 ELSE 0 END'],
  ['lower(a) DESC', 'lower(a)'],
  ['1.5', '1.50'],
  ['x || y = z', 'x || (y = z)'],
  ['a ~ b', 'a OPERATOR(app.~) b'],
]

describe('canonicalExpression', function () {
  for (const [hand, other, canonical, context] of SAME) {
    it(`reads ${hand} and ${other} as ${canonical}`, function () {
      const source = other.startsWith('CHECK_INNER') ? other.slice('CHECK_INNER'.length) : other
      expect(canonicalExpression(hand, context)).to.equal(canonical)
      expect(canonicalExpression(source, context)).to.equal(canonical)
    })
    it(`is idempotent on ${canonical}`, function () {
      expect(canonicalExpression(canonical, context)).to.equal(canonical)
    })
  }

  for (const [a, b] of DIFFERENT) {
    it(`keeps ${a} and ${b} apart`, function () {
      expect(canonicalExpression(a)).to.not.equal(canonicalExpression(b))
    })
  }

  it('treats a cast numeric string and a number alike, but not two strings', function () {
    expect(canonicalExpression("'1'::integer")).to.equal('1')
    expect(canonicalExpression("x = '1'::integer")).to.equal(canonicalExpression('x = 1'))
  })

  it('falls back to a normalised token string for syntax it does not model, without throwing', function () {
    expect(canonicalExpression('EXISTS (SELECT 1 FROM  t)')).to.equal('EXISTS (SELECT 1 FROM t)')
    expect(canonicalExpression("x LIKE 'a!%' ESCAPE '!'")).to.equal("x LIKE 'a!%' escape '!'")
    expect(canonicalExpression('f(a => 1)')).to.equal('f(a => 1)')
  })

  it('never throws on malformed input', function () {
    for (const bad of ["'unterminated", '"unterminated', '(', ')', 'a +', 'CASE', '$$x', '/* x', '#', 'a ::']) {
      expect(() => canonicalExpression(bad)).to.not.throw()
      const once = canonicalExpression(bad)
      expect(canonicalExpression(once)).to.equal(once)
    }
    expect(canonicalExpression('   ')).to.equal('')
  })
})
