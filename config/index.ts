import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import { h5DeliveryChain } from './h5-delivery'
import devConfig from './dev'
import prodConfig from './prod'

type Target = 'weapp' | 'h5'

/** contracts/ lives beside client/ and is shared with the BFF; Taro must compile it too. */
const contractsDir = path.resolve(__dirname, '../contracts')

/**
 * Taro's own `cache.enable` hard-codes `src/app.config` and breaks with sourceRoot `client`,
 * so webpack's filesystem cache is set here instead, keyed on the files that shape the build.
 */
function withFilesystemCache(target: Target) {
  return (chain: { cache: (options: object) => void }) => {
    chain.cache({
      type: 'filesystem',
      cacheDirectory: path.resolve(__dirname, `../node_modules/.cache/webpack-${target}-${process.env.NODE_ENV ?? 'production'}`),
      buildDependencies: {
        config: [path.resolve(__dirname, 'index.ts'), path.resolve(__dirname, '../client/app.config.ts'), path.resolve(__dirname, '../babel.config.js')],
      },
    })
  }
}

/*
 * Preact, not React 18, on both targets: Taro 4.2.1's `framework: 'preact'` (plugin-framework-react
 * handles it; preact 10.29.8). Measured 2026-12-07 on this machine, same sources, React → Preact:
 * - weapp main package 559.3 → 472.5 KB (React's reconciler alone was 91 KB of app.js);
 *   packageBooking 178.2 → 177.0 KB, packageVolunteer 95.3 → 94.7 KB. With the other size options
 *   (ES2015 output in babel.config.js, UTF-8 text and baseLevel below) main is 410.7 KB with Preact
 *   (goal ≤ 420; packageBooking 145.0, packageVolunteer 79.8 KB) and about 497 KB with React.
 * - H5 JavaScript on the wire (br, cold load, bench/wire-bytes.ts): 首页 150.9 → 121.3 KB,
 *   reader 147.1 → 117.5 KB.
 * - Boot-up: main-thread script time in Chromium at 4× CPU slowdown, median of 12 cold loads each,
 *   interleaved: 首页 519 → 338 ms, reader 770 → 389 ms; all main-thread tasks unchanged (1411 →
 *   1469 ms, 1648 → 1691 ms: style and layout dominate). Lighthouse 12 (4 interleaved runs each,
 *   medians; too noisy here to separate them): TBT 首页 970 → 1004 ms, reader 1637 → 1699 ms;
 *   bootup-time 1443 → 1308 ms, 2235 → 2027 ms.
 * - Tests: tests/weapp (70) and the H5 e2e tests of 首页 and the reader pass on the Preact builds;
 *   jest's client project still renders with React (babel.config.js).
 * Taro 4.2.1's mini runtime calls ReactDOM.createRoot, which preact/compat keeps elsewhere
 * (NervJS/taro#17641): config/preact-dom-mini.js supplies it.
 */
const FRAMEWORK = 'preact'

export default defineConfig<'webpack5'>(async (merge) => {
  const target = (process.env.TARO_ENV ?? 'h5') as Target
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'fazhitong',
    date: '2026-11-26',
    designWidth: 375,
    deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
    sourceRoot: 'client',
    outputRoot: `dist/${target}`,
    plugins: [],
    // inlined at build time; an unset variable must become '' rather than a `process` reference
    defineConstants: {
      'process.env.TARO_APP_API_BASE_URL': JSON.stringify(process.env.TARO_APP_API_BASE_URL ?? ''),
      'process.env.TARO_APP_WECHAT_BOOKING_TEMPLATE_ID': JSON.stringify(process.env.TARO_APP_WECHAT_BOOKING_TEMPLATE_ID ?? ''),
      // tells a phone that a new H5 build is running (the 已更新 notice)
      'process.env.TARO_APP_BUILD_ID': JSON.stringify(new Date().toISOString()),
    },
    // the mini program's sitemap.json (which pages WeChat search may index) lives beside this config
    copy: { patterns: target === 'weapp' ? [{ from: 'config/sitemap.json', to: 'dist/weapp/sitemap.json' }] : [], options: {} },
    framework: FRAMEWORK,
    compiler: 'webpack5',
    cache: { enable: false },
    // H5: Taro's default quotes every object key (for IE), which our browsers do not need (−4.7 KB br on the wire for 首页)
    ...(target === 'h5' ? { terser: { enable: true, config: { compress: { passes: 2 }, output: { quote_keys: false } } } } : {}),
    // weapp: Taro's mini default (`ascii_only`) writes each Chinese character as \uXXXX, 6 bytes where
    // UTF-8 takes 3; WeChat reads UTF-8 scripts (−20 KB main, −20 KB packageBooking, −7 KB packageVolunteer)
    ...(target === 'weapp' ? { terser: { enable: true, config: { output: { ascii_only: false } } } } : {}),
    /*
     * WeChat templates cannot recurse, so base.wxml (main package) repeats every component's template
     * once per nesting level: 16 levels by default, 2.7 KB each here. Our deepest tree, the reader's
     * nested sections, is 9 levels (text included; measured 2026-12-07 on every page); a deeper node
     * still renders, through Taro's `comp` component. 12 keeps that margin and saves 11 KB.
     */
    baseLevel: 12,
    mini: {
      // zod ships ES2020 (spread, ?., ??); WeChat's older JS engines need ES2015, so it is compiled too
      compile: { include: [contractsDir, path.resolve(__dirname, '../node_modules/zod')] },
      postcss: { pxtransform: { enable: true, config: {} }, cssModules: { enable: false } },
      webpackChain: (chain: { resolve: { alias: { set: (key: string, value: string) => unknown; delete: (key: string) => unknown } } }) => {
        // react-dom with createRoot for Taro's mini runtime (config/preact-dom-mini.js); Taro's own
        // `react-dom` → preact/compat alias comes first and would win, so it goes after ours
        chain.resolve.alias.delete('react-dom')
        chain.resolve.alias.set('react-dom$', path.resolve(__dirname, 'preact-dom-mini.js'))
        chain.resolve.alias.set('react-dom', 'preact/compat')
      },
      // No persistent cache for the mini program: built warm after subpackage code changed, its
      // packageBooking and packageVolunteer pages failed to register (seen 2026-12-07; a cold build
      // of the same sources was right). A cold weapp build takes 10–15 s here.
    },
    h5: {
      compile: { include: [contractsDir] },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'browser' },
      /*
       * The root font size (pxtransform's rem) from the viewport, as Taro's own script computes it
       * but without its reading of the document's height: in <head> that height is a few pixels,
       * so the first paint used the 20px floor and the pre-written first screen grew (CLS 0.25 at
       * 412 px wide) when a later resize event measured again.
       */
      htmlPluginOption: {
        script:
          '!function(n){function f(){var e=n.document.documentElement,w=Math.min(n.innerWidth||e.clientWidth,n.innerHeight||e.clientHeight),x=20*w/375;e.style.fontSize=x>=40?"40px":x<=20?"20px":x+"px"}n.addEventListener("resize",function(){f();setTimeout(f,500)}),f()}(window);',
      },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[contenthash:8].css' },
      postcss: { autoprefixer: { enable: true, config: {} }, cssModules: { enable: false } },
      webpackChain: (chain: Parameters<ReturnType<typeof h5DeliveryChain>>[0]) => {
        withFilesystemCache('h5')(chain)
        h5DeliveryChain({ root: path.resolve(__dirname, '..') })(chain)
      },
    },
  }
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
