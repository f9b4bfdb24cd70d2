/** The size estimates a repair's comments quote come from the catalog, on every engine. */
import { expect } from 'chai'
import { readTableSizes } from '../../src/introspect/queries/table-sizes.js'
import { tableKey } from '../../src/model/object-ref.js'
import { ENGINES } from '../support/databases.js'

for (const engine of ENGINES) {
  describe(`table size estimates on ${engine.name}`, () => {
    it('gives analysed row counts and sizes, "never analysed" as null, and sums the partitions of a partitioned table', async () => {
      const db = await engine.createDatabase()
      try {
        await db.session.exec(`
          CREATE TABLE filled (id int PRIMARY KEY, note text);
          INSERT INTO filled SELECT g, repeat('x', 100) FROM generate_series(1, 2000) g;
          ANALYZE filled;
          CREATE TABLE untouched (id int);
          CREATE TABLE parts (d date NOT NULL) PARTITION BY RANGE (d);
          CREATE TABLE parts_a PARTITION OF parts FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
          CREATE TABLE parts_b PARTITION OF parts FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
          INSERT INTO parts SELECT DATE '2024-06-01' + (g % 400) FROM generate_series(1, 800) g;
          ANALYZE parts_a; ANALYZE parts_b;`)
        const sizes = await readTableSizes(db.session, ['public'], tableKey)
        expect(sizes.get(tableKey('public', 'filled'))?.rows).to.equal(2000)
        expect(sizes.get(tableKey('public', 'filled'))?.bytes).to.be.greaterThan(200_000)
        expect(sizes.get(tableKey('public', 'untouched'))?.rows).to.equal(null)
        expect(sizes.get(tableKey('public', 'parts'))?.rows).to.equal(800)
        const partBytes = (sizes.get(tableKey('public', 'parts_a'))?.bytes ?? 0) + (sizes.get(tableKey('public', 'parts_b'))?.bytes ?? 0)
        expect(sizes.get(tableKey('public', 'parts'))?.bytes).to.equal(partBytes)
      } finally {
        await db.drop()
      }
    })
  })
}
