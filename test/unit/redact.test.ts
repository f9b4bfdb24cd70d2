/**
 * redact() is the last line of defence: passwords in every connection string form are scrubbed
 * from text, including URLs whose password holds an unencoded / ? # @ (which end the authority
 * for a naive parser), and connectionSecrets() finds them in malformed strings too.
 */
import { expect } from 'chai'
import { oneLine } from '../../src/text/one-line.js'
import { connectionSecrets, redact, redactUrl } from '../../src/redact.js'
import { escapeConninfo, quoteConninfo, randomPasswords } from '../support/random-passwords.js'

const SEED = 0x0dd_ba11
const COUNT = 300

describe('redact', () => {
  it('redacts a URL password with an unencoded /, ? or # up to the last @ of the URL', () => {
    expect(redactUrl('failed: postgresql://app:ab/cd?e#f@db:5432/app (x)')).to.equal('failed: postgresql://app:***@db:5432/app (x)')
    expect(redactUrl('postgresql://app:a@b/c@db/app')).to.equal('postgresql://app:***@db/app')
  })

  it('redacts unquoted conninfo passwords with escaped spaces and &', () => {
    expect(redactUrl(String.raw`host=h password=ab\ c&d user=u`)).to.equal('host=h password=*** user=u')
  })

  it('replaces the longest secret first, so that a shorter one inside it cannot split it', () => {
    expect(redact('pw is abcdef', ['cd', 'abcdef'])).to.equal('pw is ***')
  })

  it('finds the passwords of malformed connection strings for the CLI to scrub', () => {
    expect(connectionSecrets('--url=postgresql://app:p w/x@h:1/d')).to.include('p w/x')
    expect(connectionSecrets('postgresql://app@h/d?sslmode=disable&password=ab%20cd')).to.include.members(['ab%20cd', 'ab cd'])
    expect(connectionSecrets(String.raw`host=h password='it\'s' user=u`)).to.include("it's")
    expect(connectionSecrets(String.raw`host=h password=ab\ cd`)).to.include('ab cd')
    // Too short to scrub from every message without garbling it (and never quoted in one).
    expect(connectionSecrets('postgresql://u:p@h/d')).to.deep.equal([])
    expect(connectionSecrets("host=h password='unterminated secret")).to.include('unterminated secret')
    expect(connectionSecrets(undefined)).to.deep.equal([])
  })

  it(`scrubs ${COUNT} random passwords (seed ${SEED}) from every well-formed connection string form, inside text`, () => {
    let checked = 0
    for (const password of randomPasswords(COUNT, SEED)) {
      const encoded = encodeURIComponent(password)
      const texts = [
        `postgresql://u:${encoded}@h:1/d`,
        `postgres://u@h/d?sslmode=require&password=${encoded}&x=1`,
        `host=h password=${quoteConninfo(password)} user=u`,
        `host=h password=${escapeConninfo(password)} user=u`,
      ]
      // Unencoded, a URL password ends at whitespace like any word of the text around it.
      if (!/\s/.test(password)) texts.push(`postgresql://u:${password}@h:1/d`)
      for (const text of texts) {
        const scrubbed = redactUrl(`cannot connect to ${text}: refused`)
        for (const form of [password, encoded]) expect(scrubbed, text).to.not.include(form)
        checked++
      }
      // Whatever the form, the secrets found in the string itself scrub it from any text.
      const raw = `postgresql://u:${password}@h:1/d`
      expect(redact(`echo: ${raw} ${password}`, connectionSecrets(raw)), raw).to.not.include(password)
    }
    expect(checked).to.be.greaterThan(COUNT * 4)
  })

  // A quadratic scan would take minutes on these (the URL regex took 1.7 s at 40,000 characters)
  // and end in mocha's timeout; linear code reads them at once.
  it('reads long runs without a :// in linear time, and still redacts the URL after them', function () {
    this.timeout(20_000)
    const run = 'a-'.repeat(150_000)
    expect(redact(`${run} then postgres://app:s3cret@db/app`)).to.equal(`${run} then postgres://app:***@db/app`)
    expect(redact(`${'x'.repeat(200_000)}://u:p@h`)).to.equal(`${'x'.repeat(200_000)}://u:***@h`)
    expect(redact(`9abc://u:p@h _abc://u:p@h a.b+c-d://u:p@h`)).to.equal('9abc://u:p@h _abc://u:p@h a.b+c-d://u:***@h')
    expect(redact(`${' '.repeat(200_000)}password${' '.repeat(200_000)}`)).to.have.length(400_008)
  })

  it('folds multi-line messages onto one line in linear time', function () {
    this.timeout(20_000)
    expect(oneLine('  first\n\n   second  \n third ')).to.equal('first second third')
    expect(oneLine('a\n b', '; ')).to.equal('a; b')
    expect(oneLine(`x${' '.repeat(300_000)}y`)).to.equal(`x${' '.repeat(300_000)}y`)
  })
})
