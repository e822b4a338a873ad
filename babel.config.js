// babel-preset-taro compiles the client for both targets; jest's client project reuses it.
const isH5Build = process.env.TARO_ENV === 'h5' && process.env.NODE_ENV !== 'test'

/*
 * H5 runs in the browsers our users have: WeChat's in-app browser (XWeb, Chromium 86+ since
 * 2021), QQ/UC and the system browsers of Android phones with Chromium 73+ (2019), iOS 12.2+.
 * Everything the client uses (flatMap, Object.fromEntries, Promise.finally, fetch,
 * AbortController) is native there, so H5 ships no polyfills: targeting Android 4.1 through
 * preset-taro's `useBuiltIns: 'usage'` (transform-runtime, which ignores targets) put ~290 KB of
 * core-js — full Symbol and Promise replacements — and ES5 generators into the first load.
 * The mini program keeps package.json's browserslist: WeChat's own compiler expects ES5 output.
 */
const H5_TARGETS = 'chrome >= 73, ios_saf >= 12.2, safari >= 12.1'

module.exports = {
  ...(isH5Build ? { targets: H5_TARGETS } : {}),
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5', useBuiltIns: false, ...(isH5Build ? { targets: H5_TARGETS } : {}) }]],
}
