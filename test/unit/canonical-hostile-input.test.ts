/**
 * Pathological inputs for the canonicalisers: runs of 100,000+ spaces, zeros or operators, and
 * nesting far deeper than any real expression. Each must finish in linear time and either give
 * the canonical text or fall back to the token text, never a RangeError from the stack.
 *
 * Nothing here measures time. The suite timeout below is only a guard against hangs: every case
 * takes milliseconds, while the regular expressions these replaced backtracked for minutes
 * (quadratic) to hours (cubic) at these sizes.
 */
import { expect } from 'chai'
import { canonicalExpression } from '../../src/model/canonical-expression.js'
import { ExpressionParser, MAX_EXPRESSION_DEPTH } from '../../src/model/canonical-parser.js'
import { canonicalType } from '../../src/model/canonical-type.js'
import { SqlParseError } from '../../src/model/sql-token-cursor.js'
import { SqlTokenError, tokenize } from '../../src/model/sql-tokens.js'
import { canonicalIndexKey, splitIndexKey } from '../../src/spec/canonical-index-key.js'
import { canonicalFunctionName } from '../../src/spec/spec-to-model.js'

const LONG = 200_000
const spaces = ' '.repeat(LONG)

function parse(sql: string): void {
  new ExpressionParser(tokenize(sql), sql).parseWhole()
}

describe('canonicalisers on hostile input', function () {
  this.timeout(30_000)

  describe('long runs (linear time)', () => {
    it('splits sort options off an index key around 200,000 spaces', () => {
      expect(canonicalIndexKey(`lower(email)${spaces}DESC`)).to.equal('lower(email) DESC')
      expect(canonicalIndexKey(`a${spaces}b`)).to.equal('a b')
      expect(splitIndexKey(`x${spaces}nulls${spaces}FIRST${spaces}`)).to.deep.equal({ base: 'x', isDescending: false, nulls: 'FIRST' })
      expect(splitIndexKey(`x${spaces}DESC${spaces}x`)).to.deep.equal({ base: `x${spaces}DESC${spaces}x`, isDescending: false })
    })

    it('drops a trailing () from a trigger function name around 200,000 spaces', () => {
      expect(canonicalFunctionName(`audit.log${spaces}(${spaces})`)).to.equal('audit.log')
      expect(canonicalFunctionName(`f${spaces}x`)).to.equal(`f${spaces}x`)
    })

    it('strips trailing zeros of a numeric default with 200,000 zeros inside', () => {
      const inside = `1.${'0'.repeat(LONG)}1`
      expect(canonicalExpression(inside, { columnType: 'numeric' })).to.equal(inside)
      expect(canonicalExpression(`1.5${'0'.repeat(LONG)}`, { columnType: 'numeric' })).to.equal('1.5')
    })

    it('does not write out a huge exponent', () => {
      expect(canonicalExpression('1e100000000')).to.equal('1e100000000')
      expect(canonicalExpression('1e3')).to.equal('1000')
    })

    it('joins 20,000 continued string constants without recursion', () => {
      expect(canonicalExpression(`'a'${"\n'a'".repeat(20_000)}`)).to.equal(`'${'a'.repeat(20_001)}'`)
    })

    it('flattens an AND chain of 20,000 terms as PostgreSQL does, instead of nesting it', () => {
      expect(canonicalExpression(`(x)${' AND (x)'.repeat(20_000)}`)).to.equal(`x${' AND x'.repeat(20_000)}`)
      expect(canonicalExpression(`(x)${' OR (x)'.repeat(20_000)}`)).to.equal(`x${' OR x'.repeat(20_000)}`)
    })
  })

  describe('deep nesting', () => {
    const SHAPES: readonly (readonly [string, (n: number) => string])[] = [
      ['parentheses', (n) => `${'('.repeat(n)}1${')'.repeat(n)}`],
      ['unary minus', (n) => `${'- '.repeat(n)}a`],
      ['NOT', (n) => `${'NOT '.repeat(n)}a`],
      ['function calls', (n) => `${'f('.repeat(n)}1${')'.repeat(n)}`],
      ['CASE', (n) => `${'CASE WHEN a THEN '.repeat(n)}1${' END'.repeat(n)}`],
      ['array constructors', (n) => `ARRAY${'['.repeat(n)}1${']'.repeat(n)}`],
      ['casts', (n) => `a${'::int'.repeat(n)}`],
      ['subscripts', (n) => `a${'[1]'.repeat(n)}`],
      ['a + chain', (n) => `a${' + a'.repeat(n)}`],
      ['a ^ chain', (n) => `a${' ^ a'.repeat(n)}`],
      ['COLLATE', (n) => `a${' COLLATE c'.repeat(n)}`],
      ['IS NULL', (n) => `a${' IS NULL'.repeat(n)}`],
    ]

    for (const [name, make] of SHAPES) {
      it(`rejects ${name} nested 20,000 deep with a SqlParseError and falls back to the token text`, () => {
        const sql = make(20_000)
        expect(() => parse(sql)).to.throw(SqlParseError, /nested more than \d+ levels deep/)
        expect(canonicalExpression(sql)).to.be.a('string')
      })
    }

    it(`canonicalises up to ${MAX_EXPRESSION_DEPTH} levels, then falls back to the token text`, () => {
      const chain = (n: number): string => `(a)${' + (a)'.repeat(n)}`
      // n operators make n + 1 levels of tree (the leaf is a level).
      expect(canonicalExpression(chain(MAX_EXPRESSION_DEPTH - 1))).to.equal(`a${' + a'.repeat(MAX_EXPRESSION_DEPTH - 1)}`)
      expect(canonicalExpression(chain(MAX_EXPRESSION_DEPTH))).to.equal(chain(MAX_EXPRESSION_DEPTH))
    })

    it('reparses its own output at the deepest nesting it accepts (idempotent)', () => {
      const right = (n: number): string => `${'a * ('.repeat(n)}a${')'.repeat(n)}`
      const text = canonicalExpression(right(MAX_EXPRESSION_DEPTH - 1))
      expect(text).to.match(/^a \* \(a \* \(/)
      expect(canonicalExpression(text)).to.equal(text)
    })
  })

  describe('the tokenizer', () => {
    it('rejects a Unicode escape beyond U+10FFFF with its own error, not a RangeError', () => {
      expect(() => tokenize("E'\\U00110000'")).to.throw(SqlTokenError, 'invalid Unicode escape value')
      expect(tokenize("E'\\U0001F600'")[0]?.value).to.equal('\u{1F600}')
    })

    it('rejects 0x_ as PostgreSQL does, and reads 0x1_f', () => {
      expect(() => tokenize('0x_')).to.throw(SqlTokenError, 'trailing junk')
      expect(tokenize('0x1_f').map((t) => t.value)).to.deep.equal(['0x1_f'])
      expect(canonicalExpression('0x1_f')).to.equal('31')
    })
  })

  describe('type names that are Object.prototype members', () => {
    it('reads constructor and __proto__ as user types, not as serial or built-in spellings', () => {
      expect(canonicalType('constructor')).to.deep.equal({ type: 'constructor', isSerial: false })
      expect(canonicalType('__proto__')).to.deep.equal({ type: '__proto__', isSerial: false })
      expect(canonicalType('constructor[]')).to.deep.equal({ type: 'constructor[]', isSerial: false })
      expect(canonicalType('"toString"')).to.deep.equal({ type: '"toString"', isSerial: false })
      expect(canonicalType('_constructor')).to.deep.equal({ type: '_constructor', isSerial: false })
    })
  })
})
