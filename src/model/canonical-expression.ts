/**
 * canonicalExpression(): one spelling for a SQL expression, so that what a person writes in
 * expected-schema.json and what PostgreSQL's deparser prints (pg_get_expr, pg_get_constraintdef,
 * pg_get_indexdef(..., k, true), pg_get_triggerdef's WHEN) compare equal as plain strings.
 *
 * Pipeline: tokenize (sql-tokens.ts) → Pratt parse (canonical-parser.ts) → rewrite
 * (canonical-rewrite.ts) → print (canonical-printer.ts). The result is run through once more and
 * the second result is returned if it differs, so the function is idempotent.
 *
 * Rules
 * - Layout: keywords uppercase (AND, OR, NOT, IS NULL, IN, LIKE, CASE ... END, ARRAY, ANY/ALL,
 *   COALESCE/NULLIF/GREATEST/LEAST, EXTRACT/SUBSTRING/POSITION/TRIM, CURRENT_TIMESTAMP ...),
 *   `true`/`false` lowercase, identifiers lowercase and quoted only where quote_identifier()
 *   would quote them (`"Name"`, `"time"`), one space around binary operators and after commas,
 *   none around `::` or inside brackets, and only the parentheses that precedence requires
 *   (PostgreSQL's gram.y table), plus one for readability: NOT's operand is parenthesised unless
 *   it is a single term (`NOT (qty = 3)`). AND/OR chains are flattened (`a AND (b AND c)` = `a AND b AND c`).
 * - Sugar as the server stores it: `x IN (a, b)` = `x = ANY (ARRAY[a, b])` (printed as IN),
 *   `x NOT IN (...)` = `x <> ALL (ARRAY[...])`, one-element IN lists = `=`/`<>`, BETWEEN [SYMMETRIC]
 *   = `>=` AND `<=`, `!=` = `<>`, `~~`/`~~*`/`!~~`/`!~~*` = [NOT] LIKE/ILIKE, `~ similar_to_escape(p)`
 *   = SIMILAR TO p, ISNULL/NOTNULL = IS [NOT] NULL, `CAST(x AS t)` and `t 'lit'` = `x::t`,
 *   `substring(a, b, c)` = SUBSTRING(a FROM b FOR c), `trim(a)` = TRIM(BOTH FROM a),
 *   `a IS NOT DISTINCT FROM b` = `NOT (a IS DISTINCT FROM b)`.
 * - Casts on literals: `'x'::text` → `'x'` everywhere; numbers written as strings become numbers
 *   (`'-1'::integer` → `-1`), a number's cast to its own type goes (`1::integer`); `'t'::boolean`
 *   → `true`. A cast on a literal is also dropped when the literal is an operand of an operator,
 *   ANY/ALL, COALESCE-like call or CASE branch whose other side is not a literal (the other side
 *   fixes the type: `price >= (0)::numeric` → `price >= 0`), except arithmetic with a non-numeric
 *   type (`d + '1 day'::interval` keeps its cast: dropping it would change or break resolution).
 *   At the top level (a default) every literal cast goes: `'user'::character varying` → `'user'`.
 * - Text casts of a column (or COALESCE/NULLIF/GREATEST/LEAST/CASE) are dropped in comparisons,
 *   LIKE/regex/`||`/IS DISTINCT FROM and as arguments of text-only functions (lower, upper, length,
 *   btrim...): `(status)::text = 'x'` = `status = 'x'`, `lower((email)::text)` = `lower(email)`.
 * - In a comparison with a decimal constant, the server's widening cast goes: `(qty / 2)::numeric > 1.5`
 *   = `qty / 2 > 1.5`.
 * - Defaults (context.columnType): numeric columns turn `'0'`/`0.00` into `0` (trailing fractional
 *   zeros dropped); boolean columns turn `'t'`, `'yes'`, `'on'`, `'1'`... into `true`/`false`.
 * - Operators: `OPERATOR(pg_catalog.op)`/`OPERATOR(public.op)` → `op` (the deparser qualifies an
 *   operator the search path does not find, e.g. citext's in `public` for a role without USAGE on
 *   it), parsed with the precedence gram.y gives OPERATOR(...), that of any other operator.
 * - Functions: `pg_catalog.`/`public.` dropped; `now()`, `transaction_timestamp()` →
 *   CURRENT_TIMESTAMP; USER/CURRENT_ROLE → CURRENT_USER; `current_schema()` → CURRENT_SCHEMA;
 *   `current_database()` → CURRENT_CATALOG. nextval/currval/setval always get `'seq'::regclass`
 *   with the sequence name lowercased (unless quoted) and a qualification equal to context.schema
 *   (default `public`) or `public` dropped.
 * - Trailing index ordering: ASC and the default NULLS placement are dropped; DESC, NULLS FIRST|LAST kept.
 * - Unparseable input (subqueries, ESCAPE, named arguments, OVERLAY, field syntax of interval
 *   literals, nesting deeper than MAX_EXPRESSION_DEPTH ...) falls back to its normalised token
 *   string; the function never throws. Time is linear in the length of the input (no regular
 *   expression here backtracks); test/unit/canonical-fuzz.test.ts holds both to that.
 *
 * Known limits
 * - No type inference: `flag = 't'` stays different from the server's `flag = true` outside a
 *   default (write `true`); a text cast of a non-text column (`int_col::text = '5'`) is also dropped
 *   (so it equals `int_col = '5'`, which the server stores as `int_col = 5`);
 *   a numeric cast of a literal next to an integer expression (`int_col / 2::numeric`) is dropped.
 * - Values are not re-parsed: `'2020-01-01'` vs the server's `'2020-01-01 00:00:00'::timestamp
 *   without time zone`, jsonb literals (`'{"a":1}'` vs `'{"a": 1}'`), interval spellings
 *   (`'1 hour'` vs `'01:00:00'`), and timestamptz values (`'... 00:00:00+00'`) stay different. Write them as the server prints them.
 * - Implicit casts the server adds to non-literals stay: `now() - ts` on a timestamp column
 *   deparses as `now() - ts::timestamp with time zone`, `2 ^ id` gets `::double precision` casts.
 * - `x IN (a_col, 1)` is stored by the server as `x = 1 OR x = a_col`; no rewrite for that.
 * - A sequence qualified with `public` and one qualified with the table's own schema are merged.
 * - A `public` function or operator that a pg_catalog one of the same name and argument types
 *   hides (and which PostgreSQL therefore always qualifies) is merged with the pg_catalog one.
 */
import { ExpressionParser } from './canonical-parser.js'
import { printExpression } from './canonical-printer.js'
import { rewriteExpression } from './canonical-rewrite.js'
import { QUOTED_KEYWORDS, RESERVED_KEYWORDS, quoteIdent, quoteLiteral } from './sql-keywords.js'
import { SqlParseError } from './sql-token-cursor.js'
import { SqlTokenError, tokenize, type Token } from './sql-tokens.js'

/** Context that changes how an expression is canonicalised. */
export interface ExpressionContext {
  /** Canonical type of the column a default belongs to (lets `'t'` = `true` on a boolean, `'0'` = `0` on numeric). */
  readonly columnType?: string
  /** Schema of the table the expression belongs to: qualifications with it are dropped. */
  readonly schema?: string
}

/**
 * Canonical text of a SQL expression (see the rules above), so that a hand-written expression and
 * PostgreSQL's own deparsed form of it compare equal as strings. Never throws.
 */
export function canonicalExpression(sql: string, context: ExpressionContext = {}): string {
  // Both models repeat the same few defaults and checks thousands of times (now(), 0, '{}'::jsonb).
  // Maps by context, then by text: no key string is built for each call.
  let bySchema = cache.get(context.columnType)
  if (bySchema === undefined) cache.set(context.columnType, (bySchema = new Map<string | undefined, Map<string, string>>()))
  let results = bySchema.get(context.schema)
  if (results === undefined) bySchema.set(context.schema, (results = new Map<string, string>()))
  const cached = results.get(sql)
  if (cached !== undefined) return cached
  const once = canonicalOnce(sql, context)
  const twice = canonicalOnce(once, context)
  const canonical = twice === once ? once : canonicalOnce(twice, context)
  if (++cachedCount > MAX_CACHED) {
    cache.clear()
    cachedCount = 0
  }
  results.set(sql, canonical)
  return canonical
}

/** canonicalExpression's results by column type, schema and text; bounded, so a long-lived process does not grow without end. */
const cache = new Map<string | undefined, Map<string | undefined, Map<string, string>>>()
let cachedCount = 0
const MAX_CACHED = 20_000

function canonicalOnce(sql: string, context: ExpressionContext): string {
  let tokens: Token[]
  try {
    tokens = tokenize(sql)
  } catch (error) {
    if (!(error instanceof SqlTokenError)) throw error
    return sql.trim().replace(/\s+/g, ' ')
  }
  if (tokens.length === 0) return ''
  try {
    const { node, ordering } = new ExpressionParser(tokens, sql).parseWhole()
    const ctx =
      context.columnType === undefined ? { schema: context.schema ?? 'public' } : { schema: context.schema ?? 'public', columnType: context.columnType }
    const text = printExpression(rewriteExpression(node, ctx))
    return text + orderingSuffix(ordering)
  } catch (error) {
    // Only what the parser does not model falls back; anything else (a RangeError, a TypeError) is a bug to see.
    if (!(error instanceof SqlParseError)) throw error
    return tokenText(tokens)
  }
}

function orderingSuffix(words: readonly string[]): string {
  const text = words.join(' ')
  const desc = text.startsWith('DESC')
  const cleaned = text.replace(/^(ASC|DESC)\s*/, '').replace(desc ? /^NULLS FIRST$/ : /^NULLS LAST$/, '')
  if (!/^(NULLS (FIRST|LAST))?$/.test(cleaned)) throw new SqlParseError(`unsupported ordering ${text}`)
  return (desc ? ' DESC' : '') + (cleaned === '' ? '' : ` ${cleaned}`)
}

/** Fallback: tokens with normalised case, quoting and spacing. */
function tokenText(tokens: readonly Token[]): string {
  let out = ''
  let prev: Token | undefined
  for (const tok of tokens) {
    let text: string
    switch (tok.kind) {
      case 'string':
        text = quoteLiteral(tok.value)
        break
      case 'bits':
        text = `${tok.value.slice(0, 1)}'${tok.value.slice(1)}'`
        break
      case 'ident':
        text = RESERVED_KEYWORDS.has(tok.value) || QUOTED_KEYWORDS.has(tok.value) ? tok.value.toUpperCase() : tok.value
        break
      case 'qident':
        text = quoteIdent(tok.value)
        break
      case 'number':
      case 'op':
      case 'param':
      case 'punct':
        text = tok.value
    }
    const tight =
      prev === undefined ||
      prev.value === '(' ||
      prev.value === '[' ||
      prev.value === '::' ||
      prev.value === '.' ||
      (tok.kind === 'punct' && [')', ']', ',', '::', '.', '['].includes(tok.value)) ||
      (tok.value === '(' && (prev.kind === 'qident' || (prev.kind === 'ident' && !QUOTED_KEYWORDS.has(prev.value))))
    out += (tight ? '' : ' ') + text
    prev = tok
  }
  return out
}
