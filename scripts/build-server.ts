// `npm run build:server`: the BFF as one JavaScript file, dist/server/main.js, which production runs
// with plain node (`node --enable-source-maps dist/server/main.js`). Packages stay in node_modules
// (better-sqlite3 is native; the others are read where they are installed); only our own sources
// are bundled. Each file is written beside its place and renamed over it, so a BFF starting while
// this runs reads the old build or the new one, never half of one.
import fs from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'

const root = path.resolve(__dirname, '..')
const SERVER_OUTFILE = path.join(root, 'dist/server/main.js')

async function buildServer(): Promise<void> {
  const started = performance.now()
  const result = await build({
    entryPoints: [path.join(root, 'server/main.ts')],
    outfile: SERVER_OUTFILE,
    bundle: true,
    platform: 'node',
    // package.json's engines: Node.js 20.19 or later
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: true,
    // names in stack traces and logs stay those of the sources
    keepNames: true,
    write: false,
    logLevel: 'warning',
  })
  fs.mkdirSync(path.dirname(SERVER_OUTFILE), { recursive: true })
  // the map first: a new main.js never points at an old map
  const ordered = [...result.outputFiles].sort((a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')))
  for (const file of ordered) {
    const temporary = `${file.path}.${process.pid}.tmp`
    fs.writeFileSync(temporary, file.contents)
    fs.renameSync(temporary, file.path)
  }
  const bytes = fs.statSync(SERVER_OUTFILE).size
  process.stdout.write(`[fazhitong] dist/server/main.js: ${(bytes / 1024).toFixed(0)} KB in ${(performance.now() - started).toFixed(0)} ms\n`)
}

buildServer().catch((error: unknown) => {
  process.stderr.write(`build:server failed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
