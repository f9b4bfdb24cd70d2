#!/usr/bin/env node
// Installs the PostgreSQL 13 and 14 binaries of the tests' version matrix into test/servers (its
// own package.json and lockfile: see there why they are not root dependencies), with `npm ci`,
// unless what is installed is what the lockfile says. npm test runs it; it prints nothing when
// there is nothing to do. On a platform other than linux-x64 npm skips the optional packages, and
// the matrix is 15 to 18 (test/support/postgres-server.ts).
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'

const dir = new URL('../test/servers/', import.meta.url)
const lock = readFileSync(new URL('package-lock.json', dir), 'utf8')
const installed = new URL('node_modules/.package-lock.json', dir)
const packagesOf = (text) => JSON.stringify(JSON.parse(text).packages ?? {}, (key, value) => (key === '' ? undefined : value))
// npm ci writes node_modules/.package-lock.json: the same packages as the lockfile = up to date.
if (existsSync(installed) && packagesOf(readFileSync(installed, 'utf8')) === packagesOf(lock)) process.exit(0)
console.error('verify-database: installing the PostgreSQL 13 and 14 test servers into test/servers (npm ci)')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
execFileSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' })
