import { readFileSync } from 'node:fs'

interface PackageJson {
  readonly name: string
  readonly version: string
}

// package.json sits at the package root; this module runs from dist/src/.
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageJson

export const TOOL_NAME = pkg.name
export const TOOL_VERSION = pkg.version
/** The package root (where expected-schema.json and schema/ live), from dist/src/: this module's place, and the CLI bundle's (scripts/bundle-cli.mjs). */
export const PACKAGE_ROOT = new URL('../../', import.meta.url)
