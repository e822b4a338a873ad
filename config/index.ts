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
        config: [path.resolve(__dirname, 'index.ts'), path.resolve(__dirname, '../client/app.config.ts')],
      },
    })
  }
}

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
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    // H5: Taro's default quotes every object key (for IE), which our browsers do not need (−4.7 KB br on the wire for 首页)
    ...(target === 'h5' ? { terser: { enable: true, config: { compress: { passes: 2 }, output: { quote_keys: false } } } } : {}),
    mini: {
      // zod ships ES2020 (spread, ?., ??); WeChat's older JS engines need ES2015, so it is compiled too
      compile: { include: [contractsDir, path.resolve(__dirname, '../node_modules/zod')] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
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
        script: '!function(n){function f(){var e=n.document.documentElement,w=Math.min(n.innerWidth||e.clientWidth,n.innerHeight||e.clientHeight),x=20*w/375;e.style.fontSize=x>=40?"40px":x<=20?"20px":x+"px"}n.addEventListener("resize",function(){f();setTimeout(f,500)}),f()}(window);',
      },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain: (chain: Parameters<ReturnType<typeof h5DeliveryChain>>[0]) => {
        withFilesystemCache('h5')(chain)
        h5DeliveryChain({ root: path.resolve(__dirname, '..') })(chain)
      },
    },
  }
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
