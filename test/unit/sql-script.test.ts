import { expect } from 'chai'
import { splitSqlScript, SqlScriptError } from '../../src/spec/sql-script.js'

const texts = (sql: string): string[] => splitSqlScript(sql).statements.map((s) => s.text)

describe('splitSqlScript', function () {
  it('splits on semicolons outside strings, quoted names, dollar quotes and comments, with each start line', function () {
    const sql = [
      '-- leading comment; not a statement',
      "CREATE TABLE \"a;b\" (x text DEFAULT 'it''s; fine');",
      '/* block; /* nested; */ still comment */',
      "CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $body$ BEGIN RETURN 'x;y'; END; $body$;",
      "SELECT E'\\';', $$;$$, $tag$ $$ ; $tag$;",
      'SELECT 1',
    ].join('\n')
    const { statements } = splitSqlScript(sql)
    expect(statements.map((s) => s.line)).to.deep.equal([2, 4, 5, 6])
    expect(statements.map((s) => s.text)).to.deep.equal([
      "CREATE TABLE \"a;b\" (x text DEFAULT 'it''s; fine')",
      "CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $body$ BEGIN RETURN 'x;y'; END; $body$",
      "SELECT E'\\';', $$;$$, $tag$ $$ ; $tag$",
      'SELECT 1',
    ])
  })

  it('keeps a SQL-standard function body (BEGIN ATOMIC … END, with CASE … END inside) and a multi-action rule whole', function () {
    const sql = `CREATE FUNCTION g(x int) RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT CASE WHEN x > 0 THEN 1 ELSE 2 END;
  SELECT 3;
END;
CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO log VALUES (1); INSERT INTO log VALUES (2));
BEGIN;
COMMIT;`
    expect(texts(sql)).to.deep.equal([
      'CREATE FUNCTION g(x int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN x > 0 THEN 1 ELSE 2 END;\n  SELECT 3;\nEND',
      'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO log VALUES (1); INSERT INTO log VALUES (2))',
      'BEGIN',
      'COMMIT',
    ])
  })

  it("leaves out psql meta-commands and COPY's data lines", function () {
    const sql = [
      '\\restrict abc123',
      'SET x = 1;',
      'COPY t (a) FROM stdin;',
      '1;2',
      "it's",
      '\\.',
      '\\connect other',
      'CREATE TABLE u ();',
      '\\unrestrict abc123',
    ].join('\n')
    const script = splitSqlScript(sql)
    expect(script.statements.map((s) => `${s.line} ${s.text}`)).to.deep.equal(['2 SET x = 1', '3 COPY t (a) FROM stdin', '8 CREATE TABLE u ()'])
    expect(script.metaCommands.map((s) => `${s.line} ${s.text}`)).to.deep.equal(['1 \\restrict abc123', '7 \\connect other', '9 \\unrestrict abc123'])
  })

  it('does not read $1 or a name with $ in it as a dollar quote', function () {
    expect(texts("CREATE FUNCTION h(int) RETURNS int LANGUAGE sql AS 'SELECT $1'; SELECT a$b$c FROM t; SELECT 2")).to.deep.equal([
      "CREATE FUNCTION h(int) RETURNS int LANGUAGE sql AS 'SELECT $1'",
      'SELECT a$b$c FROM t',
      'SELECT 2',
    ])
  })

  it('says on which line a string, dollar quote or comment that never ends starts', function () {
    for (const [sql, line, what] of [
      ["SELECT 1;\nSELECT 'abc;\n", 2, 'a string'],
      ['SELECT 1;\n\nCREATE FUNCTION f() AS $x$ body', 3, 'a $x$-quoted string'],
      ['/* open /* nested */ still', 1, 'a comment'],
    ] as const) {
      let error: unknown
      try {
        splitSqlScript(sql)
      } catch (e) {
        error = e
      }
      expect(error).to.be.instanceOf(SqlScriptError)
      expect((error as SqlScriptError).line).to.equal(line)
      expect((error as SqlScriptError).message).to.equal(`${what} that starts on line ${line} never ends`)
    }
  })
})
