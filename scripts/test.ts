// `npm test`: the weapp and browser projects exercise the compiled apps and some server tests the
// compiled BFF, so build them when stale,
// then run every jest project. Extra arguments go to jest (`npm test -- --selectProjects server`).
//
// `npm run test:fast` (`--fast`): the inner loop — no browser, no PostgreSQL, no compiled build.
// It builds nothing, leaves out the e2e, weapp and deploy projects and the suites that need a
// build (FAST_SKIPPED), and unsets TEST_DATABASE_URL, so the PostgreSQL variants are listed as
// skipped by name. Run `npm test` before pushing.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { buildIfStale } from './build-if-stale'

/** the jest projects of the inner loop: in-process or child-process BFFs on SQLite, jsdom */
const FAST_PROJECTS = ['contracts', 'server', 'client', 'bench']
/** suites of those projects that need a compiled build (dist/server, dist/h5) */
const FAST_SKIPPED = ['/tests/server/compiled-server\\.test\\.ts$', '/tests/server/h5/h5\\.routes\\.test\\.ts$']
/**
 * What the fast loop runs does not start Chromium or a second heavy process per suite: two workers
 * on two cores keep both busy while each waits on SQLite and 127.0.0.1 (jest.config.js uses half).
 */
const FAST_WORKERS = '2'

const args = process.argv.slice(2)
const fast = args.includes('--fast')
const jestArgs = args.filter((arg) => arg !== '--fast')
const env = { ...process.env }

if (fast) {
  delete env.TEST_DATABASE_URL
  delete env.REQUIRE_BROWSER
  // `--option=value` one by one: an array option written `--option a b` would swallow the test paths after it
  jestArgs.unshift(
    ...FAST_PROJECTS.map((project) => `--selectProjects=${project}`),
    ...FAST_SKIPPED.map((pattern) => `--testPathIgnorePatterns=${pattern}`),
    `--maxWorkers=${FAST_WORKERS}`,
  )
} else if (process.env.SKIP_BUILD !== '1') {
  buildIfStale('weapp')
  buildIfStale('h5')
  // the production path (plain node on dist/server/main.js) is tested too
  buildIfStale('server')
}
const jest = createRequire(__filename).resolve('jest/bin/jest')
const result = spawnSync(process.execPath, [jest, ...jestArgs], { cwd: path.resolve(__dirname, '..'), env, stdio: 'inherit' })
process.exit(result.status ?? 1)
