import path from 'node:path'
import simulate from 'miniprogram-simulate'

const root = path.resolve(__dirname, '../../dist/weapp')

test('scratch', async () => {
  const g = globalThis as unknown as Record<string, unknown>
  let appConfig: Record<string, unknown> | null = null
  g.App = (cfg: Record<string, unknown>) => { appConfig = cfg }
  g.getApp = () => appConfig
  g.getCurrentPages = () => []
  g.Page = (options: Record<string, unknown>) => {
    const { data, ...rest } = options
    const methods: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(rest)) if (typeof v === 'function') methods[k] = v
    ;(g.Component as (o: unknown) => void)({
      data,
      methods,
      lifetimes: {
        attached(this: Record<string, (...a: unknown[]) => void>) { this.onLoad({}); this.onShow() },
        ready(this: Record<string, () => void>) { this.onReady() },
        detached(this: Record<string, () => void>) { this.onUnload() },
      },
    })
  }
  const wx = g.wx as Record<string, unknown>
  wx.request = (o: { url: string; success?: (r: unknown) => void; fail?: (r: unknown) => void }) => { console.log('request', o.url); setTimeout(() => o.fail?.({ errMsg: 'request:fail nope' }), 10); return { abort() {} } }
  require(path.join(root, 'app.js'))
  ;(appConfig as unknown as { onLaunch: (o: unknown) => void }).onLaunch({ path: 'pages/home/index', query: {} })
  const id = simulate.load(path.join(root, 'pages/home/index'), { rootPath: root })
  const comp = simulate.render(id)
  comp.attach(document.createElement('parent-wrapper'))
  await simulate.sleep(500)
  let req: any = null
  ;(wx.webpackJsonp as unknown[]).push([['probe'], {}, (r: unknown) => { req = r }])
  const ids = Object.keys(req.m).filter((k) => String(req.m[k]).includes('getMiniLifecycleImpl'))
  console.log('ids', ids)
  for (const k of ids) {
    const ex = req(k)
    for (const key of Object.keys(ex)) {
      const v = ex[key]
      console.log(k, key, typeof v, v && typeof v === 'object' ? Object.keys(v).slice(0, 8).join(',') + ' ' + (v.constructor && v.constructor.name) : String(v).slice(0, 60))
    }
  }
  const t = comp.querySelector('#_Ac')
  console.log('retry', t && t.dom && t.dom.outerHTML)
  console.log(comp.dom?.innerHTML.slice(0, 3000))
})
