/**
 * PublicPath: deparsed SQL as a role with `public` on its search path reads it. What PostgreSQL
 * prints for a role without USAGE on public is checked against a real server in
 * least-privilege.test.ts; here, the rewrite on that output, one construct at a time.
 */
import { expect } from 'chai'
import { PublicPath } from '../../src/introspect/queries/public-path.js'

describe('PublicPath', () => {
  const offPath = new PublicPath(false, ['box'])

  it('takes public. off relations, functions, types and operators, as PostgreSQL prints them with public on the path', () => {
    // pg_get_viewdef() of one view, as a role without USAGE on public gets it (PostgreSQL 17).
    const asRole =
      " SELECT e.id,\n    public.twice(e.id) AS t,\n    'a'::public.mood AS am,\n    NULL::public.box AS nb\n   FROM (public.edge e\n     JOIN public.edge e2 ON ((e.id = e2.id)))\n  WHERE (e.email OPERATOR(public.~) 'x'::public.citext);"
    const asSuperuser =
      " SELECT e.id,\n    twice(e.id) AS t,\n    'a'::mood AS am,\n    NULL::public.box AS nb\n   FROM (edge e\n     JOIN edge e2 ON ((e.id = e2.id)))\n  WHERE (e.email ~ 'x'::citext);"
    expect(offPath.sql(asRole)).to.equal(asSuperuser)
  })

  it('keeps the name a CREATE FUNCTION statement creates, and string constants, the function source among them', () => {
    const statement =
      "CREATE OR REPLACE FUNCTION public.f(m public.mood DEFAULT 'public.x'::public.mood)\n RETURNS SETOF public.edge\n LANGUAGE sql\nAS $function$ SELECT * FROM public.edge $function$\n"
    expect(offPath.sql(statement)).to.equal(
      "CREATE OR REPLACE FUNCTION public.f(m mood DEFAULT 'public.x'::mood)\n RETURNS SETOF edge\n LANGUAGE sql\nAS $function$ SELECT * FROM public.edge $function$\n",
    )
    expect(offPath.sql('CREATE OR REPLACE PROCEDURE public.p(IN a public.amount)')).to.equal('CREATE OR REPLACE PROCEDURE public.p(IN a amount)')
  })

  it('changes nothing for a role that can use public, nor text it cannot tokenize', () => {
    expect(new PublicPath(true, []).sql('SELECT public.f(1)')).to.equal('SELECT public.f(1)')
    expect(offPath.sql("SELECT public.f('unterminated")).to.equal("SELECT public.f('unterminated")
    expect(offPath.sql('SELECT "public".f(1), public . g(2)')).to.equal('SELECT f(1), public . g(2)')
  })
})
