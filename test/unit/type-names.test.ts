import { expect } from 'chai'
import { CatalogChangedError } from '../../src/introspect/catalog-changed.js'
import { TypeNames } from '../../src/introspect/queries/type-names.js'

describe('TypeNames.spell', function () {
  // `box` stands for a public type hidden behind pg_catalog.box, as the catalog query reports it.
  const names = new TypeNames(['box', 'Odd "Name"'])

  it('spells public types bare, as format_type() does with public on the search path', function () {
    expect(names.spell('public.year', 'column')).to.equal('year')
    expect(names.spell('public.mpaa_rating[]', 'column')).to.equal('mpaa_rating[]')
    expect(names.spell('public."Name"', 'column')).to.equal('"Name"')
    expect(names.spell('public."Mixed.Case"[]', 'column')).to.equal('"Mixed.Case"[]')
    expect(names.spell('public.geometry(Point,4326)', 'column')).to.equal('geometry(Point,4326)')
  })

  it('keeps the qualification where PostgreSQL keeps it for everyone: a public type hidden by a pg_catalog one', function () {
    expect(names.spell('public.box', 'column')).to.equal('public.box')
    expect(names.spell('public.box[]', 'column')).to.equal('public.box[]')
    expect(names.spell('public."Odd ""Name"""', 'column')).to.equal('public."Odd ""Name"""')
    expect(names.spell('public.boxes', 'column')).to.equal('boxes')
  })

  it('leaves other schemas and built-in spellings alone', function () {
    for (const type of ['integer', 'character varying(20)', 'app.status', '"public2".x', 'publication', 'box', 'timestamp with time zone[]']) {
      expect(names.spell(type, 'column')).to.equal(type)
    }
  })

  it('reports a type that vanished while the catalog was read (format_type() says ???)', function () {
    expect(() => names.spell('???', 'column public.t.c')).to.throw(CatalogChangedError, 'column public.t.c vanished')
  })
})
