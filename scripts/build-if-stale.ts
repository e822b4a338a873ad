import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(__dirname, '..')
const appSources = ['client', 'contracts', 'config', 'babel.config.js', 'package.json', 'project.config.json']
/** what each target is built from: the apps from the client, the BFF from the server (both read contracts) */
const sourcePaths: Record<BuildTarget, string[]> = { h5: appSources, weapp: appSources, server: ['server', 'contracts', 'package.json', 'tsconfig.json'] }
const outputMarker: Record<BuildTarget, string> = { h5: 'dist/h5/index.html', weapp: 'dist/weapp/app.json', server: 'dist/server/main.js' }

export type BuildTarget = 'h5' | 'weapp' | 'server'

function newestModification(entry: string): number {
  const stats = fs.statSync(entry, { throwIfNoEntry: false })
  if (!stats) return 0
  if (!stats.isDirectory()) return stats.mtimeMs
  return fs.readdirSync(entry).reduce((newest, child) => Math.max(newest, newestModification(path.join(entry, child))), stats.mtimeMs)
}

export function isBuildStale(target: BuildTarget): boolean {
  const marker = fs.statSync(path.join(root, outputMarker[target]), { throwIfNoEntry: false })
  if (!marker) return true
  return sourcePaths[target].some((source) => newestModification(path.join(root, source)) > marker.mtimeMs)
}

/** Builds a target only when its output is missing or older than its sources. */
export function buildIfStale(target: BuildTarget): void {
  if (!isBuildStale(target)) return
  process.stdout.write(`[fazhitong] building ${target} (missing or older than its sources)…\n`)
  const result = spawnSync('npm', ['run', `build:${target}`], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) {
    process.stderr.write(`[fazhitong] build:${target} failed\n`)
    process.exit(result.status ?? 1)
  }
}
