// Prints the weapp package sizes and the H5 first-load JavaScript, and fails above the budgets
// in DESIGN.md (WeChat's 2 MB per package; 170 KB gzip first-load JS).
import fs from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

const root = path.resolve(__dirname, '..')
const WEAPP_PACKAGE_LIMIT = 2 * 1024 * 1024
const H5_FIRST_LOAD_GZIP_LIMIT = 170 * 1024

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? filesUnder(full) : [full]
  })
}

export function weappPackageSizes(weappDir = path.join(root, 'dist/weapp')): { name: string; bytes: number }[] {
  const appJson = JSON.parse(fs.readFileSync(path.join(weappDir, 'app.json'), 'utf8')) as { subPackages?: { root: string }[]; subpackages?: { root: string }[] }
  const subRoots = (appJson.subPackages ?? appJson.subpackages ?? []).map((sub) => sub.root.replace(/\/+$/, ''))
  const sizes = new Map<string, number>([['main', 0], ...subRoots.map((sub): [string, number] => [sub, 0])])
  for (const file of filesUnder(weappDir)) {
    // source maps are not uploaded to WeChat
    if (file.endsWith('.map')) continue
    const relative = path.relative(weappDir, file).split(path.sep).join('/')
    const owner = subRoots.find((sub) => relative.startsWith(`${sub}/`)) ?? 'main'
    sizes.set(owner, (sizes.get(owner) ?? 0) + fs.statSync(file).size)
  }
  return [...sizes].map(([name, bytes]) => ({ name, bytes }))
}

/** The scripts index.html loads before the first page renders (pages beyond it load on demand). */
export function h5FirstLoad(h5Dir = path.join(root, 'dist/h5')): { files: string[]; raw: number; gzip: number } {
  const html = fs.readFileSync(path.join(h5Dir, 'index.html'), 'utf8')
  const files = [...html.matchAll(/<script[^>]+src="\/?([^"]+)"/g)].map((match) => match[1])
  let raw = 0
  let gzip = 0
  for (const file of files) {
    const content = fs.readFileSync(path.join(h5Dir, file))
    raw += content.length
    gzip += gzipSync(content, { level: 9 }).length
  }
  return { files, raw, gzip }
}

if (path.resolve(process.argv[1] ?? '') === __filename) {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
  let failed = false
  for (const { name, bytes } of weappPackageSizes()) {
    const over = bytes > WEAPP_PACKAGE_LIMIT
    failed ||= over
    process.stdout.write(`weapp package ${name}: ${kb(bytes)}${over ? '  ✖ over the 2 MB limit' : ''}\n`)
  }
  const firstLoad = h5FirstLoad()
  const over = firstLoad.gzip > H5_FIRST_LOAD_GZIP_LIMIT
  failed ||= over
  process.stdout.write(`H5 first-load JavaScript: ${kb(firstLoad.gzip)} gzip, ${kb(firstLoad.raw)} raw (${firstLoad.files.join(', ')})${over ? '  ✖ over the 170 KB budget' : ''}\n`)
  process.exit(failed ? 1 : 0)
}
