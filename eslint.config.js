// @ts-check
import eslint from '@eslint/js'
import tseslint from 'typescript-eslint'

const DRIVERS = ['pg', '@electric-sql/pglite', '@electric-sql/pglite/*']
const CLI_PARSER = ['yargs', 'yargs/*']
const FILE_SYSTEM = ['node:fs', 'node:fs/*', 'fs']

/**
 * One no-restricted-imports rule per folder (a later config object for the same files would
 * replace the rule, not add to it): the packages it may not use, and the folders above it in the
 * pipeline it may not import (cli → app → report/introspect/snapshot/spec → compare → model → text),
 * so every import runs downward.
 */
const layer = ({ packages = [], packageMessage = '', folders = [] }) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...(packages.length > 0 ? [{ group: packages, message: packageMessage }] : []),
        ...(folders.length > 0
          ? [
              {
                group: folders.flatMap((f) => [`../${f}/*`, `../../${f}/*`, `./${f}/*`]),
                message: `Imports run downward (cli → app → config → report/introspect/snapshot/spec → gate → compare → model): this folder may not import ${folders.join(', ')}.`,
              },
            ]
          : []),
      ],
    },
  ],
})

const PURE = 'This layer is pure: I/O lives in introspect/, app/ and cli/.'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bin/**', 'scripts/**', 'eslint.config.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // Layering: the pure stages import no driver, no CLI parser and no file system, and no folder
  // imports one above it.
  {
    files: ['src/text/**/*.ts'],
    rules: layer({
      packages: [...DRIVERS, ...CLI_PARSER, ...FILE_SYSTEM],
      packageMessage: PURE,
      folders: ['model', 'compare', 'gate', 'report', 'spec', 'snapshot', 'introspect', 'config', 'app', 'cli', 'demo'],
    }),
  },
  {
    files: ['src/model/**/*.ts'],
    rules: layer({
      packages: [...DRIVERS, ...CLI_PARSER, ...FILE_SYSTEM],
      packageMessage: PURE,
      folders: ['compare', 'gate', 'report', 'spec', 'snapshot', 'introspect', 'config', 'app', 'cli', 'demo'],
    }),
  },
  {
    files: ['src/compare/**/*.ts'],
    rules: layer({
      packages: [...DRIVERS, ...CLI_PARSER, ...FILE_SYSTEM],
      packageMessage: PURE,
      folders: ['gate', 'report', 'spec', 'snapshot', 'introspect', 'config', 'app', 'cli', 'demo'],
    }),
  },
  // Suppression rules and baselines decide which findings count: between compare and report.
  {
    files: ['src/gate/**/*.ts'],
    rules: layer({
      packages: [...DRIVERS, ...CLI_PARSER, ...FILE_SYSTEM],
      packageMessage: PURE,
      folders: ['report', 'spec', 'snapshot', 'introspect', 'config', 'app', 'cli', 'demo'],
    }),
  },
  {
    files: ['src/report/**/*.ts'],
    rules: layer({ packages: [...DRIVERS, ...CLI_PARSER, ...FILE_SYSTEM], packageMessage: PURE, folders: ['introspect', 'config', 'app', 'cli', 'demo'] }),
  },
  {
    files: ['src/spec/**/*.ts'],
    rules: layer({
      packages: [...DRIVERS, ...CLI_PARSER],
      packageMessage: 'The spec layer does not talk to databases or parse argv.',
      folders: ['compare', 'report', 'snapshot', 'introspect', 'config', 'app', 'cli', 'demo'],
    }),
  },
  {
    files: ['src/snapshot/**/*.ts'],
    rules: layer({
      packages: [...DRIVERS, ...CLI_PARSER],
      packageMessage: 'The snapshot writer does not talk to databases or parse argv.',
      folders: ['compare', 'gate', 'report', 'introspect', 'config', 'app', 'cli', 'demo'],
    }),
  },
  {
    files: ['src/introspect/**/*.ts'],
    rules: layer({
      packages: CLI_PARSER,
      packageMessage: 'Introspection does not parse argv.',
      folders: ['compare', 'gate', 'report', 'spec', 'snapshot', 'config', 'app', 'cli', 'demo'],
    }),
  },
  {
    files: ['src/demo/**/*.ts'],
    rules: layer({
      packages: [...DRIVERS, ...CLI_PARSER, ...FILE_SYSTEM],
      packageMessage: PURE,
      folders: ['model', 'compare', 'gate', 'report', 'spec', 'snapshot', 'introspect', 'config', 'app', 'cli'],
    }),
  },
  // The config file is read like the spec (a file: its text and positions), and parses no argv.
  {
    files: ['src/config/**/*.ts'],
    rules: layer({
      packages: [...DRIVERS, ...CLI_PARSER],
      packageMessage: 'The config loader does not talk to databases or parse argv.',
      folders: ['app', 'cli', 'demo'],
    }),
  },
  // The cores are called without a process: no argv parsing here.
  {
    files: ['src/app/**/*.ts'],
    rules: layer({ packages: CLI_PARSER, packageMessage: 'The command cores take parsed options; argv belongs to cli/.', folders: ['cli'] }),
  },
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-unused-expressions': 'off' } },
)
