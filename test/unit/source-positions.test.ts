/**
 * SourcePositions.locateAll reads valid JSON with its own scanner (no syntax tree). These tests
 * hold it to what jsonc-parser's tree says for every node of real specs, and to the corner cases
 * of the text: escapes in keys, strings holding brackets, pointers deeper than the document.
 */
import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import { parseTree, type Node } from 'jsonc-parser'
import { toPointer } from '../../src/model/json-pointer.js'
import { keysOfTopLevelObject, SourcePositions } from '../../src/spec/source-positions.js'

const SHIPPED_SPEC = new URL('../../../expected-schema.json', import.meta.url)

/** Every node of a tree with its pointer, value offset and (for properties) key offset. */
function nodesOf(root: Node): { pointer: string; valueOffset: number; keyOffset: number | undefined }[] {
  const nodes: { pointer: string; valueOffset: number; keyOffset: number | undefined }[] = []
  const walk = (node: Node, path: (string | number)[], keyOffset: number | undefined): void => {
    nodes.push({ pointer: toPointer(path), valueOffset: node.offset, keyOffset })
    if (node.type === 'object') {
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? []
        if (key !== undefined && value !== undefined) walk(value, [...path, String(key.value)], key.offset)
      }
    } else if (node.type === 'array') {
      node.children?.forEach((item, i) => walk(item, [...path, i], undefined))
    }
  }
  walk(root, [], undefined)
  return nodes
}

function expectSameAsTree(text: string): number {
  const root = parseTree(text)
  if (root === undefined) throw new Error('no tree')
  const positions = new SourcePositions(text)
  const nodes = nodesOf(root)
  const atValues = positions.locateAll(nodes.map((n) => n.pointer))
  const atKeys = positions.locateAll(
    nodes.map((n) => n.pointer),
    true,
  )
  const wrong = nodes.filter(
    (n) =>
      JSON.stringify(atValues.get(n.pointer)) !== JSON.stringify(positions.positionOf(n.valueOffset)) ||
      JSON.stringify(atKeys.get(n.pointer)) !== JSON.stringify(positions.positionOf(n.keyOffset ?? n.valueOffset)),
  )
  expect(wrong.map((n) => n.pointer)).to.deep.equal([])
  return nodes.length
}

describe('SourcePositions.locateAll', () => {
  it('finds every node of the shipped spec where the syntax tree has it, at the key and at the value', () => {
    expect(expectSameAsTree(readFileSync(SHIPPED_SPEC, 'utf8'))).to.be.greaterThan(300)
  })

  it('finds every node of compact, oddly spaced and escaped JSON where the syntax tree has it', () => {
    const document = {
      'a/b': { 'c~d': [1, -2.5e3, true, null, 'x"]}', { '': [] }], 'é\u2028': '\\' },
      empty: {},
      list: [[], {}, [[0]], '[{'],
      '"quoted"': { '\\': 'back\\slash' },
    }
    expectSameAsTree(JSON.stringify(document))
    expectSameAsTree(JSON.stringify(document, null, 3).replace(/\n/g, '\r\n'))
    expectSameAsTree(` \t${JSON.stringify(document, null, '\t')}\n\n`)
  })

  it('escapes in a key are decoded before they are compared with the pointer', () => {
    const text = '{\n  "t\\u0061ble": {\n    "c\\"1": 1\n  }\n}'
    const located = new SourcePositions(text).locateAll(['/table/c"1'], true)
    expect(located.get('/table/c"1')).to.deep.equal({ line: 3, column: 5 })
  })

  it('resolves a pointer deeper than the document to the deepest node that exists', () => {
    const text = '{\n  "schemas": {\n    "public": { "tables": {} }\n  }\n}'
    const positions = new SourcePositions(text)
    const located = positions.locateAll(['/schemas/public/tables/users/columns/id', '/schemas/nope', '/missing'], true)
    expect(located.get('/schemas/public/tables/users/columns/id')).to.deep.equal({ line: 3, column: 17 })
    expect(located.get('/schemas/nope')).to.deep.equal({ line: 2, column: 3 })
    expect(located.get('/missing')).to.deep.equal({ line: 1, column: 1 })
  })

  it('takes the last of a property written twice, as JSON.parse does', () => {
    const text = '{\n "a": { "b": 1 },\n "a": { "c": 2 }\n}'
    const located = new SourcePositions(text).locateAll(['/a', '/a/b'], true)
    expect(located.get('/a')).to.deep.equal({ line: 3, column: 2 })
    // /a/b is not in the `a` that counts: the deepest node that exists is that `a`.
    expect(located.get('/a/b')).to.deep.equal({ line: 3, column: 2 })
  })
})

describe('SourcePositions.problemsOfParsed', () => {
  const problemsOf = (text: string): string[] => new SourcePositions(text).problemsOfParsed(JSON.parse(text)).problems.map((p) => p.pointer)

  it('finds no duplicate in a document without any, and each one in a document with some', () => {
    expect(problemsOf('{"a": {"b": 1, "c": "\\"d\\": 2"}, "e": [{"b": 1}, {"b": 2}]}')).to.deep.equal([])
    expect(problemsOf('{"a": {"b": 1, "b": 2}, "e": [{"x": 1, "x": 1}]}')).to.deep.equal(['/a/b', '/e/0/x'])
  })

  it('is not misled by quotes and colons inside strings', () => {
    // Escaped quotes before colons (a quoted identifier cast), a string that starts with a colon,
    // an escaped backslash before a closing quote: none is a key, and no key is missed.
    const text = '{"check": "\\"Status\\"::text = \':\'", "odd": ":x", "path": "C:\\\\", "k": {"a": 1}}'
    expect(problemsOf(text)).to.deep.equal([])
    expect(problemsOf(text.replace('"k": {"a": 1}', '"k": {"a": 1, "a": 2}'))).to.deep.equal(['/k/a'])
  })

  it('says a document nests too deep, at the first array or object past the limit', () => {
    const text = `{"a": ${'['.repeat(70)}${']'.repeat(70)}}`
    const result = new SourcePositions(text).problemsOfParsed(JSON.parse(text))
    expect(result.isTooDeep).to.equal(true)
    expect(result.problems).to.deep.equal([
      { pointer: '', message: 'arrays and objects nested more than 64 levels deep; a valid spec needs fewer than 10', line: 1, column: 70 },
    ])
  })
})

describe('keysOfTopLevelObject', () => {
  it('names the keys of a top-level object without parsing, escapes decoded, the last of a duplicate', () => {
    expect(keysOfTopLevelObject(' {"a": [1, {"schemas": {"x": 1}}], "schemas": {"p\\u0075blic": {"t": "}"}, "b\\"": []}} ', 'schemas')).to.deep.equal([
      'public',
      'b"',
    ])
    expect(keysOfTopLevelObject('{"schemas": {"one": {}}, "schemas": {"two": {}}}', 'schemas')).to.deep.equal(['two'])
    expect(keysOfTopLevelObject('{"schemas": {}}', 'schemas')).to.deep.equal([])
  })

  it('answers undefined, never throws or loops, for text it cannot read plainly', () => {
    for (const text of [
      '',
      '{',
      '[]',
      '{"schemas": []}',
      '{"schemas": {"a": "x',
      '{"schemas": {"a": [1, 2',
      '{"schemas": {"\\x": 1}}',
      '{"schemas": {}} trailing',
      '{"other": 1}',
    ]) {
      expect(keysOfTopLevelObject(text, 'schemas'), text).to.equal(undefined)
    }
  })
})
