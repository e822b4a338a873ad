import fs from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
import type { ChunkManifest } from '../../config/chunk-manifest'
import { repoRoot } from '../support/bff-process'

/** What the H5 build wrote about its own chunks (config/chunk-manifest.ts), read after `npm run build:h5`. */
function readManifest(): ChunkManifest {
  const file = path.join(repoRoot, 'dist/h5-chunks.json')
  if (!fs.existsSync(file)) throw new Error('dist/h5-chunks.json is missing: run `npm run build:h5` (npm test builds it when stale)')
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ChunkManifest
}

type UrlRule = (context: { url: URL; request: { mode: string } }) => boolean

/**
 * The runtime caching rules of the built service-worker.js, run as the worker runs them: its
 * `define` gets a stand-in for workbox that records each registerRoute(rule, handler).
 */
function workerRuntimeRules(): { rule: UrlRule; cacheName: string | undefined }[] {
  const source = fs.readFileSync(path.join(repoRoot, 'dist/h5/service-worker.js'), 'utf8')
  const routes: { rule: unknown; handler: unknown }[] = []
  const anything: (...args: unknown[]) => unknown = function (this: unknown, ...args: unknown[]) {
    return { args }
  }
  const workbox = new Proxy(
    {},
    { get: (_target, name) => (name === 'registerRoute' ? (rule: unknown, handler: unknown) => routes.push({ rule, handler }) : anything) },
  )
  const self = {
    define: (_deps: string[], factory: (wb: unknown) => void) => factory(workbox),
    addEventListener: () => undefined,
    skipWaiting: () => undefined,
  }
  vm.runInNewContext(source, { self, define: self.define, URL })
  return routes
    .filter((route): route is { rule: UrlRule; handler: { args: [{ cacheName?: string }] } } => typeof route.rule === 'function')
    .map((route) => ({ rule: route.rule, cacheName: route.handler.args[0]?.cacheName }))
}

/** The JavaScript chunks that hold each source file (a CSS file's own chunk is the same chunk). */
function chunksPerSourceFile(manifest: ChunkManifest): Map<string, Set<string>> {
  const holders = new Map<string, Set<string>>()
  for (const chunk of manifest.chunks) {
    const name = chunk.files.find((file) => file.endsWith('.js')) ?? chunk.files[0] ?? '(no file)'
    for (const { resource } of chunk.modules) holders.set(resource, (holders.get(resource) ?? new Set()).add(name))
  }
  return holders
}

describe('the H5 build (dist/h5)', () => {
  it('bundles every source file into exactly one chunk: no library is copied into two', () => {
    const copied = [...chunksPerSourceFile(readManifest())]
      .filter(([, chunks]) => chunks.size > 1)
      .map(([resource, chunks]) => `${resource} → ${[...chunks].join(', ')}`)
    expect(copied).toEqual([])
  })

  it('ships zod in one chunk that every page shares, and each file of contracts/ and client/services/ once', () => {
    const manifest = readManifest()
    const withZod = manifest.chunks.filter((chunk) => (chunk.owners.zod ?? 0) > 0)
    expect(withZod.map((chunk) => chunk.files.find((file) => file.endsWith('.js')))).toEqual([expect.stringMatching(/^js\/shared\.[0-9a-f]{8}\.js$/)])
    const holders = chunksPerSourceFile(manifest)
    const shared = [...holders].filter(([resource]) => resource.startsWith('contracts/') || resource.startsWith('client/services/'))
    expect(shared.length).toBeGreaterThan(10)
    for (const [resource, chunks] of shared) expect({ resource, chunks: chunks.size }).toEqual({ resource, chunks: 1 })
  })

  it('the service worker precaches the app shell and every chunk, and none of the .br/.gz side files', () => {
    const worker = fs.readFileSync(path.join(repoRoot, 'dist/h5/service-worker.js'), 'utf8')
    const scripts = fs.readdirSync(path.join(repoRoot, 'dist/h5/js')).filter((file) => file.endsWith('.js'))
    expect(scripts.length).toBeGreaterThan(5)
    for (const script of scripts) expect(worker).toContain(`"/js/${script}"`)
    expect(worker).toContain('"/index.html"')
    expect(worker).not.toMatch(/\.(br|gz)"/)
  })

  it('the service worker keeps public data offline, but never a URL carrying the phone’s position', () => {
    const rules = workerRuntimeRules()
    expect(rules.map((rule) => rule.cacheName)).toEqual(['pages', undefined, 'public-data'])
    const dataRules = rules.filter((rule) => rule.cacheName === 'public-data')
    const kept = (address: string) => dataRules.some(({ rule }) => rule({ url: new URL(address, 'https://fzt.example'), request: { mode: 'cors' } }))
    for (const address of ['/api/reports', '/api/reports/xs-2023', '/api/stations', '/api/stations/towns', '/api/stations/500241103-ws'])
      expect({ address, kept: kept(address) }).toEqual({ address, kept: true })
    for (const address of [
      '/api/stations/nearest?lat=28.4123456&lng=108.9912345&limit=5&datum=wgs84',
      '/api/stations/nearest',
      '/api/home?lat=28.4123456&lng=108.9912345',
      '/api/stations?lat=28.41&lng=108.99',
      '/api/bookings/lookup',
    ])
      expect({ address, kept: kept(address) }).toEqual({ address, kept: false })
  })

  it('the service worker loads pages from the network, keeps only public pages by id, and runs its rules as built (no missing helper)', () => {
    const rules = workerRuntimeRules()
    const [pages, others] = rules
    const navigate = (address: string) => ({ url: new URL(address, 'https://fzt.example'), request: { mode: 'navigate' } })
    for (const address of ['/', '/pages/report/index?id=xs-2023&section=s3', '/pages/station/index?id=500241103-ws'])
      expect({ address, kept: pages.rule(navigate(address)) }).toEqual({ address, kept: true })
    for (const address of ['/packageBooking/pages/lookup/index?code=ABCD1234', '/pages/home/index?lat=28.41&lng=108.99', '/packageVolunteer/pages/log/index'])
      expect({ address, kept: pages.rule(navigate(address)) }).toEqual({ address, kept: false })
    expect(others.rule(navigate('/packageVolunteer/pages/log/index'))).toBe(true)
    expect(others.rule(navigate('/api/reports'))).toBe(false)
  })
})
