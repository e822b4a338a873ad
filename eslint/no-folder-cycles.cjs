// A local ESLint rule (issue 26): the folders under one root (server/) must not import each other
// in a cycle — not two folders both ways, nor a ring through several. Each folder is a subdomain
// with its own layer: a cycle means a piece sits in the wrong folder (move it to the folder that
// owns it, or below both). Files directly in the root (app.ts, main.ts, jobs.ts…) are nodes of
// their own; a sub-folder (stations/directory) belongs to its top folder. Type-only imports count:
// they couple the folders just the same.
const fs = require('node:fs')
const path = require('node:path')

const IMPORT_PATTERN = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g
const SOURCE_PATTERN = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/

function listSources(dir) {
  const files = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) files.push(...listSources(full))
    else if (SOURCE_PATTERN.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full)
  }
  return files
}

/** The node a file belongs to: its top folder under the root, or the file itself when it lies in the root. Null outside the root. */
function nodeOf(root, file) {
  const relative = path.relative(root, file)
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null
  const parts = relative.split(path.sep)
  return parts.length === 1 ? parts[0].replace(SOURCE_PATTERN, '') : parts[0]
}

function importsOf(text) {
  return [...text.matchAll(IMPORT_PATTERN)].map((match) => match[1])
}

/** Edges between nodes, each with one import that makes it (for the message). */
function folderGraph(root) {
  const graph = new Map()
  for (const file of listSources(root)) {
    const from = nodeOf(root, file)
    for (const specifier of importsOf(fs.readFileSync(file, 'utf8'))) {
      const to = nodeOf(root, path.resolve(path.dirname(file), specifier))
      if (to === null || to === from) continue
      if (!graph.has(from)) graph.set(from, new Map())
      if (!graph.get(from).has(to)) graph.get(from).set(to, `${path.relative(root, file)} → ${specifier}`)
    }
  }
  return graph
}

/** A path of nodes from `start` to `goal` (breadth first: the shortest), or null. */
function pathBetween(graph, start, goal) {
  const previous = new Map([[start, null]])
  const queue = [start]
  while (queue.length > 0) {
    const node = queue.shift()
    if (node === goal) {
      const nodes = []
      for (let at = goal; at !== null; at = previous.get(at)) nodes.unshift(at)
      return nodes
    }
    for (const neighbour of (graph.get(node) ?? new Map()).keys())
      if (!previous.has(neighbour)) {
        previous.set(neighbour, node)
        queue.push(neighbour)
      }
  }
  return null
}

// one scan per lint run and root; a changed or added file (mtime, count) scans again
const graphs = new Map()
function cachedGraph(root) {
  const files = listSources(root)
  const stamp = files.map((file) => `${file}:${fs.statSync(file).mtimeMs}`).join('|')
  const cached = graphs.get(root)
  if (cached && cached.stamp === stamp) return cached.graph
  const graph = folderGraph(root)
  graphs.set(root, { stamp, graph })
  return graph
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid import cycles between the folders under a root (server/)' },
    // root: the folder whose sub-folders are the nodes, absolute or relative to the working directory (default: server)
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: {
      cycle:
        '{{from}}/ imports {{to}}/, and {{to}}/ leads back to {{from}}/ ({{ring}}; {{back}}): folders must not import each other in a cycle — move the shared piece to the folder that owns it, or below both',
    },
  },
  create(context) {
    const cwd = context.cwd ?? process.cwd()
    const root = path.resolve(cwd, context.options[0]?.root ?? 'server')
    const filename = context.filename ?? context.getFilename()
    const from = nodeOf(root, filename)
    if (from === null || !fs.existsSync(root)) return {}
    const check = (node) => {
      if (typeof node.source?.value !== 'string' || !node.source.value.startsWith('.')) return
      const to = nodeOf(root, path.resolve(path.dirname(filename), node.source.value))
      if (to === null || to === from) return
      const graph = cachedGraph(root)
      const ring = pathBetween(graph, to, from)
      if (ring === null) return
      const back = graph.get(ring[ring.length - 2])?.get(from) ?? ''
      context.report({ node, messageId: 'cycle', data: { from, to, ring: [from, ...ring].join(' → '), back } })
    }
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check }
  },
}

module.exports = { meta: { name: 'local-folder-cycles' }, rules: { 'no-folder-cycles': rule } }
