/**
 * The one normalized schema model. Two producers fill it: the spec loader (what the application
 * expects) and the introspector (what the database has). The comparer only ever sees this model.
 *
 * Polarity of optional fields: on an EXPECTED model an `undefined` property means "not checked"
 * (the spec left it out); `null` means "must be absent" (e.g. `default: null` = no default). An
 * ACTUAL model (from introspection) fills every property.
 *
 * Canonical forms: types are spelled as PostgreSQL's format_type() spells them with
 * search_path = public (`character varying(80)`, `timestamp without time zone`, `integer[]`;
 * types outside `public` are schema-qualified). Expressions (defaults, checks, index keys and
 * predicates, trigger WHEN) pass through canonicalExpression() in both producers, so the comparer
 * can use plain string equality.
 */
import type { MigrationHistoryModel, MigrationSpecModel } from './migration.js'
import type { SequenceHealthModel } from './sequence-health.js'

export interface SchemaModel {
  /**
   * The PostgreSQL schemas the model covers, listed even when empty. Expected: the schemas the
   * spec lists (extras are reported in these). Actual: every user schema of the database.
   * Undefined: the schemas its objects are in (a model built by hand).
   */
  readonly schemas?: readonly string[]
  /**
   * Expected only: the spec is exact (`complete: true`, as a snapshot writes it). Its left-out
   * properties were filled with PostgreSQL's defaults, and --strict reports the actual schemas it
   * does not list.
   */
  readonly isComplete?: boolean
  /** Expected only: `schemas` is every schema the database should have (the spec's `allSchemas`). */
  readonly hasAllSchemas?: boolean
  readonly tables: readonly TableModel[]
  readonly functions: readonly FunctionModel[]
  readonly extensions: readonly ExtensionModel[]
  readonly enums: readonly EnumModel[]
  readonly sequences: readonly SequenceModel[]
  readonly views: readonly ViewModel[]
  /** Expected only: the spec's `migrations` section (which tool, which revision). */
  readonly migration?: MigrationSpecModel
  /**
   * Actual only: every migration history table introspection found and read (the known tools'
   * tables, and the one the spec names). Undefined: not looked for (a model built by hand).
   */
  readonly migrationHistories?: readonly MigrationHistoryModel[]
  /** Actual only, when asked for (--health, doctor): each sequence-fed column against its data. */
  readonly sequenceHealth?: readonly SequenceHealthModel[]
}

/** Where the spec declared an object; expected side only. */
export interface Declared {
  /** The JSON pointer of the object's entry in the spec (e.g. `/schemas/public/tables/users/columns/email`). */
  readonly source?: string
}

export interface TableModel extends Declared {
  readonly schema: string
  readonly name: string
  /**
   * The partitioned table this table is a partition of. Expected: undefined = not checked, null =
   * must not be a partition. Actual: null = not a partition.
   */
  readonly partitionOf?: TableRef | null
  /**
   * The bound of a partition, as pg_get_expr(relpartbound) spells it: `FOR VALUES FROM
   * ('2024-01-01') TO ('2025-01-01')`, `FOR VALUES IN ('a', 'b')`, `FOR VALUES WITH (modulus 4,
   * remainder 0)` or `DEFAULT` (the text after `PARTITION OF parent`). Expected: undefined = not
   * checked (a spec gives it only with a non-null `partitionOf`). Actual: null = not a partition.
   * Compared as SQL text (see sql-text.ts), and only when the actual table is a partition (when it
   * is not, `partitionOf` says so).
   */
  readonly partitionBound?: string | null
  /**
   * The partition key of a partitioned table, as pg_get_partkeydef() spells it: `RANGE (taken_on)`,
   * `LIST (region)`, `HASH (id)` (the text after `PARTITION BY`; a partition can be partitioned in
   * turn). Expected: undefined = not checked, null = must not be partitioned. Actual: null = a
   * plain table. Compared as SQL text (see sql-text.ts).
   */
  readonly partitionBy?: string | null
  /**
   * UNLOGGED: not written to the WAL, so emptied after a crash and missing on replicas. Expected:
   * false unless the spec says `unlogged: true` (a broken table counts whatever the spec leaves
   * out, like `valid`). Actual: relpersistence = 'u'.
   */
  readonly isUnlogged?: boolean
  readonly columns: readonly ColumnModel[]
  /** Expected: undefined = not checked, null = must have none. Actual: null = has none. */
  readonly primaryKey?: PrimaryKeyModel | null
  readonly uniqueConstraints: readonly UniqueModel[]
  readonly checkConstraints: readonly CheckModel[]
  /** Actual: every index of the table, including those that back a constraint (see `constraintName`). */
  readonly indexes: readonly IndexModel[]
  readonly foreignKeys: readonly ForeignKeyModel[]
  readonly triggers: readonly TriggerModel[]
}

/** A table by schema and name. */
export interface TableRef {
  readonly schema: string
  readonly name: string
}

export type IdentityKind = 'always' | 'by default'

export interface ColumnModel extends Declared {
  readonly name: string
  /** Canonical type (see file comment). A `serial` spec type arrives here as its integer type. */
  readonly type?: string
  readonly isNullable?: boolean
  /** Canonical default expression; null = no default. */
  readonly default?: string | null
  /**
   * Expected only: the spec said `serial`/`bigserial`/`smallserial`, so any `nextval(...)`
   * default satisfies it, whatever the sequence is called (tables get renamed, sequences don't).
   */
  readonly isSerial?: boolean
  readonly identity?: IdentityKind | null
  /** Canonical expression of a GENERATED ALWAYS AS (...) STORED column; null = not generated. */
  readonly generated?: string | null
}

export interface PrimaryKeyModel extends Declared {
  readonly name?: string
  readonly columns: readonly string[]
}

export interface UniqueModel extends Declared {
  readonly name?: string
  readonly columns: readonly string[]
  readonly nullsNotDistinct?: boolean
  /**
   * False for a unique index that stands for an expected UNIQUE constraint (the comparer's
   * candidate); a spec's entry and an introspected constraint are constraints (undefined = true).
   */
  readonly isConstraint?: boolean
}

export interface CheckModel extends Declared {
  readonly name?: string
  /** Canonical boolean expression, without the CHECK keyword. */
  readonly expression: string
  /** See ForeignKeyModel.isValid. */
  readonly isValid?: boolean
  /** See ForeignKeyModel.isEnforced (a check can only be NOT ENFORCED, PostgreSQL 18+). */
  readonly isEnforced?: boolean
}

export interface IndexModel extends Declared {
  readonly name?: string
  /** Key elements: a column name or a canonical expression, followed by ` DESC`, ` NULLS FIRST`, ... when not default. */
  readonly keys: readonly string[]
  readonly isUnique?: boolean
  /** Access method: btree, hash, gin, gist, brin, spgist, ... */
  readonly method?: string
  /** Canonical partial-index predicate; null = not partial. */
  readonly where?: string | null
  readonly include?: readonly string[]
  /** Actual only: the primary key / unique / exclusion constraint this index backs, if any. */
  readonly constraintName?: string | null
  /**
   * False when queries cannot use the index: pg_index.indisvalid, indisready or indislive is
   * false (a failed or unfinished CREATE INDEX CONCURRENTLY, or an index of a partitioned table
   * that some partition lacks). Expected: always true (no spec wants a broken index).
   */
  readonly isValid?: boolean
}

export type ReferentialAction = 'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT'
export type MatchType = 'SIMPLE' | 'FULL' | 'PARTIAL'

export interface ForeignKeyModel extends Declared {
  readonly name?: string
  readonly columns: readonly string[]
  readonly referencedSchema: string
  readonly referencedTable: string
  /** Expected: undefined = the referenced table's primary key (as in SQL's REFERENCES t). */
  readonly referencedColumns?: readonly string[]
  readonly onDelete?: ReferentialAction
  readonly onUpdate?: ReferentialAction
  readonly match?: MatchType
  readonly isDeferrable?: boolean
  readonly isInitiallyDeferred?: boolean
  /**
   * False for a constraint added NOT VALID and never validated: rows older than it were not
   * checked. Expected: true unless the spec says `valid: false`.
   */
  readonly isValid?: boolean
  /**
   * False when new rows are not checked: declared NOT ENFORCED (PostgreSQL 18+), or, for a
   * foreign key, one of the internal triggers that enforce it is disabled or fires only in
   * replication sessions (ALTER TABLE ... DISABLE TRIGGER ALL). Expected: true unless the spec
   * says `enforced: false`.
   */
  readonly isEnforced?: boolean
  /**
   * Whether an index of the referencing table starts with the key's columns (see
   * hasIndexLeadingWith): without one, each DELETE of a referenced row scans this table.
   * Expected: false = the spec accepts a key without one (`indexed: false`); otherwise one is
   * expected, unless the spec lists the covering index itself (then index.missing says it).
   * Actual: filled by introspection.
   */
  readonly isIndexed?: boolean
}

export type TriggerTiming = 'BEFORE' | 'AFTER' | 'INSTEAD OF'
export type TriggerEvent = 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE'
export type TriggerLevel = 'ROW' | 'STATEMENT'
/** pg_trigger.tgenabled: 'origin' fires normally (ENABLE), 'disabled' never, 'replica'/'always' per session_replication_role. */
export type TriggerEnabled = 'origin' | 'always' | 'replica' | 'disabled'

export interface TriggerModel extends Declared {
  readonly name: string
  readonly timing?: TriggerTiming
  /** Sorted in the order INSERT, UPDATE, DELETE, TRUNCATE. */
  readonly events?: readonly TriggerEvent[]
  /** Columns of `UPDATE OF ...`; empty = any column. */
  readonly updateOf?: readonly string[]
  readonly level?: TriggerLevel
  /** Function name, schema-qualified unless in `public`. */
  readonly function?: string
  readonly arguments?: readonly string[]
  /** Canonical WHEN condition; null = none. */
  readonly when?: string | null
  readonly enabled?: TriggerEnabled
}

export interface FunctionModel extends Declared {
  readonly schema: string
  readonly name: string
  /** Canonical argument types (input arguments only). Expected: undefined = any overload. */
  readonly argumentTypes?: readonly string[]
  readonly returns?: string
  readonly language?: string
  /**
   * The function's source: pg_proc.prosrc, the text between the dollar quotes of `AS $$...$$`
   * exactly as written (for language C, the link symbol). For a SQL-standard body (PostgreSQL 14+,
   * `prosqlbody`), PostgreSQL keeps no source text: the body is then the deparsed `BEGIN ATOMIC
   * ... END` or `RETURN ...` (pg_get_function_sqlbody()), which is not quoted when the function is
   * created (`LANGUAGE sql RETURN a * 2`, not `AS 'RETURN a * 2'`). Expected: the spec's text
   * as written; undefined = not checked. Actual: always set. Compared as SQL text for `sql` and
   * `plpgsql`, and ignoring whitespace for other languages (see sql-text.ts).
   */
  readonly body?: string
  /**
   * Actual only, never compared and never in a spec: pg_get_functiondef(), the whole `CREATE OR
   * REPLACE FUNCTION` (or `PROCEDURE`) statement with argument names and defaults, result,
   * language, volatility, strictness, SECURITY DEFINER, cost, SET options and body, schema-
   * qualified; ends with a newline, no semicolon. Rebuilds the database's function exactly.
   */
  readonly createStatement?: string
}

export interface ExtensionModel extends Declared {
  readonly name: string
  readonly schema?: string
  readonly version?: string
}

export interface EnumModel extends Declared {
  readonly schema: string
  readonly name: string
  /** Labels in sort order. */
  readonly values?: readonly string[]
}

export interface SequenceModel extends Declared {
  readonly schema: string
  readonly name: string
  readonly dataType?: string
  /**
   * The column whose serial default or identity the sequence belongs to, in the sequence's own
   * schema (PostgreSQL keeps an owned sequence in its table's schema). `table` is the table's
   * current name, which after a rename no longer matches the sequence's name.
   * Actual: pg_depend's owning column (deptype 'a': serial or ALTER SEQUENCE ... OWNED BY; 'i':
   * identity), of a table, view or foreign table; null = owned by no column, even if some column's
   * nextval() default uses it. Expected: the one column of the same schema that the spec says uses
   * the sequence (a `nextval('seq')` default, or a serial/identity column whose generated sequence
   * name is this one); undefined when the spec names no such column, or more than one.
   */
  readonly ownedBy?: { readonly table: string; readonly column: string } | null
}

export interface ViewModel extends Declared {
  readonly schema: string
  readonly name: string
  readonly isMaterialized?: boolean
  /**
   * The view's query as pg_get_viewdef() deparses it (with search_path = public: objects in
   * `public` unqualified), without the leading space and trailing semicolon it adds: `SELECT id,
   * name FROM projects` over several lines. PostgreSQL stores the parsed query, not its text, and
   * the deparsed form can change between major versions (16 stopped qualifying the columns of a
   * one-table query). Expected: the spec's text as written; undefined = not checked. Actual:
   * always set. Compared as SQL text (see sql-text.ts).
   */
  readonly definition?: string
  /** Triggers on the view (INSTEAD OF ... FOR EACH ROW, or statement-level). Expected: undefined = not checked. */
  readonly triggers?: readonly TriggerModel[]
}

/** A PostgreSQL schema (namespace) as an object of its own: it exists, or it does not. */
export interface SchemaEntryModel extends Declared {
  readonly name: string
}

/** An empty model: the starting point for builders and for a database with nothing in it. */
export const EMPTY_SCHEMA: SchemaModel = Object.freeze({
  tables: [],
  functions: [],
  extensions: [],
  enums: [],
  sequences: [],
  views: [],
})
