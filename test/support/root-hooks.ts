/**
 * Mocha root hooks (loaded through .mocharc.json). PLACEHOLDER: test/support/databases.ts adds
 * the shutdown of the shared embedded server here.
 */
export const mochaHooks = {}
