// Moved to app/check.ts; this re-export keeps the shell compiling until cli/commands/ takes over.
export * from './app/check.js'
