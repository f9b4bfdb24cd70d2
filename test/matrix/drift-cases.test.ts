/**
 * Every kind of drift, made with real DDL on a real database (PGlite and a PostgreSQL server),
 * must produce exactly the expected findings. One base schema and its hand-written spec (with the
 * spellings people use: serial, varchar(200), timestamp, now(), 'user'); each case applies one
 * change to a fresh copy and lists the findings it must cause, nothing more. Here on PGlite, the golden files' own checks too;
 * the servers 13 to 18 in drift-cases-servers.test.ts (test/support/drift-suite.ts holds the suite). On PGlite each case also
 * renders its report (table and JSON, through the public checkDatabase) and compares it with
 * test/golden/drift/<case>.{table.txt,json}, so a change of message or payload shows in review.
 */
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { expect } from 'chai'
import { VERSION_MATRIX } from '../support/databases.js'
import { CASES } from '../support/drift-cases.js'
import { describeDriftCases, slugOf } from '../support/drift-suite.js'
import { GOLDEN_ROOT } from '../support/golden.js'

describe('drift case golden files', () => {
  const slugs = ['base-schema-strict', ...CASES.map((c) => slugOf(c.name))]

  it('gives every case its own file name', () => {
    expect(new Set(slugs).size).to.equal(slugs.length)
  })

  it('holds no file of a case renamed or removed', async () => {
    const files = await readdir(path.join(GOLDEN_ROOT, 'drift')).catch(() => [])
    expect(files.filter((file) => !slugs.some((slug) => file === `${slug}.table.txt` || file === `${slug}.json`))).to.deep.equal([])
  })
})

describeDriftCases(VERSION_MATRIX.filter((e) => e.name === 'pglite'))
