/**
 * The expression tree used by the canonicaliser. Parentheses are not nodes: the printer adds
 * only those that precedence requires. Names are stored decoded (unquoted, case preserved).
 */

/** A parsed SQL expression. */
export type SqlNode =
  | { readonly k: 'str'; readonly v: string }
  /** Numeric constant as written, normalised (may start with `-`). */
  | { readonly k: 'num'; readonly v: string }
  | { readonly k: 'bits'; readonly v: string }
  | { readonly k: 'const'; readonly v: 'true' | 'false' | 'NULL' }
  /** Column reference (possibly qualified). */
  | { readonly k: 'name'; readonly parts: readonly string[] }
  /** SQL value function (CURRENT_TIMESTAMP, CURRENT_USER, ...), optionally with a precision. */
  | { readonly k: 'sqlv'; readonly v: string; readonly arg?: string }
  /** Function call; `special` prints the name uppercase (COALESCE, NULLIF, GREATEST, LEAST). */
  | { readonly k: 'func'; readonly name: readonly string[]; readonly args: readonly SqlNode[]; readonly star?: boolean; readonly special?: boolean }
  /** `e::t`; `t` is a canonical type. */
  | { readonly k: 'cast'; readonly e: SqlNode; readonly t: string }
  /** Binary operator, including keyword operators (LIKE, IS DISTINCT FROM, AT TIME ZONE...). */
  | { readonly k: 'bin'; readonly op: string; readonly l: SqlNode; readonly r: SqlNode }
  | { readonly k: 'bool'; readonly op: 'AND' | 'OR'; readonly args: readonly SqlNode[] }
  | { readonly k: 'not'; readonly e: SqlNode }
  /** Prefix operator (`-`, `+`, `~`, `@`...). */
  | { readonly k: 'pre'; readonly op: string; readonly e: SqlNode }
  | { readonly k: 'is'; readonly e: SqlNode; readonly not: boolean; readonly what: 'NULL' | 'TRUE' | 'FALSE' | 'UNKNOWN' }
  /** `l op ANY (r)` / `l op ALL (r)`. */
  | { readonly k: 'quant'; readonly op: string; readonly q: 'ANY' | 'ALL'; readonly l: SqlNode; readonly r: SqlNode }
  /** `ARRAY[...]`; `nested` marks an inner `[...]` of a multi-dimensional constructor. */
  | { readonly k: 'array'; readonly items: readonly SqlNode[]; readonly nested?: boolean }
  | { readonly k: 'row'; readonly items: readonly SqlNode[] }
  /** Subscript `e[lo]` or slice `e[lo:hi]`. */
  | { readonly k: 'sub'; readonly e: SqlNode; readonly lo: SqlNode | null; readonly hi: SqlNode | null; readonly slice: boolean }
  | { readonly k: 'field'; readonly e: SqlNode; readonly f: string }
  | { readonly k: 'case'; readonly arg: SqlNode | null; readonly whens: readonly (readonly [SqlNode, SqlNode])[]; readonly els: SqlNode | null }
  | { readonly k: 'collate'; readonly e: SqlNode; readonly coll: readonly string[] }
  /** Keyword-syntax functions: EXTRACT(f FROM e), SUBSTRING(a FROM b FOR c), POSITION(a IN b), TRIM(BOTH FROM a). */
  | { readonly k: 'kwfunc'; readonly name: string; readonly parts: readonly (readonly [string, SqlNode])[] }

/** Binding strength, lowest first (PostgreSQL's gram.y precedence table). */
export const PREC = {
  OR: 1,
  AND: 2,
  NOT: 3,
  IS: 4,
  CMP: 5,
  LIKE: 6,
  OP: 7,
  ADD: 8,
  MUL: 9,
  EXP: 10,
  AT: 11,
  COLLATE: 12,
  UMINUS: 13,
  SUB: 14,
  CAST: 15,
  ATOM: 100,
} as const

const COMPARISON = new Set(['=', '<>', '<', '>', '<=', '>='])
const KEYWORD_LIKE = new Set(['LIKE', 'ILIKE', 'NOT LIKE', 'NOT ILIKE', 'SIMILAR TO', 'NOT SIMILAR TO'])

/** Is `op` one of the six comparison operators? */
export function isComparison(op: string): boolean {
  return COMPARISON.has(op)
}

/** Precedence of a binary operator. */
export function binaryPrec(op: string): number {
  if (COMPARISON.has(op)) return PREC.CMP
  if (KEYWORD_LIKE.has(op)) return PREC.LIKE
  if (op === 'IS DISTINCT FROM' || op === 'IS NOT DISTINCT FROM') return PREC.IS
  if (op === 'AT TIME ZONE') return PREC.AT
  if (op === '+' || op === '-') return PREC.ADD
  if (op === '*' || op === '/' || op === '%') return PREC.MUL
  if (op === '^') return PREC.EXP
  return PREC.OP
}

/** Is the operator non-associative (comparison, LIKE, IS level)? */
export function isNonAssoc(op: string): boolean {
  const p = binaryPrec(op)
  return p === PREC.CMP || p === PREC.LIKE || p === PREC.IS
}

/** Is the node a constant (string, number, bit string, boolean or NULL)? */
export function isLiteral(node: SqlNode): boolean {
  return node.k === 'str' || node.k === 'num' || node.k === 'const' || node.k === 'bits'
}

/** A literal, or a cast of one. */
export function isLiteralish(node: SqlNode): boolean {
  return isLiteral(node) || (node.k === 'cast' && isLiteralish(node.e)) || (node.k === 'pre' && isLiteralish(node.e))
}

/** The direct subexpressions of a node. */
export function childrenOf(node: SqlNode): readonly SqlNode[] {
  switch (node.k) {
    case 'str':
    case 'num':
    case 'bits':
    case 'const':
    case 'name':
    case 'sqlv':
      return []
    case 'func':
      return node.args
    case 'cast':
    case 'not':
    case 'pre':
    case 'is':
    case 'field':
    case 'collate':
      return [node.e]
    case 'bin':
    case 'quant':
      return [node.l, node.r]
    case 'bool':
      return node.args
    case 'array':
    case 'row':
      return node.items
    case 'sub':
      return [node.e, ...(node.lo === null ? [] : [node.lo]), ...(node.hi === null ? [] : [node.hi])]
    case 'case':
      return [...(node.arg === null ? [] : [node.arg]), ...node.whens.flat(), ...(node.els === null ? [] : [node.els])]
    case 'kwfunc':
      return node.parts.map(([, e]) => e)
  }
}

/** Whether the tree has more than `limit` levels; a loop, so any depth can be measured. */
export function isDeeperThan(root: SqlNode, limit: number): boolean {
  const stack: [SqlNode, number][] = [[root, 1]]
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, depth] = top
    if (depth > limit) return true
    for (const child of childrenOf(node)) stack.push([child, depth + 1])
  }
  return false
}
