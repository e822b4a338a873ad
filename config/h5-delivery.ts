// first: lets the configuration load contracts/ (see there)
import './contracts-register'
import path from 'node:path'
import zlib from 'node:zlib'
import CompressionPlugin from 'compression-webpack-plugin'
import { GenerateSW } from 'workbox-webpack-plugin'
import { ChunkManifestPlugin } from './chunk-manifest'
import { DocumentScriptPlugin } from './document-script'
import { allEndpoints } from '../contracts/endpoints'
import { isKeptPage, isOtherPage, publicDataRule } from './h5-runtime-caching'

/** Text assets worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|webmanifest)$/

/** A lazily loaded page of the booking or volunteer flow (their code stays out of the main pages' chunk). */
function isSubpackageChunk(chunk: unknown): boolean {
  const groups = (chunk as { groupsIterable: Iterable<{ origins: { request?: string | null }[] }> }).groupsIterable
  return [...groups].some((group) => group.origins.some((origin) => /package(Booking|Volunteer)\//.test(origin.request ?? '')))
}

/** Used by two or more lazily loaded pages of the main package (首页, 报告, 服务站, 我的 …). */
function usedByMainPages(
  module: unknown,
  context: { chunkGraph: { getModuleChunksIterable: (module: unknown) => Iterable<{ canBeInitial: () => boolean }> } },
): boolean {
  const pages = [...context.chunkGraph.getModuleChunksIterable(module)].filter((chunk) => !chunk.canBeInitial() && !isSubpackageChunk(chunk))
  return pages.length >= 2
}

/** What the H5 build does so that few bytes cross a weak 3G/4G link (issue: the H5 front door). */
export function h5DeliveryChain(params: { root: string }) {
  // webpack-chain has no published types for Taro's copy; the calls below are its documented API
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (chain: any) => {
    const noPolyfill = path.join(__dirname, 'no-polyfill.js')
    chain.resolve.alias
      .set('whatwg-fetch$', noPolyfill)
      .set('abortcontroller-polyfill/dist/abortcontroller-polyfill-only$', noPolyfill)
      .set('jsonp-retry$', path.join(__dirname, 'no-jsonp.js'))

    /*
     * One copy of shared code. Taro splits only initial chunks (`chunks: 'initial'`), so every
     * lazily loaded page chunk carried its own zod, contracts, services and Taro components
     * (60–88 KB gzip each). Both remedies were measured (2026-11-30, esbuild, brotli):
     *   - one shared chunk with classic zod: the contracts cost 84 KB br (zod's chained API pulls
     *     in the whole library, JSON-schema export included);
     *   - zod/mini, imported as a namespace: 15 KB br for the same contracts, same parsing.
     * We took both: contracts/ is written in zod/mini (the BFF parses with the same schemas) and
     * zod + contracts ship once, in `shared`. `npm run sizes` counts what a cold load receives.
     */
    chain.optimization.splitChunks({
      chunks: 'all',
      hidePathInfo: true,
      minSize: 0,
      cacheGroups: {
        default: false,
        defaultVendors: false,
        // Taro's runtime, router and React: the app cannot start without them (entry chunk)
        taro: {
          test: /[\\/]node_modules[\\/](@tarojs[\\/](runtime|router|shared|plugin-framework-react|plugin-platform-h5|api|react)|react|react-dom|scheduler|history|query-string|path-to-regexp)[\\/]/,
          chunks: 'initial',
          name: 'taro',
          priority: 100,
          enforce: true,
        },
        // validation and the API's shapes: every page that loads data needs them, once for the whole app
        shared: { test: /[\\/](node_modules[\\/]zod|contracts)[\\/]/, chunks: 'async', name: 'shared', priority: 20, enforce: true },
        // what two or more pages of the main package use (services, components, Taro's components):
        // one request for 首页, the reader and the finder instead of a dozen small ones
        pages: { test: usedByMainPages, chunks: 'async', name: 'pages', priority: 15, enforce: true },
        // what only the booking and volunteer flows share, grouped by the pages that use it
        common: { chunks: 'async', minChunks: 2, priority: 10, reuseExistingChunk: true },
      },
    })

    // the reader document's own script (before compression and the worker, which take it up like every chunk)
    chain.plugin('document-script').use(DocumentScriptPlugin)

    // precompressed once at build time, so serving costs no CPU per request (br first, gzip for old clients)
    chain
      .plugin('brotli')
      .use(CompressionPlugin, [
        {
          algorithm: 'brotliCompress',
          filename: '[path][base].br',
          test: COMPRESSIBLE,
          threshold: 0,
          minRatio: 1,
          compressionOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } },
        },
      ])
    chain
      .plugin('gzip')
      .use(CompressionPlugin, [
        { algorithm: 'gzip', filename: '[path][base].gz', test: COMPRESSIBLE, threshold: 0, minRatio: 1, compressionOptions: { level: 9 } },
      ])

    /*
     * Offline H5: the service worker precaches the shell and every chunk (a volunteer who never
     * opened 记一笔 can open it with no signal) and keeps the public data fresh in the background.
     * skipWaiting stays off: a new build takes over on the next visit, never mixing old and new chunks.
     */
    chain.plugin('service-worker').use(GenerateSW, [
      {
        swDest: 'service-worker.js',
        clientsClaim: true,
        skipWaiting: false,
        cleanupOutdatedCaches: true,
        inlineWorkboxRuntime: false,
        exclude: [/\.br$/, /\.gz$/, /\.LICENSE\.txt$/, /\.map$/, /robots\.txt$/],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        /*
         * Pages come from the network (no navigateFallback): a page the BFF writes as a document (the
         * reader, issue 24) stays one on every visit, and first screens are fresh. With no signal, or
         * none within 4 s, a public page as last seen (any other page: when the network fails), else the precached app shell, which starts the
         * app. (navigateFallback served the shell for every navigation, online too.)
         */
        runtimeCaching: [
          {
            urlPattern: isKeptPage,
            handler: 'NetworkFirst',
            options: {
              cacheName: 'pages',
              networkTimeoutSeconds: 4,
              expiration: { maxEntries: 40, maxAgeSeconds: 30 * 24 * 3600 },
              cacheableResponse: { statuses: [200] },
              precacheFallback: { fallbackURL: '/index.html' },
            },
          },
          { urlPattern: isOtherPage, handler: 'NetworkOnly', options: { precacheFallback: { fallbackURL: '/index.html' } } },
          {
            // the answers the endpoints declare `serviceWorker: 'keep'` (the reports, the towns, the directory):
            // read offline, refreshed when online; never a URL with the phone's position (nearest, 首页 with lat/lng)
            urlPattern: publicDataRule(allEndpoints),
            handler: 'StaleWhileRevalidate',
            options: { cacheName: 'public-data', expiration: { maxEntries: 60, maxAgeSeconds: 30 * 24 * 3600 }, cacheableResponse: { statuses: [200] } },
          },
        ],
      },
    ])

    chain.plugin('chunk-manifest').use(ChunkManifestPlugin, [{ outputFile: path.join(params.root, 'dist/h5-chunks.json'), root: params.root }])
  }
}
