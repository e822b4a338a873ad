// Stands in for fetch/AbortController polyfills that @tarojs/taro-h5 imports unconditionally:
// every browser the H5 build targets (see babel.config.js) has both natively.
export {}
