/**
 * One object (or more) of every kind the spec cannot describe (src/model/not-checked.ts), made
 * with real DDL, and the counts introspection must report for them. Extensions and objects added
 * to an extension stand next to them and must not be counted.
 */
import type { NotCheckedCount } from '../../src/model/not-checked.js'

export const NOT_CHECKED_DDL = `
-- citext and hstore bring base types, operators, operator classes and families, aggregates.
CREATE EXTENSION citext;
CREATE EXTENSION hstore;
CREATE SCHEMA app;

CREATE TABLE accounts (id integer PRIMARY KEY, owner text COLLATE "C", during tsrange);
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY accounts_owner ON accounts USING (owner = current_user);
CREATE POLICY accounts_read ON accounts FOR SELECT USING (true);
ALTER TABLE accounts ADD CONSTRAINT accounts_no_overlap EXCLUDE USING gist (during WITH &&);
CREATE FUNCTION check_account() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE CONSTRAINT TRIGGER accounts_deferred AFTER INSERT ON accounts DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION check_account();
CREATE RULE accounts_keep AS ON DELETE TO accounts DO INSTEAD NOTHING;
CREATE STATISTICS accounts_stats (dependencies) ON id, owner FROM accounts;
CREATE PUBLICATION accounts_pub FOR TABLE accounts;

CREATE TABLE base_log (at timestamptz);
CREATE TABLE account_log (account integer) INHERITS (base_log);
CREATE TABLE events (id integer, day date) PARTITION BY RANGE (day);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE PUBLICATION events_pub FOR TABLE events, accounts;
CREATE FOREIGN DATA WRAPPER dummy_fdw;
CREATE SERVER dummy_server FOREIGN DATA WRAPPER dummy_fdw;
CREATE FOREIGN TABLE remote_accounts (id integer) SERVER dummy_server;

CREATE DOMAIN positive_int AS integer NOT NULL CHECK (VALUE > 0) CHECK (VALUE < 1000);
CREATE TYPE pair AS (a integer, b integer);
CREATE TYPE floatrange AS RANGE (subtype = float8);
CREATE TYPE mytext;
CREATE FUNCTION mytext_in(cstring) RETURNS mytext LANGUAGE internal IMMUTABLE STRICT AS 'textin';
CREATE FUNCTION mytext_out(mytext) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS 'textout';
CREATE TYPE mytext (INPUT = mytext_in, OUTPUT = mytext_out, LIKE = text);
CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer);
CREATE FUNCTION my_row_number() RETURNS bigint LANGUAGE internal WINDOW IMMUTABLE AS 'window_row_number';
CREATE OPERATOR === (LEFTARG = integer, RIGHTARG = integer, FUNCTION = int4eq);
CREATE OPERATOR CLASS int4_eq_ops FOR TYPE integer USING hash AS OPERATOR 1 =, FUNCTION 1 hashint4(integer);
CREATE OPERATOR FAMILY lonely_ops USING btree;
CREATE COLLATION c_copy FROM "C";
CREATE CONVERSION latin1_to_utf8 FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;
CREATE TEXT SEARCH CONFIGURATION simple_copy (COPY = simple);
CREATE TEXT SEARCH DICTIONARY simple_dict (TEMPLATE = simple);
CREATE TEXT SEARCH PARSER my_parser (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype);
CREATE TEXT SEARCH TEMPLATE my_template (LEXIZE = dsimple_lexize, INIT = dsimple_init);

-- In another schema: counted there.
CREATE DOMAIN app.code AS text;
CREATE TABLE app.notes (body text COLLATE "C", title text COLLATE "C");

-- Owned by an extension: the extension's business, never counted.
CREATE TABLE ext_table (id integer, name text COLLATE "C");
ALTER TABLE ext_table ENABLE ROW LEVEL SECURITY;
CREATE POLICY ext_policy ON ext_table USING (true);
ALTER EXTENSION citext ADD TABLE ext_table;
CREATE DOMAIN ext_domain AS integer CHECK (VALUE > 0);
ALTER EXTENSION citext ADD DOMAIN ext_domain;
CREATE TYPE ext_pair AS (a integer);
ALTER EXTENSION citext ADD TYPE ext_pair;
CREATE AGGREGATE ext_total(integer) (SFUNC = int4pl, STYPE = integer);
ALTER EXTENSION citext ADD AGGREGATE ext_total(integer);
CREATE OPERATOR ==== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = int4eq);
ALTER EXTENSION citext ADD OPERATOR ==== (integer, integer);
CREATE COLLATION ext_collation FROM "C";
ALTER EXTENSION citext ADD COLLATION ext_collation;
CREATE TEXT SEARCH DICTIONARY ext_dict (TEMPLATE = simple);
ALTER EXTENSION citext ADD TEXT SEARCH DICTIONARY ext_dict;
`

/** What introspecting every schema must report for NOT_CHECKED_DDL, in report order. */
export const EXPECTED_NOT_CHECKED: readonly NotCheckedCount[] = [
  { kind: 'policy', schema: 'public', count: 2 },
  { kind: 'row_security', schema: 'public', count: 1 },
  { kind: 'forced_row_security', schema: 'public', count: 1 },
  { kind: 'exclusion_constraint', schema: 'public', count: 1 },
  { kind: 'constraint_trigger', schema: 'public', count: 1 },
  { kind: 'rule', schema: 'public', count: 1 },
  { kind: 'column_collation', schema: 'app', count: 2 },
  { kind: 'column_collation', schema: 'public', count: 1 },
  { kind: 'inheritance', schema: 'public', count: 1 },
  { kind: 'foreign_table', schema: 'public', count: 1 },
  { kind: 'domain', schema: 'app', count: 1 },
  { kind: 'domain', schema: 'public', count: 1 },
  { kind: 'domain_constraint', schema: 'public', count: 3 },
  { kind: 'composite_type', schema: 'public', count: 1 },
  { kind: 'range_type', schema: 'public', count: 1 },
  { kind: 'base_type', schema: 'public', count: 1 },
  { kind: 'aggregate', schema: 'public', count: 1 },
  { kind: 'window_function', schema: 'public', count: 1 },
  { kind: 'operator', schema: 'public', count: 1 },
  { kind: 'operator_class', schema: 'public', count: 1 },
  { kind: 'operator_family', schema: 'public', count: 1 },
  { kind: 'collation', schema: 'public', count: 1 },
  { kind: 'conversion', schema: 'public', count: 1 },
  { kind: 'statistics', schema: 'public', count: 1 },
  { kind: 'text_search_configuration', schema: 'public', count: 1 },
  { kind: 'text_search_dictionary', schema: 'public', count: 1 },
  { kind: 'text_search_parser', schema: 'public', count: 1 },
  { kind: 'text_search_template', schema: 'public', count: 1 },
  // accounts is in two publications (one table); events is published as its partition events_2024.
  { kind: 'published_table', schema: 'public', count: 2 },
]
