import type { TenantOptions } from '../app/check.js'
import { UsageError } from '../errors.js'

/**
 * `--tenant-schemas` / `--template-schema` / `--tenants-from-query` as check's options; a template
 * or a query without a pattern is refused (it would be ignored).
 */
export function tenantOptionsOf(args: { readonly tenantSchemas?: string; readonly templateSchema?: string; readonly tenantsFromQuery?: string }): {
  tenants?: TenantOptions
} {
  if (args.tenantSchemas === undefined) {
    if (args.templateSchema !== undefined) throw new UsageError('--template-schema says what each tenant must look like: give it with --tenant-schemas PATTERN')
    if (args.tenantsFromQuery !== undefined)
      throw new UsageError("--tenants-from-query lists the tenants that must exist: give it with --tenant-schemas PATTERN (e.g. 'tenant_*')")
    return {}
  }
  return {
    tenants: {
      pattern: args.tenantSchemas,
      ...(args.templateSchema !== undefined && { template: args.templateSchema }),
      ...(args.tenantsFromQuery !== undefined && { query: args.tenantsFromQuery }),
    },
  }
}
