// babel-preset-taro compiles the client for both targets; jest's client project reuses it.
const isH5Build = process.env.TARO_ENV === 'h5' && process.env.NODE_ENV !== 'test'

/*
 * H5 runs in the browsers our users have: WeChat's in-app browser (XWeb, Chromium 86+ since
 * 2021), QQ/UC and the system browsers of Android phones with Chromium 73+ (2019), iOS 12.2+.
 * Everything the client uses (flatMap, Object.fromEntries, Promise.finally, fetch,
 * AbortController) is native there, so H5 ships no polyfills: targeting Android 4.1 through
 * preset-taro's `useBuiltIns: 'usage'` (transform-runtime, which ignores targets) put ~290 KB of
 * core-js — full Symbol and Promise replacements — and ES5 generators into the first load.
 */
const H5_TARGETS = 'chrome >= 73, ios_saf >= 12.2, safari >= 12.1'

/*
 * The mini program runs our output as it is (project.config.json: es6 off) and DESIGN.md sets its
 * floor at ES2015, which tests/weapp/bundle.test.ts checks with acorn: engines with all of ES2015
 * (classes, arrows, generators) and nothing newer assumed. Down to ES5 (package.json's browserslist,
 * iOS 8) the main package was 9 % larger (442 against 404 KB): regenerator state machines, class
 * and spread helpers.
 */
const WEAPP_TARGETS = 'chrome >= 53, ios_saf >= 10'

/*
 * Both targets are built with Preact (config/index.ts says why, with the numbers). jest's client
 * project still renders with React 18 and @testing-library/react: the tests check our components'
 * behaviour, and the compiled Preact builds are what tests/weapp and tests/e2e drive.
 */
const isJest = process.env.NODE_ENV === 'test'
const isWeappBuild = process.env.TARO_ENV === 'weapp' && !isJest
const targets = isH5Build ? H5_TARGETS : isWeappBuild ? WEAPP_TARGETS : undefined

module.exports = {
  ...(targets ? { targets } : {}),
  presets: [['taro', { framework: isJest ? 'react' : 'preact', ts: true, compiler: 'webpack5', useBuiltIns: false, ...(targets ? { targets } : {}) }]],
}
