/**
 * Runs the COMPILED WeChat mini program (dist/weapp) inside jest, without WeChat DevTools:
 *
 * - miniprogram-simulate (j-component + the official `wcc` WXML compiler) renders each page's
 *   WXML — Taro's generic `base.wxml` templates — from the page's `setData` payloads;
 * - Taro's `Page()` objects are adapted to `Component()` (simulate only knows components);
 * - `wx.request` is bridged to a REAL HTTP server with Node's `http` module;
 * - navigation (`navigateTo`, `switchTab`, …), storage and the phone dialer are played by a small
 *   router with WeChat's rules (a tab page can only be opened with switchTab, …) and recorded;
 * - taps are real touch sequences (touchstart → touchend) that j-component turns into `tap`, which
 *   Taro's `bindtap="eh"` handlers deliver to React's `onClick`.
 *
 * One harness per test file: the compiled app runs once per jest module registry, as on a phone.
 */
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { format } from 'node:util'
import {
  checkInteraction,
  checkNavigationTitle,
  failureOf,
  recordBreaches,
  type InteractionApi,
  type LimitBreach,
  type LimitProblem,
} from '../support/wechat-limits'

const repoRoot = path.resolve(__dirname, '../..')

/** Where `npm run build:weapp` writes the mini program (WEAPP_DIST_DIR points elsewhere, e.g. another build). */
export const WEAPP_DIST = process.env.WEAPP_DIST_DIR ? path.resolve(process.env.WEAPP_DIST_DIR) : path.join(repoRoot, 'dist/weapp')

/**
 * The BFF origin compiled into the weapp build: client/services/http.ts `apiBaseUrl()` uses
 * TARO_APP_API_BASE_URL when set at build time, else a local BFF for WeChat DevTools. Requests to
 * it are routed to the test's server; any other origin fails like a domain WeChat does not allow.
 */
export const COMPILED_API_ORIGIN = new URL(process.env.TARO_APP_API_BASE_URL || 'http://127.0.0.1:3000').origin

const DEFAULT_WAIT_MS = 5_000

// ---------------------------------------------------------------------------------------------
// The few shapes of WeChat, miniprogram-simulate, exparser, React and Taro this file touches.

type Json = Record<string, unknown>
type WxCallback = (result: Json) => void
interface WxAsyncOptions {
  success?: WxCallback
  fail?: WxCallback
  complete?: WxCallback
  [option: string]: unknown
}
type WxApi = Record<string, unknown>

/** The `this` of a page: j-component's method caller, carrying Taro's page lifecycles. */
export interface PageInstance {
  route: string
  __route__: string
  options: Record<string, string>
  $taroPath?: string
  onLoad(query: Record<string, string>): void
  onShow(): void
  onReady(): void
  onHide(): void
  onUnload(): void
  [method: string]: unknown
}

interface SimulateComponent {
  readonly dom: HTMLElement | undefined
  readonly instance: PageInstance
  attach(parent: Node): void
  detach(): void
}
interface Simulate {
  load(componentPath: string, tagName: string, options: { rootPath: string; usingComponents?: Record<string, string> }): string
  render(id: string, properties?: Json): SimulateComponent
}
interface ComponentDefinition {
  data?: unknown
  options?: unknown
  behaviors?: unknown
  methods: Record<string, unknown>
  lifetimes: Record<string, (this: PageInstance) => void>
}

/** A node of Taro's own DOM (TaroElement / TaroText) — only what the harness reads. */
interface TaroNode {
  readonly sid: string
  readonly nodeName: string
  readonly childNodes: TaroNode[]
  readonly dataset?: Record<string, unknown>
}
interface TaroDocument {
  getElementById(id: string): TaroNode | null
}
/** webpack 5's `__webpack_require__`, as a JSONP chunk's runtime callback receives it. */
interface WebpackRequire {
  (moduleId: string): Record<string, unknown>
  m: Record<string, unknown>
}

// ---------------------------------------------------------------------------------------------
// Build checks and the WXML compiler.

/** Fails with instructions when the mini program has not been built. */
export function assertWeappBuilt(distDir = WEAPP_DIST): void {
  const appJson = path.join(distDir, 'app.json')
  if (!fs.existsSync(appJson)) {
    const shown = appJson.startsWith(`${repoRoot}${path.sep}`) ? path.relative(repoRoot, appJson) : appJson
    throw new Error(
      `${shown} is missing: the weapp tests exercise the compiled mini program.\n` +
        'Run `npm run build:weapp` first (`npm test` builds it when missing or stale).',
    )
  }
}

/** Sources newer than the build, named in timeout messages: a stale dist is a common surprise. */
function staleBuildHint(distDir: string): string {
  const builtAt = fs.statSync(path.join(distDir, 'app.json')).mtimeMs
  const newer: string[] = []
  const visit = (entry: string): void => {
    const stats = fs.statSync(entry, { throwIfNoEntry: false })
    if (!stats) return
    if (stats.isDirectory()) fs.readdirSync(entry).forEach((child) => visit(path.join(entry, child)))
    else if (stats.mtimeMs > builtAt) newer.push(path.relative(repoRoot, entry))
  }
  ;['client', 'contracts'].forEach((dir) => visit(path.join(repoRoot, dir)))
  return newer.length ? `\n(dist/weapp is older than ${newer.slice(0, 3).join(', ')}${newer.length > 3 ? ', …' : ''} — run \`npm run build:weapp\`)` : ''
}

/**
 * miniprogram-simulate compiles WXML with the official `wcc` binary shipped in
 * miniprogram-compiler; npm does not keep its executable bit, so restore it before loading.
 */
export function ensureWccExecutable(): string {
  const compilerDir = path.dirname(require.resolve('miniprogram-compiler/package.json', { paths: [path.dirname(require.resolve('miniprogram-simulate'))] }))
  const binary = path.join(compilerDir, 'bin', process.platform === 'darwin' ? 'mac/wcc' : process.platform === 'win32' ? 'windows/wcc.exe' : 'linux/wcc')
  try {
    fs.accessSync(binary, fs.constants.X_OK)
  } catch {
    try {
      fs.chmodSync(binary, 0o755)
    } catch (error) {
      throw new Error(`${binary} is not executable and chmod failed (${String(error)}); make it executable to run the weapp tests`)
    }
  }
  return binary
}

// ---------------------------------------------------------------------------------------------
// Records the harness keeps.

/** A WeChat API call made by the compiled app (callbacks left out). */
export interface WxCall {
  api: string
  options: Json
}

/** A console.warn / console.error while the app runs (the minified source makes jest's own echo unreadable). */
export interface ConsoleMessage {
  level: 'warn' | 'error'
  text: string
}

/** A `wx.request` as the client made it, and what became of it. */
export interface BridgedRequest {
  method: string
  /** the URL the compiled client asked for */
  url: string
  /** path and query, as the BFF saw them */
  path: string
  header: Record<string, string>
  /** where the bridge sent it; null when WeChat would have refused it */
  routedTo: string | null
  statusCode?: number
  errMsg?: string
}

export interface LaunchOptions {
  /** origin of the HTTP server that answers the client's BFF calls, e.g. http://127.0.0.1:41234 */
  backend: string
  /** the BFF origin the build calls (default COMPILED_API_ORIGIN); its requests go to `backend` */
  apiOrigin?: string
  /** a page to open at launch, as WeChat does; by default none (open pages with reLaunch) */
  entry?: string
  /** device storage before launch (wx.setStorage keys → values) */
  storage?: Record<string, unknown>
  distDir?: string
}

// ---------------------------------------------------------------------------------------------

function jsonClone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T)
}

function withoutCallbacks(options: WxAsyncOptions): Json {
  const copy: Json = {}
  for (const [key, value] of Object.entries(options)) if (typeof value !== 'function') copy[key] = value
  return copy
}

function splitUrl(url: string): { route: string; query: Record<string, string> } {
  const [pathname, search = ''] = url.split('?', 2)
  return { route: pathname.replace(/^\/+/, ''), query: Object.fromEntries(new URLSearchParams(search)) }
}

/** WeChat serialises `data` of a GET into the query string, and of other methods by content type. */
function encodeRequest(method: string, url: URL, data: unknown, header: Record<string, string>): Buffer | undefined {
  if (data === undefined || data === null) return undefined
  const contentType = Object.entries(header).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? 'application/json'
  if (method === 'GET' || method === 'HEAD') {
    if (typeof data === 'object' && !(data instanceof ArrayBuffer)) {
      for (const [key, value] of Object.entries(data as Json)) url.searchParams.append(key, typeof value === 'string' ? value : JSON.stringify(value))
    }
    return undefined
  }
  if (typeof data === 'string') return Buffer.from(data, 'utf8')
  if (data instanceof ArrayBuffer) return Buffer.from(data)
  if (/x-www-form-urlencoded/i.test(contentType)) {
    return Buffer.from(new URLSearchParams(Object.entries(data as Json).map(([key, value]) => [key, String(value)])).toString(), 'utf8')
  }
  return Buffer.from(JSON.stringify(data), 'utf8')
}

function transportErrMsg(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'request:fail net::ERR_CONNECTION_REFUSED'
    case 'ECONNRESET':
      return 'request:fail net::ERR_CONNECTION_RESET'
    case 'ENOTFOUND':
      return 'request:fail net::ERR_NAME_NOT_RESOLVED'
    default:
      return `request:fail ${error.message}`
  }
}

/** A rendered WXML element of a page. */
export class RenderedNode {
  constructor(
    readonly element: Element,
    private readonly classPrefixes: string[],
  ) {}

  /** Taro's node id (`data-sid` in base.wxml) */
  get sid(): string | null {
    return this.element.getAttribute('data-sid')
  }

  get text(): string {
    return this.element.textContent ?? ''
  }

  /** class names as written in the client (j-component prefixes them with the component's tag) */
  get classes(): string[] {
    return Array.from(this.element.classList, (name) => {
      const prefix = this.classPrefixes.find((candidate) => name.startsWith(`${candidate}--`))
      return prefix ? name.slice(prefix.length + 2) : name
    })
  }

  /** The WXML tag, e.g. `view` or `text`. */
  get tag(): string {
    return this.element.tagName.toLowerCase().replace(/^wx-/, '')
  }
}

/** One page of the compiled app, mounted by the harness's router. */
export class WeappPage {
  private closed = false

  constructor(
    readonly route: string,
    readonly query: Record<string, string>,
    private readonly component: SimulateComponent,
    private readonly host: HTMLElement,
    private readonly app: MiniProgram,
  ) {}

  get instance(): PageInstance {
    return this.component.instance
  }

  get isClosed(): boolean {
    return this.closed
  }

  private get dom(): HTMLElement {
    const dom = this.component.dom
    if (!dom) throw new Error(`${this.route} has no rendered DOM`)
    return dom
  }

  /** Everything a user can read on the page, in document order. */
  text(): string {
    return this.dom.textContent ?? ''
  }

  /** The page's outermost rendered element (the client's <PageShell> view). */
  root(): RenderedNode {
    const first = this.dom.querySelector('[data-sid]')
    if (!first) throw new Error(`${this.route} rendered nothing yet`)
    return this.node(first)
  }

  /**
   * The innermost rendered elements whose text is `text` (trimmed), or contains it with
   * `{ exact: false }`.
   */
  queryAllByText(text: string, options: { exact?: boolean } = {}): RenderedNode[] {
    const exact = options.exact ?? true
    const matches = Array.from(this.dom.querySelectorAll('[data-sid]')).filter((element) => {
      const content = (element.textContent ?? '').trim()
      return exact ? content === text : content.includes(text)
    })
    return matches.filter((element) => !matches.some((other) => other !== element && element.contains(other))).map((element) => this.node(element))
  }

  getByText(text: string, options: { exact?: boolean } = {}): RenderedNode {
    const matches = this.queryAllByText(text, options)
    if (matches.length !== 1) throw new Error(`expected one element with text "${text}" on ${this.route}, found ${matches.length}. Page text: ${this.text()}`)
    return matches[0]
  }

  /**
   * The rendered element of the client's `data-testid`. base.wxml does not render data-*
   * attributes, so the id is looked up in Taro's own DOM (see MiniProgram.taroDocument) and
   * matched to the rendered element by Taro's node id.
   */
  queryByTestId(testId: string): RenderedNode | null {
    const pageElement = this.app.taroDocument().getElementById(this.instance.$taroPath ?? '')
    if (!pageElement) throw new Error(`Taro has no page element for ${this.route}`)
    const found: TaroNode[] = []
    const visit = (node: TaroNode): void => {
      if (node.dataset?.testid === testId) found.push(node)
      node.childNodes?.forEach(visit)
    }
    visit(pageElement)
    if (found.length > 1) throw new Error(`data-testid="${testId}" is used ${found.length} times on ${this.route}`)
    if (found.length === 0) return null
    const rendered = this.dom.querySelector(`[data-sid="${found[0].sid}"]`)
    return rendered ? this.node(rendered) : null
  }

  getByTestId(testId: string): RenderedNode {
    const node = this.queryByTestId(testId)
    if (!node) throw new Error(`no rendered element with data-testid="${testId}" on ${this.route}. Page text: ${this.text()}`)
    return node
  }

  /** Polls until `probe` returns a value (not null/undefined/false); bounded by `timeoutMs`. */
  async waitFor<T>(description: string, probe: () => T | null | undefined | false, timeoutMs = DEFAULT_WAIT_MS): Promise<T> {
    return this.app.waitFor(`${description} on ${this.route}`, probe, timeoutMs, () => `Page text: ${this.text()}`)
  }

  async waitForText(text: string, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    await this.waitFor(`text "${text}"`, () => this.text().includes(text), timeoutMs)
  }

  async waitForTestId(testId: string, timeoutMs = DEFAULT_WAIT_MS): Promise<RenderedNode> {
    return this.waitFor(`data-testid="${testId}"`, () => this.queryByTestId(testId), timeoutMs)
  }

  /**
   * Taps like a finger: touchstart then touchend on the element; j-component turns that into a
   * `tap` that bubbles through the WXML to Taro's `bindtap="eh"`, which calls React's onClick.
   */
  async tap(target: RenderedNode | string): Promise<void> {
    const node = typeof target === 'string' ? this.getByText(target) : target
    const element = node.element
    const view = element.ownerDocument.defaultView
    if (!view) throw new Error('the rendered page is not in a document')
    const TouchCtor = (globalThis as unknown as { Touch: new (init: Json) => Touch }).Touch
    const touch = new TouchCtor({ identifier: 1, target: element, clientX: 1, clientY: 1, pageX: 1, pageY: 1 })
    element.dispatchEvent(new view.TouchEvent('touchstart', { bubbles: true, cancelable: true, touches: [touch], changedTouches: [touch] }))
    element.dispatchEvent(new view.TouchEvent('touchend', { bubbles: true, cancelable: true, touches: [], changedTouches: [touch] }))
    // j-component and Taro deliver events asynchronously; let them run
    await new Promise((resolve) => setTimeout(resolve, 0))
  }

  /** Pull-down refresh, as WeChat triggers it on pages with enablePullDownRefresh. */
  pullDownRefresh(): void {
    const handler = this.instance.onPullDownRefresh
    if (typeof handler !== 'function') throw new Error(`${this.route} does not handle pull-down refresh`)
    handler.call(this.instance)
  }

  private node(element: Element): RenderedNode {
    return new RenderedNode(element, ['main', 'comp'])
  }

  /** @internal used by the router */
  unmount(): void {
    if (this.closed) return
    this.closed = true
    this.component.detach()
    this.host.remove()
  }
}

interface PendingMount {
  route: string
  query: Record<string, string>
}

/**
 * The compiled mini program, launched in the current jest environment. Create it once per test
 * file (`launchWeapp`), `close()` it in afterAll.
 */
export class MiniProgram {
  /** WeChat API calls made by the app: navigation, storage, phone… (see `callsTo`) */
  readonly calls: WxCall[] = []
  /** every wx.request, in order */
  readonly requests: BridgedRequest[] = []
  /** errors thrown by the app inside callbacks the harness invoked; tests should expect none */
  readonly errors: unknown[] = []
  /** device storage (wx.setStorage / getStorageSync) */
  readonly storage = new Map<string, unknown>()
  /** console.warn / console.error calls while the app runs: captured, not printed */
  readonly console: ConsoleMessage[] = []
  /**
   * WeChat limits the app broke (tests/support/wechat-limits.ts); also recorded for setup.ts,
   * whose afterEach fails the test — even when the app swallowed the failed call
   */
  readonly limitBreaches: LimitBreach[] = []
  /** how the user answers the next dialogs: 'confirm' (default) or 'cancel'; see answerModals */
  private modalAnswer: 'confirm' | 'cancel' = 'confirm'
  /** the item the user taps in the next action sheets (index), or null to dismiss them */
  private actionSheetAnswer: number | null = 0
  /** calls WeChat fails whatever their arguments (see refuse) */
  private readonly refusals = new Map<string, string>()

  private backend: URL
  private readonly apiOrigin: string
  private readonly distDir: string
  private readonly appJson: {
    pages: string[]
    subPackages?: { root: string; pages: string[] }[]
    tabBar?: { list: { pagePath: string }[] }
    window?: { navigationBarTitleText?: unknown }
  }
  /** every page of the app: the main package's and each subpackage's (`packageBooking/pages/book/index`) */
  private readonly routes: string[]
  private readonly simulate: Simulate
  private readonly pageIds = new Map<string, string>()
  private compId: string | null = null
  private appObject: Json | null = null
  private stack: WeappPage[] = []
  private readonly aliveTabs = new Map<string, WeappPage>()
  private pendingMount: PendingMount | null = null
  private runtimeDocument: TaroDocument | null = null
  private readonly inFlight = new Set<http.ClientRequest>()
  private closed = false
  private readonly restoreConsole: () => void

  /** @internal use launchWeapp() */
  constructor(options: LaunchOptions) {
    this.distDir = options.distDir ?? WEAPP_DIST
    assertWeappBuilt(this.distDir)
    this.backend = new URL(options.backend)
    this.apiOrigin = new URL(options.apiOrigin ?? COMPILED_API_ORIGIN).origin
    this.appJson = JSON.parse(fs.readFileSync(path.join(this.distDir, 'app.json'), 'utf8')) as MiniProgram['appJson']
    this.routes = [
      ...this.appJson.pages,
      ...(this.appJson.subPackages ?? []).flatMap((sub) => sub.pages.map((page) => `${sub.root.replace(/\/+$/, '')}/${page}`)),
    ]
    for (const [key, value] of Object.entries(options.storage ?? {})) this.storage.set(key, jsonClone(value))
    ensureWccExecutable()
    this.restoreConsole = this.captureConsole()

    // requiring miniprogram-simulate installs `Component`, `Behavior` and a mocked `wx`
    this.simulate = jest.requireActual<Simulate>('miniprogram-simulate')
    this.installMiniProgramGlobals()
    this.installWx()
  }

  private get global(): Record<string, unknown> {
    return globalThis as unknown as Record<string, unknown>
  }

  private get wx(): WxApi {
    return this.global.wx as WxApi
  }

  /**
   * Runs app.js (which loads Taro, React and the app) and calls App.onLaunch / onShow; then opens
   * `entry` if given. Tests usually open pages themselves with reLaunch(), one per test.
   */
  launch(entry: string | undefined): void {
    jest.requireActual(path.join(this.distDir, 'app.js'))
    if (!this.appObject) throw new Error('dist/weapp/app.js did not call App()')
    const { route, query } = splitUrl(entry ?? this.appJson.pages[0])
    const launchOptions = { path: route, query, scene: 1001, referrerInfo: {} }
    this.callApp('onLaunch', launchOptions)
    this.callApp('onShow', launchOptions)
    this.compId = this.simulate.load(path.join(this.distDir, 'comp'), 'comp', { rootPath: this.distDir })
    if (entry !== undefined) this.reLaunchPage(route, query)
  }

  private callApp(lifecycle: string, options: Json): void {
    const handler = this.appObject?.[lifecycle]
    if (typeof handler === 'function') handler.call(this.appObject, options)
  }

  /** Points the bridge at another server (e.g. a closed port: the phone has a network, the server does not answer). */
  setBackend(origin: string): void {
    this.backend = new URL(origin)
  }

  private networkType: 'wifi' | '4g' | 'none' = 'wifi'

  /**
   * The phone's network as WeChat reports it: with 'none', `wx.getNetworkType` answers 'none' and
   * every `wx.request` fails at once as on an Android phone in airplane mode
   * (`request:fail -106:net::ERR_INTERNET_DISCONNECTED`).
   */
  setNetwork(type: 'wifi' | '4g' | 'none'): void {
    this.networkType = type
  }

  get backendOrigin(): string {
    return this.backend.origin
  }

  /** The page on top of the stack: what the user sees. */
  currentPage(): WeappPage {
    const page = this.stack.at(-1)
    if (!page) throw new Error('no page is open')
    return page
  }

  /** The page stack, bottom first (as getCurrentPages()). */
  pages(): readonly WeappPage[] {
    return [...this.stack]
  }

  /** Closes every page and opens `url` afresh (wx.reLaunch, done by the test, not recorded). */
  async reLaunch(url: string): Promise<WeappPage> {
    const { route, query } = splitUrl(url)
    const failure = this.checkRoute('reLaunch', route)
    if (failure) throw new Error(failure)
    this.reLaunchPage(route, query)
    return this.currentPage()
  }

  callsTo(api: string): Json[] {
    return this.calls.filter((call) => call.api === api).map((call) => call.options)
  }

  /** Forgets recorded calls, requests and errors (between tests). */
  clearRecords(): void {
    this.calls.length = 0
    this.requests.length = 0
    this.errors.length = 0
    this.console.length = 0
    this.limitBreaches.length = 0
  }

  /** How the user answers the dialogs (wx.showModal) from now on: the confirm or the cancel button. */
  answerModals(answer: 'confirm' | 'cancel'): void {
    this.modalAnswer = answer
  }

  /**
   * Makes WeChat fail every later call of `api` with `errMsg` (as a phone may for reasons the app
   * cannot see), or stop failing it with null: to test what the app does when no dialog opens.
   */
  refuse(api: InteractionApi, errMsg: string | null): void {
    if (errMsg === null) this.refusals.delete(api)
    else this.refusals.set(api, errMsg)
  }

  /** Which item the user taps in action sheets from now on (index), or null to dismiss them. */
  answerActionSheets(tapIndex: number | null): void {
    this.actionSheetAnswer = tapIndex
  }

  private captureConsole(): () => void {
    const { warn, error } = console
    console.warn = (...args: unknown[]) => {
      this.console.push({ level: 'warn', text: format(...args) })
    }
    console.error = (...args: unknown[]) => {
      this.console.push({ level: 'error', text: format(...args) })
    }
    return () => {
      console.warn = warn
      console.error = error
    }
  }

  async waitFor<T>(description: string, probe: () => T | null | undefined | false, timeoutMs = DEFAULT_WAIT_MS, details?: () => string): Promise<T> {
    const deadline = Date.now() + timeoutMs
    let lastError: unknown = null
    for (;;) {
      try {
        const value = probe()
        if (value !== null && value !== undefined && value !== false) return value
      } catch (error) {
        lastError = error
      }
      if (Date.now() >= deadline) {
        const because = lastError instanceof Error ? `\nlast error: ${lastError.message}` : ''
        const requests = this.requests.map((request) => `${request.method} ${request.url} → ${request.statusCode ?? request.errMsg ?? 'pending'}`).join('; ')
        const logged = this.console
          .slice(-5)
          .map((message) => `\nconsole.${message.level}: ${message.text}`)
          .join('')
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${description}${because}\n${details ? details() : ''}\nrequests: ${requests || 'none'}${logged}${staleBuildHint(this.distDir)}`,
        )
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }

  async waitForRoute(route: string, timeoutMs = DEFAULT_WAIT_MS): Promise<WeappPage> {
    return this.waitFor(
      `the current page to be ${route}`,
      () => {
        const page = this.stack.at(-1)
        return page?.route === route ? page : null
      },
      timeoutMs,
      () => `stack: ${this.stack.map((page) => page.route).join(' > ')}`,
    )
  }

  /**
   * Taro's DOM document (`document` of @tarojs/runtime). The weapp bundle is webpack 5 with JSONP
   * chunks on `wx.webpackJsonp`: a chunk pushed there has its runtime callback called with
   * `__webpack_require__`, and the module that re-exports @tarojs/runtime by name is found by its
   * export list. base.wxml renders no data-* attributes, so data-testid is only readable here.
   */
  taroDocument(): TaroDocument {
    if (this.runtimeDocument) return this.runtimeDocument
    const wx = this.wx
    const chunkQueue = Object.keys(wx)
      .filter((name) => name.startsWith('webpackJsonp'))
      .map((name) => wx[name])[0]
    if (!Array.isArray(chunkQueue)) throw new Error('no webpack chunk queue (wx.webpackJsonp) in the compiled app')
    let webpackRequire: WebpackRequire | null = null
    chunkQueue.push([
      ['weapp-harness-probe'],
      {},
      (required: WebpackRequire) => {
        webpackRequire = required
      },
    ])
    const found = webpackRequire as WebpackRequire | null
    if (!found) throw new Error('the webpack runtime did not run the probe chunk')
    const runtimeId = Object.keys(found.m).find((id) => {
      const source = String(found.m[id])
      return source.includes('createPageConfig:function(){return') && source.includes('document:function(){return')
    })
    const runtimeDocument = runtimeId ? (found(runtimeId).document as TaroDocument | undefined) : undefined
    if (!runtimeDocument || typeof runtimeDocument.getElementById !== 'function') {
      throw new Error('@tarojs/runtime (with its `document`) was not found among the compiled modules; data-testid lookups need it')
    }
    this.runtimeDocument = runtimeDocument
    return runtimeDocument
  }

  /** Unmounts every page and aborts requests in flight. */
  close(): void {
    if (this.closed) return
    this.closed = true
    this.restoreConsole()
    for (const request of this.inFlight) request.destroy()
    this.inFlight.clear()
    for (const page of new Set([...this.stack, ...this.aliveTabs.values()])) page.unmount()
    this.stack = []
    this.aliveTabs.clear()
  }

  // ------------------------------------------------------------------------------------------
  // App(), Page() and getCurrentPages() as WeChat provides them.

  private installMiniProgramGlobals(): void {
    const simulateComponent = this.global.Component as (definition: ComponentDefinition) => void
    this.global.App = (appObject: Json) => {
      this.appObject = appObject
    }
    this.global.getApp = () => this.appObject
    this.global.getCurrentPages = () => this.stack.map((page) => page.instance)
    // simulate understands Component(); a Taro page is a Page() object: lifecycles and an event
    // handler at the top level, which become methods, with WeChat's page lifecycle order
    this.global.Page = (pageObject: Json) => {
      const { data, options, behaviors, ...rest } = pageObject
      const methods: Record<string, unknown> = {}
      const fields: Json = {}
      for (const [key, value] of Object.entries(rest)) {
        if (typeof value === 'function') methods[key] = value
        else fields[key] = value
      }
      const claimMount = (): PendingMount => {
        const mount = this.pendingMount
        if (!mount) throw new Error('a page was attached outside the harness router')
        this.pendingMount = null
        return mount
      }
      simulateComponent({
        data,
        options,
        behaviors,
        methods,
        lifetimes: {
          created(this: PageInstance) {
            Object.assign(this, jsonClone(fields))
          },
          attached(this: PageInstance) {
            const { route, query } = claimMount()
            this.route = route
            this.__route__ = route
            this.options = query
            this.onLoad({ ...query })
            this.onShow()
          },
          ready(this: PageInstance) {
            this.onReady()
          },
          detached(this: PageInstance) {
            this.onUnload()
          },
        },
      })
    }
  }

  private pageId(route: string): string {
    let id = this.pageIds.get(route)
    if (!id) {
      if (!this.compId) throw new Error('launch() first')
      // a page's own `comp` (Taro's recursive template component) is the one registered at launch:
      // the compiled comp.js runs once, like on a phone
      id = this.simulate.load(path.join(this.distDir, route), 'main', { rootPath: this.distDir, usingComponents: { comp: this.compId } })
      this.pageIds.set(route, id)
    }
    return id
  }

  private mountPage(route: string, query: Record<string, string>): WeappPage {
    this.checkPageTitle(route)
    const component = this.simulate.render(this.pageId(route))
    const host = document.createElement('div')
    host.setAttribute('data-route', route)
    document.body.appendChild(host)
    const page = new WeappPage(route, query, component, host, this)
    this.pendingMount = { route, query }
    try {
      component.attach(host)
    } finally {
      this.pendingMount = null
    }
    if (this.isTab(route)) this.aliveTabs.set(route, page)
    return page
  }

  /** The title bar WeChat draws from the page's navigationBarTitleText (else app.json's window). */
  private checkPageTitle(route: string): void {
    const pageJson = path.join(this.distDir, `${route}.json`)
    const own = fs.existsSync(pageJson)
      ? (JSON.parse(fs.readFileSync(pageJson, 'utf8')) as { navigationBarTitleText?: unknown }).navigationBarTitleText
      : undefined
    const title = own ?? this.appJson.window?.navigationBarTitleText
    if (title !== undefined) this.breach('navigationBarTitleText', { route, title }, checkNavigationTitle(title, 'navigationBarTitleText'))
  }

  private breach(api: string, options: Json, problems: readonly LimitProblem[]): void {
    if (problems.length === 0) return
    recordBreaches(api, options, problems)
    for (const problem of problems) this.limitBreaches.push({ api, rule: problem.rule, errMsg: problem.errMsg, options })
  }

  private unmountPage(page: WeappPage): void {
    if (this.aliveTabs.get(page.route) === page) this.aliveTabs.delete(page.route)
    page.unmount()
  }

  private isTab(route: string): boolean {
    return (this.appJson.tabBar?.list ?? []).some((tab) => tab.pagePath === route)
  }

  private reLaunchPage(route: string, query: Record<string, string>): void {
    for (const page of new Set([...this.stack, ...this.aliveTabs.values()])) this.unmountPage(page)
    this.stack = [this.mountPage(route, query)]
  }

  /** WeChat's checks on a navigation target; returns the errMsg of a failure, or null. */
  private checkRoute(api: string, route: string): string | null {
    if (!this.routes.includes(route)) return `${api}:fail page "${route}" is not found`
    if ((api === 'navigateTo' || api === 'redirectTo') && this.isTab(route)) return `${api}:fail can not ${api} a tabbar page`
    if (api === 'switchTab' && !this.isTab(route)) return `${api}:fail can not switch to no-tabBar page`
    return null
  }

  private resolveUrl(url: string): { route: string; query: Record<string, string> } {
    if (url.startsWith('/')) return splitUrl(url)
    const current = this.stack.at(-1)?.route ?? ''
    return splitUrl(path.posix.join(path.posix.dirname(current), url))
  }

  // ------------------------------------------------------------------------------------------
  // wx.*

  private record(api: string, options: WxAsyncOptions): void {
    this.calls.push({ api, options: withoutCallbacks(options) })
  }

  /** Calls the app's callbacks as WeChat does: later, success or fail, then complete. */
  private settle(options: WxAsyncOptions, result: Json): void {
    setTimeout(() => {
      if (this.closed) return
      const ok = String(result.errMsg).endsWith(':ok')
      this.guard(() => (ok ? options.success : options.fail)?.(result))
      this.guard(() => options.complete?.(result))
    }, 0)
  }

  private guard(run: () => void): void {
    try {
      run()
    } catch (error) {
      this.errors.push(error)
    }
  }

  private installWx(): void {
    const wx = this.wx
    const navigation = (api: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch', run: (route: string, query: Record<string, string>) => void) => {
      wx[api] = (options: WxAsyncOptions = {}) => {
        this.record(api, options)
        const { route, query } = this.resolveUrl(String(options.url ?? ''))
        const failure = this.checkRoute(api, route) ?? (api === 'navigateTo' && this.stack.length >= 10 ? 'navigateTo:fail webview count limit exceed' : null)
        if (failure) {
          this.settle(options, { errMsg: failure })
          return
        }
        run(route, query)
        this.settle(options, { errMsg: `${api}:ok` })
      }
    }
    navigation('navigateTo', (route, query) => {
      this.stack.at(-1)?.instance.onHide()
      this.stack.push(this.mountPage(route, query))
    })
    navigation('redirectTo', (route, query) => {
      const top = this.stack.pop()
      if (top) this.unmountPage(top)
      this.stack.push(this.mountPage(route, query))
    })
    navigation('switchTab', (route) => {
      const current = this.stack.at(-1)
      if (current?.route === route) return
      for (const page of this.stack) {
        if (this.isTab(page.route)) {
          if (page === current) page.instance.onHide()
        } else this.unmountPage(page)
      }
      const alive = this.aliveTabs.get(route)
      if (alive) alive.instance.onShow()
      // WeChat drops the query of a switchTab url
      this.stack = [alive ?? this.mountPage(route, {})]
    })
    navigation('reLaunch', (route, query) => this.reLaunchPage(route, query))
    wx.navigateBack = (options: WxAsyncOptions = {}) => {
      this.record('navigateBack', options)
      const delta = Math.max(1, Number(options.delta ?? 1))
      if (this.stack.length <= 1) {
        this.settle(options, { errMsg: 'navigateBack:fail cannot navigate back at first page.' })
        return
      }
      for (let i = 0; i < delta && this.stack.length > 1; i++) this.unmountPage(this.stack.pop() as WeappPage)
      this.stack.at(-1)?.instance.onShow()
      this.settle(options, { errMsg: 'navigateBack:ok' })
    }

    // storage: JSON-like values, kept for the test to read
    wx.setStorage = (options: WxAsyncOptions = {}) => {
      this.record('setStorage', options)
      this.storage.set(String(options.key), jsonClone(options.data))
      this.settle(options, { errMsg: 'setStorage:ok' })
    }
    wx.setStorageSync = (key: string, data: unknown) => {
      this.record('setStorageSync', { key, data })
      this.storage.set(key, jsonClone(data))
    }
    wx.getStorage = (options: WxAsyncOptions = {}) => {
      const key = String(options.key)
      this.settle(
        options,
        this.storage.has(key) ? { errMsg: 'getStorage:ok', data: jsonClone(this.storage.get(key)) } : { errMsg: 'getStorage:fail data not found' },
      )
    }
    wx.getStorageSync = (key: string) => (this.storage.has(key) ? jsonClone(this.storage.get(key)) : '')
    wx.removeStorage = (options: WxAsyncOptions = {}) => {
      this.record('removeStorage', options)
      this.storage.delete(String(options.key))
      this.settle(options, { errMsg: 'removeStorage:ok' })
    }
    wx.removeStorageSync = (key: string) => {
      this.record('removeStorageSync', { key })
      this.storage.delete(key)
    }
    wx.getStorageInfoSync = () => ({ keys: [...this.storage.keys()], currentSize: 0, limitSize: 10240 })

    wx.makePhoneCall = (options: WxAsyncOptions = {}) => {
      this.record('makePhoneCall', options)
      this.settle(options, { errMsg: 'makePhoneCall:ok' })
    }
    wx.stopPullDownRefresh = (options: WxAsyncOptions = {}) => {
      this.record('stopPullDownRefresh', options)
      this.settle(options, { errMsg: 'stopPullDownRefresh:ok' })
    }
    wx.getNetworkType = (options: WxAsyncOptions = {}) => {
      this.settle(options, { errMsg: 'getNetworkType:ok', networkType: this.networkType, signalStrength: 0, hasSystemProxy: false })
    }
    wx.request = (options: WxAsyncOptions) => this.request(options)

    // WeChat's own dialogs, toasts, action sheets and title bar: their limits are checked as the
    // phone checks them (a failed call gets WeChat's errMsg and shows nothing), and every breach
    // is recorded; the user's answer is the one set with answerModals / answerActionSheets
    const interaction = (api: InteractionApi, answer: () => Json | string) => {
      wx[api] = (options: WxAsyncOptions = {}) => {
        this.record(api, options)
        const problems = checkInteraction(api, withoutCallbacks(options))
        this.breach(api, withoutCallbacks(options), problems)
        const failure = failureOf(problems) ?? this.refusals.get(api)
        const answered = failure ? null : answer()
        // a string answer is a failure the user caused (an action sheet dismissed)
        this.settle(options, failure ? { errMsg: failure } : typeof answered === 'string' ? { errMsg: answered } : { errMsg: `${api}:ok`, ...answered })
      }
    }
    interaction('showModal', () => ({ confirm: this.modalAnswer === 'confirm', cancel: this.modalAnswer === 'cancel' }))
    interaction('showToast', () => ({}))
    interaction('showLoading', () => ({}))
    interaction('setNavigationBarTitle', () => ({}))
    interaction('showActionSheet', () => (this.actionSheetAnswer === null ? 'showActionSheet:fail cancel' : { tapIndex: this.actionSheetAnswer }))
    for (const api of ['hideToast', 'hideLoading'] as const) {
      wx[api] = (options: WxAsyncOptions = {}) => {
        this.record(api, options)
        this.settle(options, { errMsg: `${api}:ok` })
      }
    }
  }

  /** wx.request over real HTTP: the compiled BFF origin is routed to `backend`. */
  private request(options: WxAsyncOptions): { abort(): void } {
    const method = String(options.method ?? 'GET').toUpperCase()
    const header: Record<string, string> = {}
    for (const [name, value] of Object.entries((options.header as Json | undefined) ?? {})) if (value !== undefined) header[name] = String(value)
    const askedUrl = String(options.url)
    const record: BridgedRequest = { method, url: askedUrl, path: '', header, routedTo: null }
    this.requests.push(record)

    const finish = (result: Json) => {
      record.errMsg = String(result.errMsg)
      if (typeof result.statusCode === 'number') record.statusCode = result.statusCode
      this.settle(options, result)
    }

    let asked: URL
    try {
      asked = new URL(askedUrl)
    } catch {
      finish({ errMsg: `request:fail invalid url "${askedUrl}"` })
      return { abort: () => undefined }
    }
    record.path = `${asked.pathname}${asked.search}`
    if (this.networkType === 'none') {
      finish({ errMsg: 'request:fail -106:net::ERR_INTERNET_DISCONNECTED' })
      return { abort: () => undefined }
    }
    if (asked.origin !== this.apiOrigin) {
      // WeChat only lets a mini program call its configured server domains
      finish({ errMsg: `request:fail url not in domain list: ${asked.origin}` })
      return { abort: () => undefined }
    }
    const target = new URL(`${asked.pathname}${asked.search}`, this.backend)
    const body = encodeRequest(method, target, options.data, header)
    record.routedTo = target.href
    record.path = `${target.pathname}${target.search}`
    const headers: Record<string, string> = { ...header }
    if (body && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json'
    if (body) headers['Content-Length'] = String(body.length)

    let settled = false
    let outgoing: http.ClientRequest | undefined
    // WeChat's `timeout` bounds the whole request, not socket idleness
    const timer = setTimeout(
      () => {
        once({ errMsg: 'request:fail timeout' })
        outgoing?.destroy()
      },
      typeof options.timeout === 'number' ? options.timeout : 60_000,
    )
    const once = (result: Json) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (outgoing) this.inFlight.delete(outgoing)
      finish(result)
    }
    try {
      outgoing = http.request(target, { method, headers })
    } catch (error) {
      // e.g. a header value Node refuses; WeChat fails such a request too
      once({ errMsg: `request:fail ${error instanceof Error ? error.message : String(error)}` })
      return { abort: () => undefined }
    }
    const request = outgoing
    this.inFlight.add(request)
    request.on('error', (error: NodeJS.ErrnoException) => once({ errMsg: transportErrMsg(error) }))
    request.on('response', (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('error', (error: NodeJS.ErrnoException) => once({ errMsg: transportErrMsg(error) }))
      response.on('end', () => {
        const raw = Buffer.concat(chunks)
        const responseHeader: Record<string, string> = {}
        for (const [name, value] of Object.entries(response.headers))
          if (value !== undefined) responseHeader[name] = Array.isArray(value) ? value.join(', ') : value
        let data: unknown
        if (options.responseType === 'arraybuffer') data = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)
        else {
          data = raw.toString('utf8')
          // dataType 'json' (the default): parse when it is JSON, else hand over the text
          if ((options.dataType ?? 'json') === 'json') {
            try {
              data = JSON.parse(data as string)
            } catch {
              // not JSON: WeChat returns the string
            }
          }
        }
        const cookies = response.headers['set-cookie'] ?? []
        once({ errMsg: 'request:ok', statusCode: response.statusCode ?? 0, header: responseHeader, data, cookies })
      })
    })
    if (body) request.write(body)
    request.end()
    return {
      abort: () => {
        request.destroy()
        once({ errMsg: 'request:fail abort' })
      },
    }
  }
}

/** Launches the compiled app in this test file's environment (and opens `entry`, if given). */
export function launchWeapp(options: LaunchOptions): MiniProgram {
  const app = new MiniProgram(options)
  app.launch(options.entry)
  return app
}
