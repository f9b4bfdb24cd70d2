// @ts-check
import eslint from '@eslint/js'
import tseslint from 'typescript-eslint'

const noIo = (extra = []) => ({
  patterns: [
    { group: ['pg', '@electric-sql/pglite', '@electric-sql/pglite/*', 'yargs', 'yargs/*', 'node:fs', 'node:fs/*', 'fs', ...extra], message: 'This layer is pure: I/O lives in introspect/ and cli/.' },
  ],
})

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bin/**', 'eslint.config.js'] },
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
  // Layering: the pure stages import no driver, no CLI parser and no file system.
  { files: ['src/model/**/*.ts', 'src/compare/**/*.ts', 'src/report/**/*.ts'], rules: { 'no-restricted-imports': ['error', noIo()] } },
  { files: ['src/spec/**/*.ts', 'src/snapshot/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['pg', '@electric-sql/pglite', '@electric-sql/pglite/*', 'yargs', 'yargs/*'], message: 'The spec layer does not talk to databases or parse argv.' }] }] } },
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-unused-expressions': 'off' } },
)
