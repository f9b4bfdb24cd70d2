/**
 * An SQL script (a schema.sql, a `pg_dump --schema-only`) split into its statements, each with
 * the line it starts on, so that a statement PGlite cannot run can be skipped or pointed at.
 * Follows PostgreSQL's lexical rules as far as statement boundaries need: string constants ('',
 * E'' with backslash escapes), quoted identifiers, dollar quotes, nested comments, parentheses
 * (CREATE RULE ... DO (a; b)) and SQL-standard function bodies (BEGIN ATOMIC ... END), whose
 * semicolons do not end the statement. psql meta-commands (`\connect`, pg_dump's `\restrict`)
 * and the data lines of `COPY ... FROM stdin` are not SQL and are left out.
 */

export interface ScriptStatement {
  /** The statement's text, without its semicolon and the comments before it. */
  readonly text: string
  /** 1-based line of its first character. */
  readonly line: number
}

export interface SqlScript {
  readonly statements: readonly ScriptStatement[]
  /** psql meta-command lines that were left out, with their line numbers. */
  readonly metaCommands: readonly ScriptStatement[]
}

/** Thrown for a script whose string, quoted identifier, dollar quote or comment never ends. */
export class SqlScriptError extends Error {
  override readonly name = 'SqlScriptError'
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message)
  }
}

export function splitSqlScript(sql: string): SqlScript {
  const statements: ScriptStatement[] = []
  const metaCommands: ScriptStatement[] = []
  const n = sql.length
  let i = 0
  let line = 1
  /** Offset and line where the current statement's first character is; -1 = none yet. */
  let start = -1
  let startLine = 0
  let depth = 0
  let atomicDepth = 0
  let caseDepth = 0
  let previousWord = ''

  const advanceTo = (end: number): void => {
    for (let k = i; k < end; k++) if (sql.charCodeAt(k) === 10) line++
    i = end
  }
  const unterminated = (what: string, at: number): never => {
    throw new SqlScriptError(`${what} that starts on line ${at} never ends`, at)
  }
  const finish = (end: number): void => {
    const text = sql.slice(start, end).trim()
    if (text !== '') statements.push({ text, line: startLine })
    start = -1
    depth = 0
    atomicDepth = 0
    caseDepth = 0
    previousWord = ''
  }

  while (i < n) {
    const c = sql[i] as string
    if (c === '\n' || c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      advanceTo(i + 1)
      continue
    }
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i)
      advanceTo(end === -1 ? n : end)
      continue
    }
    if (c === '/' && sql[i + 1] === '*') {
      const at = line
      let level = 0
      let k = i
      while (k < n) {
        if (sql[k] === '/' && sql[k + 1] === '*') {
          level++
          k += 2
        } else if (sql[k] === '*' && sql[k + 1] === '/') {
          level--
          k += 2
          if (level === 0) break
        } else k++
      }
      if (level !== 0) unterminated('a comment', at)
      advanceTo(k)
      continue
    }
    if (start === -1) {
      if (c === '\\') {
        // A psql meta-command: the rest of the line.
        const end = sql.indexOf('\n', i)
        metaCommands.push({ text: sql.slice(i, end === -1 ? n : end).trim(), line })
        advanceTo(end === -1 ? n : end)
        continue
      }
      start = i
      startLine = line
    }
    if (c === "'") {
      const isEscaped = /[eE]/.test(sql[i - 1] ?? '') && !isIdentChar(sql[i - 2] ?? ' ')
      advanceTo(endOfQuoted(sql, i, "'", isEscaped) ?? unterminated('a string', line))
      continue
    }
    if (c === '"') {
      advanceTo(endOfQuoted(sql, i, '"', false) ?? unterminated('a quoted identifier', line))
      continue
    }
    if (c === '$' && !isIdentChar(sql[i - 1] ?? ' ')) {
      const tag = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(sql.slice(i, i + 64))?.[0]
      if (tag !== undefined) {
        const close = sql.indexOf(tag, i + tag.length)
        if (close === -1) unterminated(`a ${tag}-quoted string`, line)
        advanceTo(close + tag.length)
        continue
      }
    }
    if (isIdentChar(c) && !isIdentChar(sql[i - 1] ?? ' ')) {
      let k = i
      while (k < n && isIdentChar(sql[k] as string)) k++
      const word = sql.slice(i, k).toLowerCase()
      if (word === 'atomic' && previousWord === 'begin') atomicDepth++
      else if (atomicDepth > 0 && word === 'case') caseDepth++
      else if (atomicDepth > 0 && word === 'end') {
        if (caseDepth > 0) caseDepth--
        else atomicDepth--
      }
      previousWord = word
      advanceTo(k)
      continue
    }
    if (c === '(') depth++
    else if (c === ')') depth = Math.max(0, depth - 1)
    else if (c === ';' && depth === 0 && atomicDepth === 0) {
      const text = sql.slice(start, i)
      finish(i)
      advanceTo(i + 1)
      if (/^\s*copy\b[\s\S]*\bfrom\s+stdin\b/i.test(text)) skipCopyData()
      continue
    }
    advanceTo(i + 1)
  }
  if (start !== -1) finish(n)
  return { statements, metaCommands }

  /** The data lines of COPY ... FROM stdin, through the `\.` line. */
  function skipCopyData(): void {
    const lineEnd = sql.indexOf('\n', i)
    if (lineEnd === -1) return advanceTo(n)
    advanceTo(lineEnd + 1)
    while (i < n) {
      const end = sql.indexOf('\n', i)
      const text = sql.slice(i, end === -1 ? n : end).replace(/\r$/, '')
      advanceTo(end === -1 ? n : end + 1)
      if (text === '\\.') return
    }
  }
}

function isIdentChar(c: string): boolean {
  return /[A-Za-z0-9_$\u0080-\uffff]/.test(c)
}

/** Offset just past the closing quote of the quoted text that starts at `open`; undefined if it never closes. */
function endOfQuoted(sql: string, open: number, quote: string, isBackslashEscaped: boolean): number | undefined {
  let k = open + 1
  while (k < sql.length) {
    const c = sql[k]
    if (isBackslashEscaped && c === '\\') k += 2
    else if (c === quote) {
      if (sql[k + 1] === quote) k += 2
      else return k + 1
    } else k++
  }
  return undefined
}
