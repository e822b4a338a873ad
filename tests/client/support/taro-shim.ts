/* eslint-disable @typescript-eslint/no-require-imports -- lazy requires break the load-time cycle described below */
// `@tarojs/taro` for jest: the H5 Taro API (request, storage, navigation) merged with the React
// framework hooks, as the H5 build wires them (`@tarojs/taro` alone lacks `request` in jest).
// Resolved lazily: taro-h5 imports components that import `@tarojs/taro` again while taro-h5 is
// still loading, so reading its exports eagerly would capture a half-built module.
import { checkInteraction, failureOf, INTERACTION_APIS, recordBreaches, type InteractionApi } from '../../support/wechat-limits'

type Api = Record<PropertyKey, unknown>
type Options = Record<string, unknown> & { fail?: (result: unknown) => void; complete?: (result: unknown) => void }

function h5Api(): Api {
  const namespace = require('@tarojs/taro-h5') as Api
  return { ...namespace, ...((namespace.default as Api | undefined) ?? {}) }
}

function reactRuntime(): Api {
  return require('@tarojs/plugin-framework-react/dist/runtime') as Api
}

function withoutCallbacks(options: Options): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => typeof value !== 'function'))
}

/**
 * showModal, showToast, … checked against WeChat's limits (tests/support/wechat-limits.ts)
 * before taro-h5 draws them: a call the phone fails is failed here the same way (fail callback,
 * rejected promise, WeChat's errMsg) and every breach is recorded for setup.ts's afterEach.
 */
function checked(api: InteractionApi, draw: unknown): (options?: Options) => unknown {
  return (options: Options = {}) => {
    const problems = checkInteraction(api, withoutCallbacks(options))
    recordBreaches(api, withoutCallbacks(options), problems)
    const failure = failureOf(problems)
    if (!failure) return (draw as (options: Options) => unknown)(options)
    const result = { errMsg: failure }
    options.fail?.(result)
    options.complete?.(result)
    return Promise.reject(result)
  }
}

const taro: Api = new Proxy({} as Api, {
  get(_target, key) {
    if (key === '__esModule') return true
    if (key === 'default') return taro
    const runtime = reactRuntime()
    if (key in runtime) return runtime[key]
    const api = h5Api()
    if ((INTERACTION_APIS as readonly PropertyKey[]).includes(key)) return checked(key as InteractionApi, api[key])
    return api[key]
  },
  has(_target, key) {
    return key in reactRuntime() || key in h5Api()
  },
})

module.exports = taro
