/**
 * The published JSON Schema of the JSON report (schema/report.schema.json), compiled once. Every
 * JSON report the suite produces goes through expectJsonReport: the CLI runs of runBin whose
 * stdout is a JSON document, and the reports tests render in-process. Fleet reports (`fleet`,
 * `merge`) go through expectFleetJsonReport, against schema/fleet-report.schema.json, which refers
 * to the report's schema for each target's report.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { expect } from 'chai'
import { repositoryRoot } from './golden.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

export const REPORT_SCHEMA_PATH = path.join(repositoryRoot(), 'schema', 'report.schema.json')
const FLEET_REPORT_SCHEMA_PATH = path.join(repositoryRoot(), 'schema', 'fleet-report.schema.json')

let compiled: ValidateFunction | undefined
let compiledFleet: ValidateFunction | undefined

export function reportValidator(): ValidateFunction {
  if (compiled === undefined) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true })
    addFormats(ajv)
    compiled = ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')) as object)
  }
  return compiled
}

/** Parses a JSON report (or error document) and fails the test unless it conforms to the published schema. */
export function expectJsonReport(text: string): unknown {
  const document = JSON.parse(text) as unknown
  const validate = reportValidator()
  expect(validate(document), `the JSON report breaks schema/report.schema.json: ${JSON.stringify(validate.errors?.slice(0, 3))}`).to.equal(true)
  return document
}

/** Parses a fleet report (`fleet`/`merge --format json`) and fails the test unless it conforms to the published schema. */
export function expectFleetJsonReport<T>(text: string): T {
  if (compiledFleet === undefined) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true })
    addFormats(ajv)
    ajv.addSchema(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')) as object)
    compiledFleet = ajv.compile(JSON.parse(readFileSync(FLEET_REPORT_SCHEMA_PATH, 'utf8')) as object)
  }
  const document = JSON.parse(text) as unknown
  expect(compiledFleet(document), `the fleet report breaks schema/fleet-report.schema.json: ${JSON.stringify(compiledFleet.errors?.slice(0, 3))}`).to.equal(
    true,
  )
  return document as T
}
