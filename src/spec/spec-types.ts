/**
 * The expected-schema.json document, as users write it. Kept in step with
 * schema/expected-schema.schema.json (the published JSON Schema); spec-schema.test.ts checks both
 * against each other. Every optional property means "don't care" when left out.
 *
 * Names are plain PostgreSQL identifiers as stored in the catalog (case-sensitive, unquoted:
 * a table created as "UserAccounts" is written `UserAccounts`).
 */
import type { SpecSuppression } from '../gate/suppressions.js'
import type { MigrationTool } from '../model/migration.js'
import type { SequenceHealthModel } from '../model/sequence-health.js'

export type { SpecSuppression }

export interface Spec {
  readonly $schema?: string
  /** Version of this file format. Only 1 exists. */
  readonly formatVersion?: 1
  /**
   * The spec is exact (a snapshot): left-out properties mean PostgreSQL's default rather than
   * "don't care", and --strict reports schemas it does not list. Absent/false: open-world.
   */
  readonly complete?: boolean
  /** The spec lists every schema of the database: --strict reports any other as schema.extra. */
  readonly allSchemas?: boolean
  /** Free text: which application / release this spec describes. */
  readonly description?: string
  readonly extensions?: readonly SpecExtension[]
  /** The migration tool and the revision the application expects. */
  readonly migrations?: SpecMigrations
  /** PostgreSQL schemas by name (`public`, ...). */
  readonly schemas: Readonly<Record<string, SpecSchema>>
  /** Rules for findings the team has decided about (gate/suppressions.ts, where their type is); the config file may add more. */
  readonly suppressions?: readonly SpecSuppression[]
  /**
   * Written by `snapshot`: what it found about the database besides its schema (never an
   * expectation), so `check --from-snapshot` can check the file offline as it would the database.
   */
  readonly recorded?: SpecRecorded
}

export interface SpecRecorded {
  readonly server: {
    readonly engine: 'postgresql' | 'pglite'
    readonly version: string
    readonly versionNum: number
    readonly database: string
    readonly user: string
    readonly userSchemas: readonly string[]
  }
  /** The migration history tables and their rows (null rows: the role could not read them). */
  readonly migrationHistories: readonly {
    readonly tool: MigrationTool
    readonly schema: string
    readonly table: string
    readonly rows: readonly { readonly revision: string; readonly failed: boolean }[] | null
  }[]
  /** What the database holds that a spec cannot describe, per kind and schema (see "What is not checked"). */
  readonly notChecked: readonly { readonly kind: string; readonly schema: string; readonly count: number }[]
  /** With `snapshot --health`: each sequence-fed column's maximum and its sequence's next value. */
  readonly sequenceHealth?: readonly SequenceHealthModel[]
}

export interface SpecMigrations {
  readonly tool: MigrationTool
  /** The revision the database should be at. */
  readonly revision: string
  /** Every revision the application knows, oldest first. */
  readonly history?: readonly string[]
  /** Tables each revision creates (`table` in the history's schema, or `schema.table`), by revision. */
  readonly creates?: Readonly<Record<string, readonly string[]>>
  /** The history table's schema (default public) and name (default the tool's). */
  readonly schema?: string
  readonly table?: string
  /** custom only: the revision column, the ordering column, and whether rows are every applied migration or only the current one. */
  readonly column?: string
  readonly orderBy?: string
  readonly records?: 'applied' | 'current'
  readonly upgradeCommand?: string
  readonly stampCommand?: string
}

export interface SpecExtension {
  readonly name: string
  readonly schema?: string
  readonly version?: string
}

export interface SpecSchema {
  readonly tables?: Readonly<Record<string, SpecTable>>
  readonly functions?: readonly SpecFunction[]
  /** Enum types by name; `values` in sort order. */
  readonly enums?: Readonly<Record<string, SpecEnum>>
  readonly sequences?: Readonly<Record<string, SpecSequence>>
  readonly views?: Readonly<Record<string, SpecView>>
}

export interface SpecTable {
  /** The partitioned table this table is a partition of; null = must not be a partition. */
  readonly partitionOf?: SpecTableRef | null
  /**
   * A partition's bound, the text after `PARTITION OF parent`: `FOR VALUES FROM ('2024-01-01') TO
   * ('2025-01-01')`, `FOR VALUES IN ('a')`, `DEFAULT`. Only with a non-null `partitionOf`.
   */
  readonly partitionBound?: string
  /** The partition key, the text after `PARTITION BY`: `RANGE (taken_on)`; null = must not be partitioned. */
  readonly partitionBy?: string | null
  /** true: the table may be UNLOGGED; left out or false: it must be logged. */
  readonly unlogged?: boolean
  /** Columns by name. */
  readonly columns?: Readonly<Record<string, SpecColumn>>
  /** null = the table must have no primary key. */
  readonly primaryKey?: SpecPrimaryKey | null
  readonly unique?: readonly SpecUnique[]
  readonly checks?: readonly SpecCheck[]
  readonly indexes?: readonly SpecIndex[]
  readonly foreignKeys?: readonly SpecForeignKey[]
  readonly triggers?: readonly SpecTrigger[]
}

export interface SpecTableRef {
  /** Left out = this table's schema. */
  readonly schema?: string
  readonly table: string
}

export interface SpecColumn {
  /** Any spelling PostgreSQL accepts: `SERIAL`, `VARCHAR(80)`, `int4`, `timestamptz`, `text[]`, `public.my_enum`. */
  readonly type?: string
  readonly nullable?: boolean
  /** Default expression as SQL; null = must have no default. */
  readonly default?: string | null
  /** Identity column kind; null = must not be an identity column. */
  readonly identity?: 'always' | 'by default' | null
  /** Expression of a GENERATED ALWAYS AS (...) STORED column; null = must not be generated. */
  readonly generated?: string | null
}

export interface SpecPrimaryKey {
  readonly name?: string
  readonly columns: readonly string[]
}

export interface SpecUnique {
  readonly name?: string
  readonly columns: readonly string[]
  readonly nullsNotDistinct?: boolean
}

export interface SpecCheck {
  readonly name?: string
  readonly expression: string
  /** false: NOT VALID (a validated one is reported as info); left out = it must be validated. */
  readonly valid?: boolean
  /** false: NOT ENFORCED (PostgreSQL 18+); left out = it must be enforced. */
  readonly enforced?: boolean
}

export type SpecIndexMethod = 'btree' | 'hash' | 'gin' | 'gist' | 'spgist' | 'brin'

export interface SpecIndex {
  readonly name?: string
  /**
   * Key elements: column names or expressions, each optionally followed by DESC / NULLS FIRST|LAST.
   * A bare or double-quoted identifier is a column name as stored (case-sensitive: `UserId` is the
   * column "UserId"); anything else is an expression.
   */
  readonly columns: readonly string[]
  readonly unique?: boolean
  readonly method?: SpecIndexMethod
  /** Partial-index predicate; null = must not be partial. */
  readonly where?: string | null
  readonly include?: readonly string[]
}

export type SpecReferentialAction = 'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT'

export interface SpecForeignKey {
  readonly name?: string
  readonly columns: readonly string[]
  readonly references: {
    readonly schema?: string
    readonly table: string
    /** Left out = the referenced table's primary key. */
    readonly columns?: readonly string[]
  }
  readonly onDelete?: SpecReferentialAction
  readonly onUpdate?: SpecReferentialAction
  readonly match?: 'SIMPLE' | 'FULL'
  readonly deferrable?: boolean
  readonly initiallyDeferred?: boolean
  /** false: NOT VALID (a validated one is reported as info); left out = it must be validated. */
  readonly valid?: boolean
  /** false: checks no new rows (NOT ENFORCED, disabled triggers); left out = it must be enforced. */
  readonly enforced?: boolean
  /** false: the referencing columns need no index; left out = an index must start with them. */
  readonly indexed?: boolean
}

export interface SpecTrigger {
  readonly name: string
  readonly timing?: 'BEFORE' | 'AFTER' | 'INSTEAD OF'
  readonly events?: readonly ('INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE')[]
  /** Columns of UPDATE OF ...; only with an UPDATE event. */
  readonly updateOf?: readonly string[]
  readonly level?: 'ROW' | 'STATEMENT'
  /** Trigger function, optionally schema-qualified. */
  readonly function?: string
  readonly arguments?: readonly string[]
  /** WHEN condition; null = must have none. */
  readonly when?: string | null
  /** true = ENABLE (fires normally), false = DISABLE, or 'replica' / 'always'. */
  readonly enabled?: boolean | 'replica' | 'always'
}

export interface SpecFunction {
  readonly name: string
  /** Input argument types; left out = any overload will do. */
  readonly arguments?: readonly string[]
  readonly returns?: string
  readonly language?: string
  /** The source between the dollar quotes (or a SQL-standard `BEGIN ATOMIC ... END` / `RETURN ...`). */
  readonly body?: string
}

export interface SpecEnum {
  readonly values?: readonly string[]
}

export interface SpecSequence {
  readonly type?: 'smallint' | 'integer' | 'bigint'
}

export interface SpecView {
  readonly materialized?: boolean
  /** Triggers on the view, typically INSTEAD OF triggers that make it writable. */
  readonly triggers?: readonly SpecTrigger[]
  /** The view's query as PostgreSQL deparses it (as `snapshot` writes it). */
  readonly definition?: string
}
