/**
 * The spec's JSON Schema validator, generated into dist/src/spec/spec-validator.js by
 * scripts/compile-spec-validator.mjs (ajv standalone code, options as in that script).
 */
import type { ValidateFunction } from 'ajv'

export declare const validate: ValidateFunction
/** The config file's (schema/verify-database.config.schema.json). */
export declare const validateConfig: ValidateFunction
/** A fleet's targets file (schema/targets.schema.json). */
export declare const validateTargets: ValidateFunction
