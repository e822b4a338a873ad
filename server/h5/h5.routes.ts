import fs from 'node:fs'
import path from 'node:path'
import compression from 'compression'
import type { ServerResponse } from 'node:http'
import { Router } from 'express'
import expressStaticGzip from 'express-static-gzip'
import type { Logger } from 'pino'
import { appPages, canonicalPathname } from '../../contracts/app-routes'
import { linkOrigin, markRequestOrigin } from '../http/link-origin'
import type { FirstScreenService, PageScreen } from './first-screen.service'
import { writeFirstScreen } from './first-screen'

/** A file whose name carries its content hash (`app.1a2b3c4d.js`, `workbox-dc521307.js`), with or without a .br/.gz side file. */
const HASHED_FILE = /[.-][0-9a-f]{8,}\.[a-z0-9]+(\.(br|gz))?$/i

/** Public pages are for search engines; flows that hold personal data and the API are not. */
export const ROBOTS_TXT = [
  'User-agent: *',
  'Allow: /',
  'Disallow: /api/',
  'Disallow: /packageVolunteer/',
  'Disallow: /packageBooking/pages/staff/',
  'Disallow: /packageBooking/pages/my-station/',
  'Disallow: /packageBooking/pages/admin/',
  'Disallow: /packageBooking/pages/lookup/',
  // where unknown addresses end up: nothing to index
  'Disallow: /pages/not-found/',
  '',
].join('\n')

/**
 * Paths Taro's browser router shows a page for: `/` (首页) and every page of app.config.ts, as
 * `/pages/report/index`, with or without a trailing slash (the router matches both).
 */
const APP_PATHS: ReadonlySet<string> = new Set(['/', ...appPages.map((page) => `/${page}`)])

export function isAppPath(pathname: string): boolean {
  return APP_PATHS.has(canonicalPathname(pathname))
}

function cacheHeaders(res: ServerResponse, filePath: string): void {
  // hashed files never change: a phone keeps them a year; everything else is checked each time
  res.setHeader('Cache-Control', HASHED_FILE.test(path.basename(filePath)) ? 'public, max-age=31536000, immutable' : 'no-cache')
}

/**
 * The built H5 app: precompressed files (built by config/h5-delivery.ts) with the right
 * Content-Encoding, and every app route answered with index.html carrying that page's first
 * screen (report, station, 首页) so text paints before any script runs.
 */
export function h5Routes(params: { dist: string; indexHtml: string; firstScreens: FirstScreenService; publicBaseUrl?: string; logger: Logger }): Router {
  const router = Router()
  const documentScript = readDocumentScript(params.dist)
  router.get('/robots.txt', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('text/plain').send(ROBOTS_TXT)
  })
  router.use(
    expressStaticGzip(params.dist, {
      enableBrotli: true,
      orderPreference: ['br', 'gzip'],
      index: false,
      serveStatic: { index: false, setHeaders: cacheHeaders },
    }),
  )
  // pages are small and change with the data: compressed per request
  router.get('/{*splat}', compression(), async (req, res) => {
    // a missing asset (an old chunk after a deploy) is a 404, never the app's HTML
    if (/\.[a-z0-9]+$/i.test(req.path)) {
      res.status(404).set('Cache-Control', 'no-cache').type('text/plain').send('没有这个文件')
      return
    }
    // any other path is a 404 for browsers and crawlers, still with the app, which shows 找不到页面
    if (!isAppPath(req.path)) {
      res.status(404).set('Cache-Control', 'no-cache').type('html').send(params.indexHtml)
      return
    }
    let answer: PageScreen = { missing: false, screen: null }
    try {
      answer = await params.firstScreens.screenFor({ pathname: req.path, query: req.query as Record<string, unknown> })
    } catch (error) {
      // the app still loads and shows its own message; the page pattern, not the URL, is logged
      params.logger.error({ err: error, page: req.path.split('?')[0].slice(0, 64) }, 'first screen failed')
    }
    // a report or station nobody has: 404 for browsers and crawlers, with the app, which says 找不到 and offers the ways on
    if (answer.missing) {
      res.status(404).set('Cache-Control', 'no-cache').type('html').send(params.indexHtml)
      return
    }
    // og:url and canonical: PUBLIC_BASE_URL, else the address this request came to (never an arbitrary Host)
    const { origin, fixed } = linkOrigin({ req, publicBaseUrl: params.publicBaseUrl })
    if (fixed) res.set('Cache-Control', 'no-cache')
    else markRequestOrigin(res, 'private, no-cache')
    res.type('html').send(writeFirstScreen({ indexHtml: params.indexHtml, screen: answer.screen, origin, documentScript }))
  })
  return router
}

/** The built index.html, or null when the H5 app has not been built. */
export function readIndexHtml(dist: string | undefined): string | null {
  if (!dist) return null
  const file = path.join(dist, 'index.html')
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null
}

/** What config/document-script.ts names the document pages' own script: `js/document.<hash>.js`. */
export const DOCUMENT_SCRIPT = /^document\.[0-9a-f]{8,}\.js$/

/**
 * The address of the document pages' script in the built app, or null when it is not there (then
 * the reader's document starts the app with the page, as the other pages do).
 */
export function readDocumentScript(dist: string): string | null {
  const folder = path.join(dist, 'js')
  if (!fs.existsSync(folder)) return null
  const found = fs.readdirSync(folder).find((name) => DOCUMENT_SCRIPT.test(name))
  return found ? `/js/${found}` : null
}
