/**
 * Bytes of the H5 app as they actually cross the wire, counted by Chromium itself through the
 * DevTools protocol: for each page a fresh browser context (cold HTTP cache, service workers
 * blocked), a 375×667 phone viewport, the page loaded from the real BFF until the network is idle
 * plus 1.5 s, and every response counted by `Network.loadingFinished.encodedDataLength` (bytes
 * received, headers included, after whatever content-encoding the server chose). Scripts and
 * stylesheets are listed file by file with their decoded size (`Network.dataReceived.dataLength`)
 * beside them; the document and the API calls (Fetch/XHR) are summed apart.
 *
 * Also the shared set-up of the browser benchmarks: the Chromium binary and flags, the two pages
 * measured (首页 and the report reader) and `withBuiltBff`, which runs the real BFF around them.
 *
 * `npx tsx bench/wire-bytes.ts` prints the measurement of the current dist/h5 as JSON.
 */
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type CDPSession } from 'playwright-core'
import { startBff } from '../tests/support/bff-process'

export const CHROMIUM_PATH = '/usr/bin/chromium'
/** Flags of every Chromium the benchmarks start (Lighthouse swaps `--headless` for `--headless=new`). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
export const H5_INDEX = path.resolve(__dirname, '../dist/h5/index.html')

export interface BenchPage {
  /** name shown in tables */
  page: string
  /** path and query on the BFF, e.g. `/pages/report/index?id=…` */
  path: string
}

export interface WireFile {
  /** path and query of the URL (the origin is always the BFF) */
  path: string
  status: number
  wireBytes: number
  decodedBytes: number
  /** the `content-encoding` response header, `null` when the body was sent as is */
  encoding: string | null
}

export interface WireGroup {
  requests: number
  wireBytes: number
  decodedBytes: number
  files: WireFile[]
}

export interface WireBytesResult {
  page: string
  path: string
  js: WireGroup
  css: WireGroup
  /** the HTML document, headers included */
  documentBytes: number
  /** Fetch and XHR: the API calls the page made while loading */
  apiBytes: number
  /** everything else received (images, fonts, manifest, …) */
  otherBytes: number
  /** the `Accept-Encoding` Chromium sent for the document */
  acceptEncoding: string | null
}

/** The pages every browser benchmark loads: 首页 and the reader of the first report. */
export function benchPages(reportId: string): BenchPage[] {
  return [
    { page: '首页', path: '/' },
    { page: '读报告', path: `/pages/report/index?id=${encodeURIComponent(reportId)}` },
  ]
}

/** Why the browser benchmarks cannot run here, or `null` when they can. */
export function browserBenchUnavailable(): string | null {
  if (!fs.existsSync(CHROMIUM_PATH)) return `${CHROMIUM_PATH} is missing`
  if (!fs.existsSync(H5_INDEX)) return 'dist/h5 is not built (npm run build:h5)'
  return null
}

/**
 * Starts the real BFF (its own process, fresh SQLite, seed imported, rate limits off) serving the
 * built dist/h5, hands `fn` its origin and the id of the first report, and stops it afterwards.
 */
export async function withBuiltBff<T>(fn: (baseUrl: string, reportId: string) => Promise<T>): Promise<T> {
  if (!fs.existsSync(H5_INDEX)) throw new Error('dist/h5 is not built: run npm run build:h5 first')
  const bff = await startBff({ env: { RATE_LIMIT: 'off' } })
  try {
    const index = await fetch(`${bff.baseUrl}/`)
    await index.arrayBuffer()
    if (!index.ok || !(index.headers.get('content-type') ?? '').includes('text/html')) {
      throw new Error(`the BFF does not serve the H5 app at / (status ${index.status}, ${index.headers.get('content-type')}):\n${bff.output()}`)
    }
    const list = await fetch(`${bff.baseUrl}/api/reports`)
    if (!list.ok) throw new Error(`GET /api/reports answered ${list.status}`)
    const { reports } = (await list.json()) as { reports: { id: string }[] }
    if (reports.length === 0) throw new Error('GET /api/reports lists no report: the seed was not imported')
    return await fn(bff.baseUrl, reports[0].id)
  } finally {
    await bff.stop()
    bff.cleanup()
  }
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS })
}

interface Tracked {
  url: string
  type: string
  status: number
  encoding: string | null
  decodedBytes: number
  wireBytes: number | null
  failed: string | null
}

function header(headers: Record<string, string>, name: string): string | null {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name)
  return key === undefined ? null : headers[key]
}

function emptyGroup(): WireGroup {
  return { requests: 0, wireBytes: 0, decodedBytes: 0, files: [] }
}

/** Records every response of the page the session belongs to. */
function trackNetwork(cdp: CDPSession): { entries: Map<string, Tracked>; acceptEncoding: () => string | null } {
  const entries = new Map<string, Tracked>()
  let documentAcceptEncoding: string | null = null
  cdp.on('Network.requestWillBeSent', (event) => {
    if (event.type === 'Document' && documentAcceptEncoding === null) documentAcceptEncoding = header(event.request.headers, 'accept-encoding')
  })
  cdp.on('Network.requestWillBeSentExtraInfo', (event) => {
    // the headers actually sent (the event above shows only those the page set); the first request is the document
    if (documentAcceptEncoding === null || documentAcceptEncoding === '') documentAcceptEncoding = header(event.headers, 'accept-encoding')
  })
  cdp.on('Network.responseReceived', (event) => {
    if (!/^https?:/.test(event.response.url)) return
    entries.set(event.requestId, {
      url: event.response.url,
      type: event.type,
      status: event.response.status,
      encoding: header(event.response.headers, 'content-encoding'),
      decodedBytes: 0,
      wireBytes: null,
      failed: null,
    })
  })
  cdp.on('Network.dataReceived', (event) => {
    const entry = entries.get(event.requestId)
    if (entry) entry.decodedBytes += event.dataLength
  })
  cdp.on('Network.loadingFinished', (event) => {
    const entry = entries.get(event.requestId)
    if (entry) entry.wireBytes = event.encodedDataLength
  })
  cdp.on('Network.loadingFailed', (event) => {
    const entry = entries.get(event.requestId)
    if (entry) entry.failed = event.errorText
  })
  return { entries, acceptEncoding: () => documentAcceptEncoding }
}

async function measurePage(browser: Browser, baseUrl: string, target: BenchPage): Promise<WireBytesResult> {
  // a fresh context: a cold cache, as on a first scan of the QR code; no service worker may answer
  const context = await browser.newContext({
    viewport: { width: 375, height: 667 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    serviceWorkers: 'block',
  })
  try {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    const { entries, acceptEncoding } = trackNetwork(cdp)
    await cdp.send('Network.enable')
    await page.goto(`${baseUrl}${target.path}`, { waitUntil: 'networkidle', timeout: 60_000 })
    await page.waitForTimeout(1500)
    // a response may still be streaming: give scripts and stylesheets a few more seconds to finish
    const deadline = Date.now() + 5000
    const unfinished = () => [...entries.values()].filter((entry) => entry.wireBytes === null && entry.failed === null)
    while (unfinished().length > 0 && Date.now() < deadline) await page.waitForTimeout(100)

    const problems = [...entries.values()]
      .filter(
        (entry) =>
          (entry.type === 'Script' || entry.type === 'Stylesheet' || entry.type === 'Document') &&
          (entry.failed !== null || entry.wireBytes === null || entry.status >= 400),
      )
      .map((entry) => `${entry.type} ${entry.url}: ${entry.failed ?? (entry.wireBytes === null ? 'never finished' : `status ${entry.status}`)}`)
    // a missing script would make the page look lighter than it is
    if (problems.length > 0)
      throw new Error(`${target.page} (${target.path}) did not load completely — was dist/h5 rebuilt meanwhile?\n  ${problems.join('\n  ')}`)

    const result: WireBytesResult = {
      page: target.page,
      path: target.path,
      js: emptyGroup(),
      css: emptyGroup(),
      documentBytes: 0,
      apiBytes: 0,
      otherBytes: 0,
      acceptEncoding: acceptEncoding(),
    }
    for (const entry of entries.values()) {
      const wireBytes = entry.wireBytes ?? 0
      const group = entry.type === 'Script' ? result.js : entry.type === 'Stylesheet' ? result.css : null
      if (group) {
        const url = new URL(entry.url)
        group.requests += 1
        group.wireBytes += wireBytes
        group.decodedBytes += entry.decodedBytes
        group.files.push({ path: `${url.pathname}${url.search}`, status: entry.status, wireBytes, decodedBytes: entry.decodedBytes, encoding: entry.encoding })
      } else if (entry.type === 'Document') result.documentBytes += wireBytes
      else if (entry.type === 'Fetch' || entry.type === 'XHR') result.apiBytes += wireBytes
      else result.otherBytes += wireBytes
    }
    for (const group of [result.js, result.css]) group.files.sort((a, b) => b.wireBytes - a.wireBytes)
    return result
  } finally {
    await context.close()
  }
}

/** Wire bytes of each page, loaded cold, one after the other, in one Chromium. */
export async function measureWireBytes(params: { baseUrl: string; paths: BenchPage[] }): Promise<WireBytesResult[]> {
  const browser = await launchChromium()
  try {
    const results: WireBytesResult[] = []
    for (const target of params.paths) results.push(await measurePage(browser, params.baseUrl, target))
    return results
  } finally {
    await browser.close()
  }
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`

if (path.resolve(process.argv[1] ?? '') === __filename) {
  const unavailable = browserBenchUnavailable()
  if (unavailable) {
    process.stderr.write(`wire bytes not measured: ${unavailable}\n`)
    process.exit(1)
  }
  void withBuiltBff((baseUrl, reportId) => measureWireBytes({ baseUrl, paths: benchPages(reportId) })).then(
    (results) => {
      for (const result of results) {
        process.stderr.write(
          `${result.page}: JS ${kb(result.js.wireBytes)} on the wire (${kb(result.js.decodedBytes)} decoded, ${result.js.requests} requests), CSS ${kb(result.css.wireBytes)} (${result.css.requests}), document ${kb(result.documentBytes)}, API ${kb(result.apiBytes)}; Accept-Encoding ${result.acceptEncoding}\n`,
        )
      }
      process.stdout.write(`${JSON.stringify(results, null, 2)}\n`)
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
      process.exit(1)
    },
  )
}
