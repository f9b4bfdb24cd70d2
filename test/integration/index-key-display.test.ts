/**
 * Index keys as messages show them must be SQL that PostgreSQL reads back as the same index:
 * every index below is introspected, its keys rendered with displayIndexKeys() (from their spec
 * spelling, as findings carry them), and `CREATE INDEX copy ON t <rendered keys>` must give an
 * index whose pg_get_indexdef() equals the original's, name aside.
 */
import { expect } from 'chai'
import { introspectDatabase } from '../../src/introspect/introspect-database.js'
import { displayIndexKeys, specIndexKey } from '../../src/model/index-key.js'
import { ENGINES } from '../support/databases.js'

const SETUP_SQL = `
CREATE FUNCTION twice(integer) RETURNS integer IMMUTABLE LANGUAGE sql AS 'SELECT $1 * 2';
CREATE TABLE t (a integer, b integer, email text, "User Id" integer, "select" text, ts timestamp);
CREATE INDEX ix_expression ON t (lower(email));
CREATE INDEX ix_arithmetic ON t ((a + b));
CREATE INDEX ix_quoted_desc ON t ("User Id" DESC, "select");
CREATE INDEX ix_ordering ON t (ts DESC NULLS LAST, a NULLS FIRST, b DESC);
CREATE INDEX ix_coalesce ON t (COALESCE(a, 0));
CREATE INDEX ix_concat ON t ((email || 'x'));
CREATE INDEX ix_cast ON t ((a::text));
CREATE INDEX ix_date_trunc ON t (date_trunc('day', ts) DESC);
CREATE INDEX ix_extract ON t (EXTRACT(year FROM ts));
CREATE INDEX ix_user_function ON t (twice(a), public.twice(b));
CREATE INDEX ix_case ON t ((CASE WHEN a > 0 THEN 1 ELSE 0 END));
`

for (const engine of ENGINES) {
  describe(`index keys in messages on ${engine.name}`, function () {
    it('reads back as the same index when pasted into CREATE INDEX', async function () {
      const db = await engine.createDatabase()
      try {
        await db.session.exec(SETUP_SQL)
        const { model } = await introspectDatabase(db.session, { schemas: ['public'] })
        const table = model.tables.find((t) => t.name === 't')
        const columnNames = new Set(table?.columns.map((c) => c.name))
        const indexes = table?.indexes ?? []
        expect(indexes).to.have.length(11)
        const rendered = new Map(indexes.map((i) => [i.name ?? '', displayIndexKeys(i.keys.map((key) => specIndexKey(key, columnNames)))]))
        expect(rendered.get('ix_expression')).to.equal('(lower(email))')
        expect(rendered.get('ix_arithmetic')).to.equal('((a + b))')
        expect(rendered.get('ix_quoted_desc')).to.equal('("User Id" DESC, "select")')
        expect(rendered.get('ix_ordering')).to.equal('(ts DESC NULLS LAST, a NULLS FIRST, b DESC)')
        for (const [name, keys] of rendered) await db.session.exec(`CREATE INDEX copy_${name} ON t ${keys}`)
        const definitions = await db.session.query<{ name: string; definition: string }>(
          "SELECT c.relname::text AS name, pg_get_indexdef(c.oid) AS definition FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 't'::regclass",
        )
        const byName = new Map(definitions.map((d) => [d.name, d.definition.slice(d.definition.indexOf(' ON '))]))
        for (const name of rendered.keys()) {
          expect(byName.get(`copy_${name}`), `${name} rendered as ${rendered.get(name)}`).to.equal(byName.get(name))
        }
      } finally {
        await db.drop()
      }
    })
  })
}
