/**
 * The names PostgreSQL makes up for implicit objects. Every expected name below is the one a
 * real server chose for the same input (test/integration/sequence-ownership.test.ts creates
 * them on PGlite and PostgreSQL 15 to 17 and compares).
 */
import { expect } from 'chai'
import { makeObjectName, serialSequenceName } from '../../src/model/implicit-names.js'

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8')

describe('serialSequenceName', () => {
  it('is table_column_seq while that fits', () => {
    expect(serialSequenceName('users', 'id')).to.equal('users_id_seq')
    expect(serialSequenceName('Users', 'ID')).to.equal('Users_ID_seq')
    expect(serialSequenceName('t'.repeat(50), 'id')).to.equal(`${'t'.repeat(50)}_id_seq`)
  })

  it('shortens the longer name first so the whole is 63 bytes', () => {
    const name = serialSequenceName('t'.repeat(63), 'id')
    expect(name).to.equal(`${'t'.repeat(56)}_id_seq`)
    expect(bytes(name)).to.equal(63)
  })

  it('shortens both names alike once they are equally long', () => {
    const name = serialSequenceName('a'.repeat(60), `${'a'.repeat(60)}_co`)
    expect(name).to.equal(`${'a'.repeat(29)}_${'a'.repeat(29)}_seq`)
    expect(bytes(name)).to.equal(63)
  })

  it('clips a name to a whole UTF-8 character, ending up under 63 bytes', () => {
    // 60 and 61 bytes: each is cut to 29 bytes, then back to 28 (14 two-byte characters).
    const name = serialSequenceName('é'.repeat(30), `${'é'.repeat(30)}x`)
    expect(name).to.equal(`${'é'.repeat(14)}_${'é'.repeat(14)}_seq`)
    expect(bytes(name)).to.equal(61)
    expect(serialSequenceName(`${'é'.repeat(30)}b`, 'c')).to.equal(`${'é'.repeat(28)}_c_seq`)
    // Four-byte characters: 56 bytes allowed, 1 + 13 * 4 = 53 kept.
    expect(serialSequenceName(`a${'🐘'.repeat(15)}`, 'id')).to.equal(`a${'🐘'.repeat(13)}_id_seq`)
  })
})

describe('makeObjectName', () => {
  it('takes the odd byte off name2 when both names are equally long', () => {
    // The label idx1 leaves 57 bytes for two names of 40: name1 keeps 29, name2 28.
    expect(makeObjectName('a'.repeat(40), 'b'.repeat(40), 'idx1')).to.equal(`${'a'.repeat(29)}_${'b'.repeat(28)}_idx1`)
    expect(makeObjectName('a'.repeat(40), 'b'.repeat(40), 'idx')).to.equal(`${'a'.repeat(29)}_${'b'.repeat(29)}_idx`)
  })

  it('leaves out _name2 when there is none', () => {
    expect(makeObjectName('orders', null, 'pkey')).to.equal('orders_pkey')
    expect(makeObjectName('o'.repeat(63), null, 'pkey')).to.equal(`${'o'.repeat(58)}_pkey`)
  })
})
