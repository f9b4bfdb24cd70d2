import { quoteIdent } from './sql-keywords.js'
import { SqlTokenError, tokenize, type Token } from './sql-tokens.js'

/** Result of canonicalising a type as written in a spec. */
export interface CanonicalType {
  /** As format_type() spells it with search_path = public: `character varying(80)`, `integer[]`. */
  readonly type: string
  /** The spelling was serial/bigserial/smallserial: the column also gets a nextval() default. */
  readonly isSerial: boolean
}

// Maps, not object literals: a type named `constructor` or `"toString"` must not find Object.prototype's members.

/** Internal (pg_type.typname) names → format_type() spelling, when that differs or has a typmod rule. */
const INTERNAL: ReadonlyMap<string, string> = new Map(
  Object.entries({
    int2: 'smallint',
    int4: 'integer',
    int8: 'bigint',
    float4: 'real',
    float8: 'double precision',
    bool: 'boolean',
    varchar: 'character varying',
    bpchar: 'character',
    numeric: 'numeric',
    timestamp: 'timestamp without time zone',
    timestamptz: 'timestamp with time zone',
    time: 'time without time zone',
    timetz: 'time with time zone',
    varbit: 'bit varying',
    bit: 'bit',
    interval: 'interval',
    char: '"char"',
  }),
)

/** SQL-standard spellings (unquoted only) → internal name. */
const ALIASES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    int: 'int4',
    integer: 'int4',
    smallint: 'int2',
    bigint: 'int8',
    real: 'float4',
    float: 'float8',
    'double precision': 'float8',
    decimal: 'numeric',
    dec: 'numeric',
    boolean: 'bool',
    'character varying': 'varchar',
    'char varying': 'varchar',
    'national character varying': 'varchar',
    'national char varying': 'varchar',
    'nchar varying': 'varchar',
    character: 'bpchar',
    char: 'bpchar',
    'national character': 'bpchar',
    'national char': 'bpchar',
    nchar: 'bpchar',
    'bit varying': 'varbit',
    'timestamp with time zone': 'timestamptz',
    'timestamp without time zone': 'timestamp',
    'time with time zone': 'timetz',
    'time without time zone': 'time',
  }),
)

const SERIAL: ReadonlyMap<string, string> = new Map(
  Object.entries({
    serial: 'integer',
    serial4: 'integer',
    bigserial: 'bigint',
    serial8: 'bigint',
    smallserial: 'smallint',
    serial2: 'smallint',
  }),
)

/** Built-in types whose format_type() spelling is their plain name. */
const BUILTIN = new Set(
  (
    'text json jsonb uuid bytea inet cidr macaddr macaddr8 xml money tsvector tsquery oid name ' +
    'regclass regtype regproc regprocedure regoper regoperator regnamespace regrole regconfig regdictionary regcollation ' +
    'date point line lseg box path polygon circle int2vector oidvector pg_lsn pg_snapshot txid_snapshot xid xid8 cid tid ' +
    'record void trigger anyelement anyarray aclitem int4range int8range numrange tsrange tstzrange daterange ' +
    'int4multirange int8multirange nummultirange tsmultirange tstzmultirange datemultirange jsonpath refcursor'
  ).split(' '),
)

const WITH_TYPMOD = new Set(['varchar', 'bpchar', 'numeric', 'bit', 'varbit', 'timestamp', 'timestamptz', 'time', 'timetz', 'interval'])
const INTERVAL_FIELDS = new Set(['year', 'month', 'day', 'hour', 'minute', 'second', 'to'])

class TypeSyntaxError extends Error {}

interface ParsedType {
  readonly parts: readonly string[]
  readonly quoted: boolean
  readonly words: string
  readonly mods: readonly string[]
  readonly precision: string | null
  readonly zone: string
  readonly fields: string
  readonly arrayDims: number
}

const cache = new Map<string, CanonicalType>()

/** Canonical spelling of a type, as format_type(oid, typmod) prints it with search_path = public. */
export function canonicalType(spelling: string): CanonicalType {
  const hit = cache.get(spelling)
  if (hit !== undefined) return hit
  const result = computeCanonicalType(spelling)
  if (cache.size >= 2000) cache.clear()
  cache.set(spelling, result)
  return result
}

function computeCanonicalType(spelling: string): CanonicalType {
  const fallback = { type: spelling.trim().replace(/\s+/g, ' ').toLowerCase(), isSerial: false }
  let parsed: ParsedType
  try {
    parsed = parseType(tokenize(spelling))
  } catch (error) {
    if (!(error instanceof TypeSyntaxError || error instanceof SqlTokenError)) throw error
    return fallback
  }
  const array = parsed.arrayDims > 0 ? '[]' : ''
  const serial = SERIAL.get(parsed.words)
  if (parsed.parts.length === 0 && !parsed.quoted && serial !== undefined && parsed.mods.length === 0 && array === '') {
    return { type: serial, isSerial: true }
  }
  const base = formatBase(parsed)
  return base === null ? fallback : { type: base + array, isSerial: false }
}

/**
 * Whether a type found in the database satisfies the expected one: equal canonical forms, or an
 * unqualified expected user type against a schema-qualified actual type of the same name.
 */
export function isSameType(expected: string, actual: string): boolean {
  const e = canonicalType(expected).type
  const a = canonicalType(actual).type
  if (e === a) return true
  if (e.includes('.') || !a.includes('.')) return false
  const dot = lastDot(a)
  return dot > 0 && a.slice(dot + 1) === e
}

function lastDot(type: string): number {
  let inQuote = false
  let found = -1
  for (let i = 0; i < type.length; i++) {
    if (type[i] === '"') inQuote = !inQuote
    else if (type[i] === '.' && !inQuote) found = i
  }
  return found
}

function formatBase(t: ParsedType): string | null {
  const schema = t.parts.length > 0 ? (t.parts[0] as string) : null
  const qualified = schema !== null && schema !== 'pg_catalog' && schema !== 'public'
  if (qualified || (t.quoted && !INTERNAL.has(t.words) && !BUILTIN.has(t.words))) {
    return [...(qualified ? [schema] : []), t.words].map(quoteIdent).join('.') + modsText(t.mods)
  }
  let internal = t.quoted ? t.words : (ALIASES.get(t.words) ?? t.words)
  if (internal.startsWith('_') && t.mods.length === 0) {
    const element = internal.slice(1)
    if (INTERNAL.has(element) || BUILTIN.has(element)) return formatBase({ ...t, words: element, quoted: true }) + '[]'
  }
  if (internal === 'float8' && t.words === 'float' && t.mods.length === 1) {
    const p = Number(t.mods[0])
    if (!Number.isInteger(p) || p < 1 || p > 53) return null
    internal = p <= 24 ? 'float4' : 'float8'
    return INTERNAL.get(internal) as string
  }
  const name = INTERNAL.get(internal)
  if (name === undefined) return (BUILTIN.has(internal) ? internal : quoteIdent(internal)) + modsText(t.mods)
  if (!WITH_TYPMOD.has(internal)) return t.mods.length === 0 ? name : null
  return withTypmod(internal, name, t)
}

function withTypmod(internal: string, name: string, t: ParsedType): string | null {
  const mods = t.precision !== null ? [t.precision] : t.mods
  switch (internal) {
    case 'varchar':
    case 'varbit':
      return mods.length === 0 ? name : mods.length === 1 ? `${name}(${mods[0]})` : null
    case 'bpchar':
    case 'bit':
      // CHARACTER and BIT mean length 1; the internal names bpchar and "bit" have no length.
      if (mods.length === 0) return viaKeyword(t) ? `${name}(1)` : internal === 'bpchar' ? 'bpchar' : '"bit"'
      return mods.length === 1 ? `${name}(${mods[0]})` : null
    case 'numeric':
      if (mods.length === 0) return name
      return mods.length <= 2 ? `numeric(${mods[0]},${mods[1] ?? '0'})` : null
    case 'timestamp':
    case 'timestamptz':
    case 'time':
    case 'timetz': {
      if (mods.length > 1) return null
      const zone = name.slice(name.indexOf(' '))
      return name.slice(0, name.indexOf(' ')) + (mods.length === 1 ? `(${mods[0]})` : '') + zone
    }
    default:
      if (mods.length > 1) return null
      return 'interval' + (t.fields !== '' ? ` ${t.fields}` : '') + (mods.length === 1 ? `(${mods[0]})` : '')
  }
}

function viaKeyword(t: ParsedType): boolean {
  return !t.quoted && (ALIASES.has(t.words) || t.words === 'bit')
}

function modsText(mods: readonly string[]): string {
  return mods.length === 0 ? '' : `(${mods.join(',')})`
}

function parseType(tokens: readonly Token[]): ParsedType {
  let i = 0
  const peek = (): Token | undefined => tokens[i]
  const isWord = (w: string): boolean => peek()?.kind === 'ident' && peek()?.value === w
  const names: Token[] = []
  for (;;) {
    const tok = peek()
    if (tok === undefined || (tok.kind !== 'ident' && tok.kind !== 'qident')) throw new TypeSyntaxError('type name expected')
    names.push(tok)
    i++
    if (peek()?.value !== '.' || peek()?.kind !== 'punct') break
    i++
  }
  const last = names[names.length - 1] as Token
  const quoted = last.kind === 'qident'
  const words = [last.value]
  let precision: string | null = null
  let zone = ''
  const fields: string[] = []
  if (!quoted && names.length === 1) {
    const first = last.value
    if (first === 'double' && isWord('precision')) {
      words.push('precision')
      i++
    }
    if (first === 'national' && (isWord('character') || isWord('char'))) {
      words.push(peek()?.value as string)
      i++
    }
    if (['character', 'char', 'nchar', 'bit'].includes(words[words.length - 1] as string) && isWord('varying')) {
      words.push('varying')
      i++
    }
    if (first === 'timestamp' || first === 'time') {
      if (peek()?.value === '(') {
        precision = numberIn(tokens, i + 1)
        i += 3
      }
      if ((isWord('with') || isWord('without')) && tokens[i + 1]?.value === 'time' && tokens[i + 2]?.value === 'zone') {
        zone = `${peek()?.value as string} time zone`
        i += 3
      }
      if (zone !== '') words.push(zone)
    }
    if (first === 'interval') {
      while (peek()?.kind === 'ident' && INTERVAL_FIELDS.has(peek()?.value as string)) {
        fields.push(peek()?.value as string)
        i++
      }
    }
  }
  const mods: string[] = []
  if (peek()?.kind === 'punct' && peek()?.value === '(') {
    i++
    for (;;) {
      const tok = peek()
      if (tok === undefined || (tok.kind !== 'number' && tok.kind !== 'ident')) throw new TypeSyntaxError('type modifier expected')
      mods.push(tok.value)
      i++
      if (peek()?.value === ',') {
        i++
        continue
      }
      if (peek()?.value !== ')') throw new TypeSyntaxError(') expected')
      i++
      break
    }
  }
  let arrayDims = 0
  for (;;) {
    if (peek()?.value === '[' && peek()?.kind === 'punct') {
      i++
      if (peek()?.kind === 'number') i++
      if (peek()?.value !== ']') throw new TypeSyntaxError('] expected')
      i++
      arrayDims++
    } else if (isWord('array')) {
      i++
      arrayDims++
      if (peek()?.value === '[' && tokens[i + 1]?.kind === 'number' && tokens[i + 2]?.value === ']') i += 3
    } else break
  }
  if (i !== tokens.length) throw new TypeSyntaxError('unexpected text after type')
  return {
    parts: names.slice(0, -1).map((t) => t.value),
    quoted,
    words: words.join(' '),
    mods,
    precision,
    zone,
    fields: fields.join(' '),
    arrayDims,
  }
}

function numberIn(tokens: readonly Token[], at: number): string {
  const tok = tokens[at]
  if (tok?.kind !== 'number' || tokens[at + 1]?.value !== ')') throw new TypeSyntaxError('precision expected')
  return tok.value
}
