import { expect } from 'chai'
import { canonicalType, isSameType } from '../../src/model/canonical-type.js'

const SAME: readonly (readonly [string, string])[] = [
  ['int', 'integer'],
  ['int4', 'integer'],
  ['INTEGER', 'integer'],
  ['int2', 'smallint'],
  ['int8', 'bigint'],
  ['float8', 'double precision'],
  ['float', 'double precision'],
  ['float(25)', 'double precision'],
  ['float4', 'real'],
  ['float(24)', 'real'],
  ['float(1)', 'real'],
  ['bool', 'boolean'],
  ['varchar(80)', 'character varying(80)'],
  ['Character Varying ( 80 )', 'character varying(80)'],
  ['varchar', 'character varying'],
  ['char', 'character(1)'],
  ['character', 'character(1)'],
  ['char(3)', 'character(3)'],
  ['bpchar', 'bpchar'],
  ['"char"', '"char"'],
  ['text', 'text'],
  ['timestamp', 'timestamp without time zone'],
  ['timestamp(3)', 'timestamp(3) without time zone'],
  ['TIMESTAMP WITHOUT TIME ZONE', 'timestamp without time zone'],
  ['timestamptz', 'timestamp with time zone'],
  ['timestamp(6) with time zone', 'timestamp(6) with time zone'],
  ['time', 'time without time zone'],
  ['timetz', 'time with time zone'],
  ['interval', 'interval'],
  ['interval day to second(3)', 'interval day to second(3)'],
  ['numeric(9, 2)', 'numeric(9,2)'],
  ['decimal(9,2)', 'numeric(9,2)'],
  ['numeric(5)', 'numeric(5,0)'],
  ['bit', 'bit(1)'],
  ['varbit(4)', 'bit varying(4)'],
  ['bit varying', 'bit varying'],
  ['json', 'json'],
  ['JSONB', 'jsonb'],
  ['uuid', 'uuid'],
  ['text[]', 'text[]'],
  ['_int4', 'integer[]'],
  ['int4[][]', 'integer[]'],
  ['int[3]', 'integer[]'],
  ['varchar(80)[]', 'character varying(80)[]'],
  ['integer ARRAY', 'integer[]'],
  ['"MyType"', '"MyType"'],
  ['my_enum', 'my_enum'],
  ['My_Enum', 'my_enum'],
  ['public.my_enum', 'my_enum'],
  ['app.my_type', 'app.my_type'],
  ['APP.My_Type[]', 'app.my_type[]'],
  ['"my_enum"', 'my_enum'],
  ['pg_catalog.int4', 'integer'],
  ['pg_catalog.varchar(10)', 'character varying(10)'],
  ['"int4"', 'integer'],
  ['"user"', '"user"'],
]

describe('canonicalType', function () {
  for (const [spelling, expected] of SAME) {
    it(`spells ${spelling} as ${expected}`, function () {
      expect(canonicalType(spelling)).to.deep.equal({ type: expected, isSerial: false })
    })
    it(`is idempotent for ${spelling}`, function () {
      const once = canonicalType(spelling).type
      expect(canonicalType(once).type).to.equal(once)
    })
  }

  for (const [spelling, expected] of [
    ['serial', 'integer'],
    ['SERIAL4', 'integer'],
    ['bigserial', 'bigint'],
    ['serial8', 'bigint'],
    ['smallserial', 'smallint'],
    ['serial2', 'smallint'],
  ] as const) {
    it(`treats ${spelling} as ${expected} with isSerial`, function () {
      expect(canonicalType(spelling)).to.deep.equal({ type: expected, isSerial: true })
    })
  }

  it('keeps types that differ apart', function () {
    const distinct = [
      'integer',
      'bigint',
      'varchar(80)',
      'varchar(81)',
      'varchar',
      'text',
      'char',
      'bpchar',
      '"char"',
      'timestamp',
      'timestamptz',
      'numeric(9,2)',
      'numeric(9,3)',
      'numeric',
      'integer[]',
      'my_enum',
      'app.my_enum',
      '"My_Enum"',
      'real',
      'double precision',
    ]
    const canon = distinct.map((t) => canonicalType(t).type)
    expect(new Set(canon).size).to.equal(distinct.length)
  })

  it('does not treat a qualified serial as the serial pseudo-type', function () {
    expect(canonicalType('app.serial')).to.deep.equal({ type: 'app.serial', isSerial: false })
  })

  it('returns normalised lowercase text for shapes it does not know, without throwing', function () {
    expect(canonicalType('  Weird   TYPE( ')).to.deep.equal({ type: 'weird type(', isSerial: false })
    expect(canonicalType('float(99)')).to.deep.equal({ type: 'float(99)', isSerial: false })
    expect(canonicalType('')).to.deep.equal({ type: '', isSerial: false })
  })
})

describe('isSameType', function () {
  it('accepts equal spellings', function () {
    expect(isSameType('int4', 'integer')).to.equal(true)
    expect(isSameType('varchar(80)', 'character varying(80)')).to.equal(true)
  })

  it('accepts an unqualified expected user type against a qualified actual one', function () {
    expect(isSameType('my_type', 'app.my_type')).to.equal(true)
    expect(isSameType('my_type[]', 'app.my_type[]')).to.equal(true)
  })

  it('rejects different names, different schemas and a qualified expectation against another schema', function () {
    expect(isSameType('my_type', 'app.other')).to.equal(false)
    expect(isSameType('app.my_type', 'other.my_type')).to.equal(false)
    expect(isSameType('app.my_type', 'my_type')).to.equal(false)
    expect(isSameType('varchar(80)', 'character varying(81)')).to.equal(false)
  })
})
