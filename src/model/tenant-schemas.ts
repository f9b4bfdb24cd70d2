/**
 * Tenant schemas: one database holding the same schema many times (`tenant_0001`, `tenant_0002`,
 * …), each checked against one template: the spec's `public`, or the schema `--template-schema`
 * names. The expected model of a tenant is the template's objects moved into the tenant's schema,
 * with every reference to the template's own objects moved with them, as PostgreSQL spells it for
 * a schema that is not on the search path:
 * - an enum type of the template: `mood` (or `template.mood`) → `tenant_0001.mood`, in column
 *   types, function signatures and casts;
 * - a function of the template: `touch()` → `tenant_0001.touch()` in expressions, and a trigger's
 *   function `touch` → `tenant_0001.touch`;
 * - a foreign key to a template table, a partition of one → the tenant's table.
 * References to anything else (a shared `public.plans`, a pg_catalog function) are kept as
 * written. Sequence names in `nextval('…'::regclass)` need no move: canonical expressions drop the
 * qualification with the table's own schema on both sides.
 *
 * - a view's query: the template's relations, as pg_get_viewdef spells them with search_path =
 *   public, `tpl.users` → `tenant_0001.users`, and in a `public` template the bare `users` (the
 *   names of its own relations where a FROM list has them: qualifyBareRelations) → `tenant_0001.users`.
 *   A tenant view that reads `public.users` (spelled bare) then differs from one that reads its own.
 */
import picomatch from 'picomatch'
import { compareText } from './compare-text.js'
import type { ColumnModel, FunctionModel, SchemaModel, TableModel, TriggerModel, ViewModel } from './schema-model.js'
import { quoteIdent } from './sql-keywords.js'
import { SqlTokenError, tokenize, type Token } from './sql-tokens.js'

/** The user schemas `pattern` (a glob: `tenant_*`, `t_[0-9]*`, `{acme,globex}`) matches, sorted. */
export function matchTenantSchemas(userSchemas: readonly string[], pattern: string): string[] {
  const isMatch = picomatch(pattern, { dot: true })
  return userSchemas.filter((schema) => isMatch(schema)).sort(compareText)
}

/**
 * The expected model of a tenant check: the objects of `model` outside `template` (shared, kept
 * as they are) and, for each tenant, a copy of the template's objects moved into it. A migration
 * history kept in the template is not checked (one revision per tenant is not modelled).
 */
export function tenantModel(model: SchemaModel, template: string, tenants: readonly string[]): SchemaModel {
  const inTemplate = (o: { readonly schema: string }): boolean => o.schema === template
  const shared = (o: { readonly schema: string }): boolean => o.schema !== template
  const mover = new TemplateMover(model, template)
  const copies = tenants.map((tenant) => mover.moveTo(tenant))
  const sharedSchemas = (model.schemas ?? []).filter((schema) => schema !== template)
  const { migration, ...rest } = model
  return {
    ...rest,
    // The tenants are the schemas the pattern matched, not every schema the database should have.
    hasAllSchemas: false,
    ...(migration !== undefined && migration.schema !== template && { migration }),
    schemas: [...new Set([...sharedSchemas, ...tenants])],
    tables: [...model.tables.filter(shared), ...copies.flatMap((c) => c.tables)],
    functions: [...model.functions.filter(shared), ...copies.flatMap((c) => c.functions)],
    extensions: model.extensions,
    enums: [...model.enums.filter(shared), ...copies.flatMap((c) => c.enums)],
    sequences: [...model.sequences.filter(shared), ...copies.flatMap((c) => c.sequences)],
    views: [...model.views.filter((v) => !inTemplate(v)), ...copies.flatMap((c) => c.views)],
  }
}

type Moved = Pick<SchemaModel, 'tables' | 'functions' | 'enums' | 'sequences' | 'views'>

/**
 * Moves the template's objects to a tenant. Each expression of the template is split once where
 * the tenant's name goes (`splitForTenant`), so a thousand tenants cost a thousand joins, not a
 * thousand parses.
 */
class TemplateMover {
  private readonly enumNames: ReadonlySet<string>
  private readonly functionNames: ReadonlySet<string>
  /** The template's tables, views and sequences: what a view's query may name in a FROM list. */
  private readonly relationNames: ReadonlySet<string>
  private readonly templatePrefix: string
  private readonly splits = new Map<string, readonly string[]>()

  constructor(
    private readonly model: SchemaModel,
    private readonly template: string,
  ) {
    this.enumNames = new Set(model.enums.filter((e) => e.schema === template).map((e) => e.name))
    this.functionNames = new Set(model.functions.filter((f) => f.schema === template).map((f) => f.name))
    this.relationNames = new Set([...model.tables, ...model.views, ...model.sequences].filter((r) => r.schema === template).map((r) => r.name))
    this.templatePrefix = `${quoteIdent(template)}.`
  }

  moveTo(tenant: string): Moved {
    const { model, template } = this
    const at = <T extends { readonly schema: string }>(list: readonly T[]): T[] => list.filter((o) => o.schema === template)
    return {
      tables: at(model.tables).map((t) => this.table(t, tenant)),
      functions: at(model.functions).map((f) => this.function(f, tenant)),
      enums: at(model.enums).map((e) => ({ ...e, schema: tenant })),
      sequences: at(model.sequences).map((s) => ({ ...s, schema: tenant })),
      views: at(model.views).map((v) => this.view(v, tenant)),
    }
  }

  private table(t: TableModel, tenant: string): TableModel {
    const expression = (sql: string): string => this.expression(sql, tenant)
    const optional = <T extends string | null | undefined>(sql: T): T => (typeof sql === 'string' ? (expression(sql) as T) : sql)
    return {
      ...t,
      schema: tenant,
      ...(t.partitionOf !== undefined &&
        t.partitionOf !== null &&
        t.partitionOf.schema === this.template && { partitionOf: { ...t.partitionOf, schema: tenant } }),
      columns: t.columns.map((c): ColumnModel => ({
        ...c,
        ...(c.type !== undefined && { type: this.type(c.type, tenant) }),
        ...(c.default !== undefined && { default: optional(c.default) }),
        ...(c.generated !== undefined && { generated: optional(c.generated) }),
      })),
      checkConstraints: t.checkConstraints.map((c) => ({ ...c, expression: expression(c.expression) })),
      indexes: t.indexes.map((i) => ({ ...i, keys: i.keys.map(expression), ...(i.where !== undefined && { where: optional(i.where) }) })),
      foreignKeys: t.foreignKeys.map((fk) => (fk.referencedSchema === this.template ? { ...fk, referencedSchema: tenant } : fk)),
      triggers: t.triggers.map((tr) => this.trigger(tr, tenant)),
    }
  }

  private trigger(tr: TriggerModel, tenant: string): TriggerModel {
    // The model spells a trigger's function `name` in public and `schema.name` elsewhere (unquoted).
    const fn = tr.function
    const moved =
      fn === undefined
        ? undefined
        : this.template === 'public'
          ? this.functionNames.has(fn)
            ? `${tenant}.${fn}`
            : fn
          : fn.startsWith(`${this.template}.`)
            ? `${tenant}.${fn.slice(this.template.length + 1)}`
            : fn
    return {
      ...tr,
      ...(moved !== undefined && { function: moved }),
      ...(tr.when !== undefined && tr.when !== null && { when: this.expression(tr.when, tenant) }),
    }
  }

  private function(f: FunctionModel, tenant: string): FunctionModel {
    return {
      ...f,
      schema: tenant,
      ...(f.argumentTypes !== undefined && { argumentTypes: f.argumentTypes.map((t) => this.type(t, tenant)) }),
      ...(f.returns !== undefined && { returns: this.returnType(f.returns, tenant) }),
    }
  }

  private view(v: ViewModel, tenant: string): ViewModel {
    return {
      ...v,
      schema: tenant,
      ...(v.definition !== undefined && {
        // In public, the bare names of its relations are the template's own: the tenant's own after the move.
        definition:
          this.template === 'public'
            ? qualifyBareRelations(this.expression(v.definition, tenant), quoteIdent(tenant), this.relationNames, 'public')
            : this.expression(v.definition, tenant),
      }),
      ...(v.triggers !== undefined && { triggers: v.triggers.map((tr) => this.trigger(tr, tenant)) }),
    }
  }

  /** A canonical type: the template's enums are qualified with the tenant (format_type's spelling outside the search path). */
  private type(type: string, tenant: string): string {
    if (type.startsWith(this.templatePrefix)) return `${quoteIdent(tenant)}.${type.slice(this.templatePrefix.length)}`
    if (this.template !== 'public') return type
    const base = type.replace(/(\[\])+$/, '')
    return [...this.enumNames].some((name) => quoteIdent(name) === base) ? `${quoteIdent(tenant)}.${type}` : type
  }

  private returnType(returns: string, tenant: string): string {
    const setof = /^SETOF /i.exec(returns)
    return setof === null ? this.type(returns, tenant) : `${setof[0]}${this.type(returns.slice(setof[0].length), tenant)}`
  }

  private expression(sql: string, tenant: string): string {
    let pieces = this.splits.get(sql)
    if (pieces === undefined) this.splits.set(sql, (pieces = this.splitForTenant(sql)))
    return pieces.length === 1 ? sql : pieces.join(`${quoteIdent(tenant)}.`)
  }

  /**
   * `sql` cut where the tenant's qualification goes: before each call of a template function and
   * each cast to a template enum, or in place of the template's own qualification.
   */
  private splitForTenant(sql: string): string[] {
    let tokens: Token[]
    try {
      tokens = tokenize(sql)
    } catch (error) {
      if (error instanceof SqlTokenError) return [sql]
      throw error
    }
    const pieces: string[] = []
    let from = 0
    tokens.forEach((token, i) => {
      if (token.kind !== 'ident' && token.kind !== 'qident') return
      const prev = tokens[i - 1]
      const next = tokens[i + 1]
      if (prev?.value === '.' && prev.kind === 'punct') return
      const isQualifier = next?.kind === 'punct' && next.value === '.'
      if (isQualifier) {
        // `template.x` → `tenant.x` (public's own qualification is never in a canonical form).
        if (token.value === this.template && this.template !== 'public') {
          pieces.push(sql.slice(from, token.start))
          from = tokens[i + 1]?.end ?? token.end
        }
        return
      }
      if (this.template !== 'public') return
      const isCall = next?.kind === 'punct' && next.value === '(' && this.functionNames.has(token.value)
      const isCast = prev?.kind === 'punct' && prev.value === '::' && this.enumNames.has(token.value)
      if (isCall || isCast) {
        pieces.push(sql.slice(from, token.start))
        from = token.start
      }
    })
    pieces.push(sql.slice(from))
    return pieces
  }
}

/** Keywords after which a FROM list's relation names stop (the clause changes). */
const NOT_FROM_LIST = new Set([
  'select',
  'where',
  'group',
  'having',
  'order',
  'limit',
  'offset',
  'window',
  'union',
  'intersect',
  'except',
  'values',
  'on',
  'using',
  'returning',
  'fetch',
  'for',
])

/**
 * `sql`, a view's query as pg_get_viewdef prints it with search_path = public, with each of
 * `names` it names bare as a relation qualified with `qualifier` (already quoted), and, given
 * `movedFrom`, each `movedFrom.name` too (public's own relation, which PostgreSQL qualifies where a
 * CTE shadows it). Relations are the names where a FROM list has them: after FROM, JOIN or ONLY,
 * or after a comma or parenthesis of a FROM list; not a function in FROM, a CTE's name, a column's
 * qualifier, or what follows FROM inside a call (`EXTRACT(year FROM at)`) or `IS DISTINCT FROM`.
 */
export function qualifyBareRelations(sql: string, qualifier: string, names: ReadonlySet<string>, movedFrom?: string): string {
  let tokens: Token[]
  try {
    tokens = tokenize(sql)
  } catch (error) {
    if (error instanceof SqlTokenError) return sql
    throw error
  }
  const isPunct = (t: Token | undefined, value: string): boolean => t?.kind === 'punct' && t.value === value
  const isWord = (t: Token | undefined, ...values: string[]): boolean => t?.kind === 'ident' && values.includes(t.value)
  const isName = (t: Token | undefined): boolean => t?.kind === 'ident' || t?.kind === 'qident'
  // `name AS (`, `name(columns) AS [NOT] MATERIALIZED (`: a WITH query's name.
  const ctes = new Set<string>()
  tokens.forEach((t, i) => {
    if (!isName(t)) return
    let j = i + 1
    if (isPunct(tokens[j], '(')) {
      while (j < tokens.length && !isPunct(tokens[j], ')')) j++
      j++
    }
    if (!isWord(tokens[j], 'as')) return
    j++
    if (isWord(tokens[j], 'not')) j++
    if (isWord(tokens[j], 'materialized')) j++
    if (isPunct(tokens[j], '(')) ctes.add(t.value)
  })
  // What each level of parentheses is: a FROM list, a call's arguments (until a SELECT makes it a
  // query), or something else.
  const clauses: ('from' | 'call' | 'other')[] = ['other']
  const top = (): 'from' | 'call' | 'other' => clauses[clauses.length - 1] ?? 'other'
  const setTop = (clause: 'from' | 'call' | 'other'): void => void (clauses[clauses.length - 1] = clause)
  let out = ''
  let from = 0
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1]
    const next = tokens[i + 1]
    const inFromList = top() === 'from'
    const atRelation = inFromList && (isWord(prev, 'from', 'join', 'only') || isPunct(prev, ',') || isPunct(prev, '('))
    if (isPunct(t, '(')) {
      const opensFromList = inFromList && (isWord(prev, 'from', 'join') || isPunct(prev, ',') || isPunct(prev, '('))
      clauses.push(opensFromList ? 'from' : isName(prev) ? 'call' : 'other')
      return
    }
    if (isPunct(t, ')')) {
      if (clauses.length > 1) clauses.pop()
      return
    }
    if (isWord(t, 'from', 'join')) {
      if (top() !== 'call' && !isWord(prev, 'distinct')) setTop('from')
      return
    }
    if (t.kind === 'ident' && NOT_FROM_LIST.has(t.value)) {
      if (top() !== 'call' || isWord(t, 'select', 'values', 'with')) setTop('other')
      return
    }
    if (!isName(t) || !atRelation || isWord(t, 'only', 'lateral')) return
    if (movedFrom !== undefined && t.value === movedFrom && isPunct(next, '.') && isName(tokens[i + 2]) && names.has(tokens[i + 2]?.value ?? '')) {
      out += `${sql.slice(from, t.start)}${qualifier}`
      from = t.end
      return
    }
    if (ctes.has(t.value) || !names.has(t.value) || isPunct(next, '.') || isPunct(next, '(')) return
    out += `${sql.slice(from, t.start)}${qualifier}.`
    from = t.start
  })
  return out + sql.slice(from)
}
