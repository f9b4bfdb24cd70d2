#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm run build`, run automatically by
// `npm ci`), bundled into one module that starts faster (scripts/bundle-cli.mjs).
import { main } from '../dist/src/cli.bundle.js'

process.exitCode = await main(process.argv.slice(2))
