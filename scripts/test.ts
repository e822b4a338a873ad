// `npm test`: the weapp and browser projects exercise the compiled apps and some server tests the
// compiled BFF, so build them when stale,
// then run every jest project. Extra arguments go to jest (`npm test -- --selectProjects server`).
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { buildIfStale } from './build-if-stale'

if (process.env.SKIP_BUILD !== '1') {
  buildIfStale('weapp')
  buildIfStale('h5')
  // the production path (plain node on dist/server/main.js) is tested too
  buildIfStale('server')
}
const jest = createRequire(__filename).resolve('jest/bin/jest')
const result = spawnSync(process.execPath, [jest, ...process.argv.slice(2)], { cwd: path.resolve(__dirname, '..'), stdio: 'inherit' })
process.exit(result.status ?? 1)
