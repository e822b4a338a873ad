// `npm run sizes` (CI, after the tests): prints the weapp package sizes and the JavaScript each H5
// entry page really downloads, and fails above the budgets: WeChat's 2 MB per package; 170 KB of
// JavaScript on the wire for 首页 and for the report reader. The goals (main package ≤ 420 KB;
// 首页 ≤ 100 KB, reader ≤ 30 KB on the wire; bench/goals.ts) are printed, not enforced.
//
// The H5 figure is measured, not estimated from files: the built app is served by the real BFF and
// loaded cold in Chromium (bench/wire-bytes.ts), and every script the page fetched until the
// network went idle counts with the bytes received — lazy chunks included, after whatever
// compression the server applied, headers included.
import fs from 'node:fs'
import path from 'node:path'
import { H5_JS_WIRE_LIMIT, h5JsWireGoal, WEAPP_MAIN_PACKAGE_GOAL, WEAPP_PACKAGE_LIMIT } from '../bench/goals'
import { benchPages, browserBenchUnavailable, kb, measureWireBytes, withBuiltBff, type WireBytesResult } from '../bench/wire-bytes'

const root = path.resolve(__dirname, '..')

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

/** Wire bytes of 首页 and the report reader, loaded cold from the real BFF serving dist/h5. */
export async function h5WireBytes(): Promise<WireBytesResult[]> {
  return withBuiltBff((baseUrl, reportId) => measureWireBytes({ baseUrl, paths: benchPages(reportId) }))
}

async function main(): Promise<number> {
  const inCi = Boolean(process.env.CI)
  let failed = false

  if (fs.existsSync(path.join(root, 'dist/weapp/app.json'))) {
    for (const { name, bytes } of weappPackageSizes()) {
      const over = bytes > WEAPP_PACKAGE_LIMIT
      failed ||= over
      const aboveGoal = name === 'main' && bytes > WEAPP_MAIN_PACKAGE_GOAL ? `  (goal ${kb(WEAPP_MAIN_PACKAGE_GOAL)})` : ''
      process.stdout.write(`weapp package ${name}: ${kb(bytes)}${over ? '  ✖ over the 2 MB limit' : aboveGoal}\n`)
    }
  } else if (inCi) {
    process.stdout.write('weapp packages: dist/weapp is not built (npm run build:weapp)  ✖\n')
    failed = true
  } else {
    process.stdout.write('weapp packages: skipped, dist/weapp is not built (npm run build:weapp)\n')
  }

  const unavailable = browserBenchUnavailable()
  if (unavailable) {
    // CI installs Chromium and builds dist/h5 first, so there a missing one is a failure
    process.stdout.write(`H5 JavaScript on the wire: ${inCi ? 'not measured' : 'skipped'}, ${unavailable}${inCi ? '  ✖' : ''}\n`)
    failed ||= inCi
  } else {
    for (const result of await h5WireBytes()) {
      const over = result.js.wireBytes > H5_JS_WIRE_LIMIT
      const goal = h5JsWireGoal(result.page)
      failed ||= over
      const encodings = [...new Set(result.js.files.map((file) => file.encoding ?? 'none'))].join('/')
      process.stdout.write(
        `H5 ${result.page} (${result.path}): JavaScript ${kb(result.js.wireBytes)} on the wire in ${result.js.requests} requests (${kb(result.js.decodedBytes)} decoded; encoding ${encodings}), ` +
          `CSS ${kb(result.css.wireBytes)} in ${result.css.requests}, document ${kb(result.documentBytes)}, API ${kb(result.apiBytes)}` +
          `${over ? `  ✖ over the ${kb(H5_JS_WIRE_LIMIT)} limit` : goal !== null && result.js.wireBytes > goal ? `  (limit ${kb(H5_JS_WIRE_LIMIT)}; goal ${kb(goal)})` : ''}\n`,
      )
      for (const file of result.js.files) process.stdout.write(`    ${file.path}  ${kb(file.wireBytes)}${file.encoding ? ` ${file.encoding}` : ''}\n`)
    }
  }
  return failed ? 1 : 0
}

if (path.resolve(process.argv[1] ?? '') === __filename) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
      process.exit(1)
    },
  )
}
