import { expect } from 'chai'
import { TypeNames } from '../../src/introspect/queries/type-names.js'

describe('TypeNames.spell', function () {
  // `box` stands for a public type hidden behind pg_catalog.box, as the catalog query reports it.
  const names = new TypeNames(['box', 'Odd "Name"'])

  it('spells public types bare, as format_type() does with public on the search path', function () {
    expect(names.spell('public.year')).to.equal('year')
    expect(names.spell('public.mpaa_rating[]')).to.equal('mpaa_rating[]')
    expect(names.spell('public."Name"')).to.equal('"Name"')
    expect(names.spell('public."Mixed.Case"[]')).to.equal('"Mixed.Case"[]')
    expect(names.spell('public.geometry(Point,4326)')).to.equal('geometry(Point,4326)')
  })

  it('keeps the qualification where PostgreSQL keeps it for everyone: a public type hidden by a pg_catalog one', function () {
    expect(names.spell('public.box')).to.equal('public.box')
    expect(names.spell('public.box[]')).to.equal('public.box[]')
    expect(names.spell('public."Odd ""Name"""')).to.equal('public."Odd ""Name"""')
    expect(names.spell('public.boxes')).to.equal('boxes')
  })

  it('leaves other schemas and built-in spellings alone', function () {
    for (const type of ['integer', 'character varying(20)', 'app.status', '"public2".x', 'publication', 'box', 'timestamp with time zone[]']) {
      expect(names.spell(type)).to.equal(type)
    }
  })
})
