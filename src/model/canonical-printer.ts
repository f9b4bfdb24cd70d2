/**
 * Prints a canonical SqlNode tree as SQL text, adding only the parentheses that precedence needs,
 * with one space around binary operators and after commas, none inside brackets or around `::`.
 */
import { PREC, binaryPrec, isNonAssoc, type SqlNode } from './sql-ast.js'
import { precedenceOf, printsAsIn } from './canonical-rewrite.js'
import { quoteIdent, quoteLiteral } from './sql-keywords.js'

/** SQL text of a canonical tree. */
export function printExpression(node: SqlNode): string {
  switch (node.k) {
    case 'str':
      return quoteLiteral(node.v)
    case 'num':
      return node.v
    case 'bits':
      return `${node.v.slice(0, 1)}'${node.v.slice(1)}'`
    case 'const':
      return node.v
    case 'name':
      return node.parts.map(quoteIdent).join('.')
    case 'sqlv':
      return node.arg === undefined ? node.v : `${node.v}(${node.arg})`
    case 'func': {
      const name = node.special === true ? (node.name[0] ?? '').toUpperCase() : node.name.map(quoteIdent).join('.')
      return `${name}(${node.star === true ? '*' : list(node.args)})`
    }
    case 'cast':
      return `${operand(node.e, PREC.CAST)}::${node.t}`
    case 'bin': {
      const p = binaryPrec(node.op)
      const leftMin = isNonAssoc(node.op) ? p + 1 : p
      return `${operand(node.l, leftMin)} ${node.op} ${operand(node.r, p + 1)}`
    }
    case 'bool':
      return node.args.map((a) => operand(a, precedenceOf(node) + 1)).join(` ${node.op} `)
    // Not required by precedence, but `NOT id = 3` reads as `(NOT id) = 3`: parenthesise operators.
    case 'not':
      return `NOT ${operand(node.e, PREC.SUB)}`
    case 'pre': {
      const inner = operand(node.e, node.op === '-' || node.op === '+' ? PREC.UMINUS : PREC.OP + 1)
      return inner.startsWith('-') || inner.startsWith('+') ? `${node.op}(${inner})` : `${node.op}${inner}`
    }
    case 'is':
      return `${operand(node.e, PREC.IS + 1)} IS ${node.not ? 'NOT ' : ''}${node.what}`
    case 'quant': {
      if (printsAsIn(node) && node.r.k === 'array') {
        return `${operand(node.l, PREC.LIKE + 1)} ${node.q === 'ALL' ? 'NOT IN' : 'IN'} (${list(node.r.items)})`
      }
      return `${operand(node.l, binaryPrec(node.op) + 1)} ${node.op} ${node.q} (${printExpression(node.r)})`
    }
    case 'array':
      return `${node.nested === true ? '' : 'ARRAY'}[${list(node.items)}]`
    case 'row':
      return `ROW(${list(node.items)})`
    case 'sub': {
      const range = node.slice ? `${node.lo ? printExpression(node.lo) : ''}:${node.hi ? printExpression(node.hi) : ''}` : printExpression(node.lo as SqlNode)
      return `${indirectionBase(node.e)}[${range}]`
    }
    case 'field':
      return `${indirectionBase(node.e)}.${quoteIdent(node.f)}`
    case 'collate':
      return `${operand(node.e, PREC.COLLATE)} COLLATE ${node.coll.map(quoteIdent).join('.')}`
    case 'case': {
      const whens = node.whens.map(([c, r]) => ` WHEN ${printExpression(c)} THEN ${printExpression(r)}`).join('')
      return `CASE${node.arg ? ` ${printExpression(node.arg)}` : ''}${whens}${node.els ? ` ELSE ${printExpression(node.els)}` : ''} END`
    }
    case 'kwfunc':
      return printKeywordFunction(node)
  }
}

function printKeywordFunction(node: SqlNode & { k: 'kwfunc' }): string {
  const [first, ...rest] = node.parts
  if (first === undefined) return `${node.name}()`
  switch (node.name) {
    case 'EXTRACT':
      return `EXTRACT(${quoteIdent(first[0].toLowerCase())} FROM ${printExpression(first[1])})`
    case 'TRIM': {
      const chars = rest[0] ? `${printExpression(rest[0][1])} ` : ''
      return `TRIM(${first[0]} ${chars}FROM ${printExpression(first[1])})`
    }
    default:
      return `${node.name}(${printExpression(first[1])}${rest.map(([w, e]) => ` ${w} ${printExpression(e)}`).join('')})`
  }
}

function list(items: readonly SqlNode[]): string {
  return items.map(printExpression).join(', ')
}

/** Prints a child, parenthesised when it binds more loosely than `min`. */
function operand(node: SqlNode, min: number): string {
  const text = printExpression(node)
  return precedenceOf(node) < min ? `(${text})` : text
}

/** Subscripts and field selection apply to a column reference or a parenthesised expression only. */
function indirectionBase(node: SqlNode): string {
  const text = printExpression(node)
  return node.k === 'name' || node.k === 'sub' || node.k === 'field' ? text : `(${text})`
}
