import type { TenantOptions } from '../app/check.js'
import { UsageError } from '../errors.js'

/** `--tenant-schemas` / `--template-schema` as check's options; a template without a pattern is refused (it would be ignored). */
export function tenantOptionsOf(args: { readonly tenantSchemas?: string; readonly templateSchema?: string }): { tenants?: TenantOptions } {
  if (args.tenantSchemas === undefined) {
    if (args.templateSchema !== undefined) throw new UsageError('--template-schema says what each tenant must look like: give it with --tenant-schemas PATTERN')
    return {}
  }
  return { tenants: { pattern: args.tenantSchemas, ...(args.templateSchema !== undefined && { template: args.templateSchema }) } }
}
