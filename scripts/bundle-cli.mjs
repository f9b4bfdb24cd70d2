#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli/main.js and everything it imports, yargs included) into
// one module, dist/src/cli.bundle.js, which bin/verify-database.js runs (plus a chunk per lazy import). Node 20 spends most of
// a small check's start-up finding, reading and compiling some 150 module files one by one; one
// file cuts about a fifth of that (`npm run bench` shows the numbers). node-postgres and PGlite
// stay outside: PGlite loads its WebAssembly next to its own files, node-postgres has optional
// requires, and both are loaded from node_modules as usual. The bundle sits in dist/src/ like
// version.js, so paths relative to the package root resolve the same from either.
import { readdirSync, rmSync } from 'node:fs'
import { build } from 'esbuild'

const out = new URL('../dist/src/', import.meta.url)
// Chunks are named by content hash: those of an earlier build would pile up.
for (const file of readdirSync(out)) if (/^cli\.(bundle|chunk-.*)\.js$/.test(file)) rmSync(new URL(file, out))

await build({
  entryPoints: { 'cli.bundle': new URL('../dist/src/cli/main.js', import.meta.url).pathname },
  outdir: out.pathname,
  // What the CLI imports lazily (the PGlite session, the repair proof) stays lazy: a chunk of its
  // own, loaded when used, next to the bundle (same directory, same relative paths).
  splitting: true,
  chunkNames: 'cli.chunk-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['pg', '@electric-sql/pglite', '@electric-sql/pglite/*'],
  // The library's modules stay as tsc wrote them; the bundle is for the command line only.
  legalComments: 'none',
  logLevel: 'warning',
})
