/* eslint-disable @typescript-eslint/no-require-imports -- lazy requires break the load-time cycle described below */
// `@tarojs/taro` for jest: the H5 Taro API (request, storage, navigation) merged with the React
// framework hooks, as the H5 build wires them (`@tarojs/taro` alone lacks `request` in jest).
// Resolved lazily: taro-h5 imports components that import `@tarojs/taro` again while taro-h5 is
// still loading, so reading its exports eagerly would capture a half-built module.
type Api = Record<PropertyKey, unknown>

function h5Api(): Api {
  const namespace = require('@tarojs/taro-h5') as Api
  return { ...namespace, ...((namespace.default as Api | undefined) ?? {}) }
}

function reactRuntime(): Api {
  return require('@tarojs/plugin-framework-react/dist/runtime') as Api
}

const taro: Api = new Proxy({} as Api, {
  get(_target, key) {
    if (key === '__esModule') return true
    if (key === 'default') return taro
    const runtime = reactRuntime()
    if (key in runtime) return runtime[key]
    return h5Api()[key]
  },
  has(_target, key) {
    return key in reactRuntime() || key in h5Api()
  },
})

module.exports = taro
