/**
 * WeChat's limits on the texts of its own dialogs, toasts, action sheets and title bars
 * (/work/shared/research/wechat-api-limits.md). miniprogram-simulate and the jsdom taro shim
 * do not enforce them; a phone does. Both harnesses (tests/weapp/harness.ts,
 * tests/client/support/taro-shim.ts) and the source check (tests/client/services/interaction-texts.test.ts)
 * use this one module, so the three agree.
 *
 * Two kinds of breach:
 * - the phone FAILS the call (fail callback / rejected promise with `errMsg`, and no dialog):
 *   a button text over 4 Chinese characters, more than 6 action-sheet items, a non-string text;
 * - the phone shows the call but cuts the text (toast title beside an icon, title bar, modal
 *   title) or a text reads broken (`undefined` in it, an empty dialog): the call succeeds, as on a
 *   phone, but the breach is recorded all the same.
 * Every breach is recorded; the harnesses' setup files fail the test that caused one, even when
 * the app swallowed the rejection.
 */

export type InteractionApi = 'showModal' | 'showToast' | 'showLoading' | 'showActionSheet' | 'setNavigationBarTitle'
export const INTERACTION_APIS: readonly InteractionApi[] = ['showModal', 'showToast', 'showLoading', 'showActionSheet', 'setNavigationBarTitle']

/** The limits, in Chinese characters (a Latin letter or digit counts half, as WeChat counts). */
export const WECHAT_LIMITS = {
  /** showModal confirmText / cancelText: WeChat and Taro H5 fail the call above 4 */
  modalButton: 4,
  /** showToast title with icon success / error / loading (and showLoading, the same box): cut after 7 */
  toastWithIcon: 7,
  /** showToast title with icon none: two lines at most; ~10 characters a line on a 320 px wide phone */
  toastWithoutIcon: 20,
  /** showActionSheet itemList: WeChat fails the call above 6 items */
  actionSheetItems: 6,
  /**
   * setNavigationBarTitle / navigationBarTitleText: no hard limit, but the title sits between the
   * back button and the capsule (87 px + margins on each side); on a 320 px wide phone about 7
   * characters of 17 px fit before WeChat cuts with "…" (reports say 7–8). Cheap Android phones
   * are narrow, so 7.
   */
  navigationTitle: 7,
  /** showModal title: one bold line in a dialog ~270 px wide on a narrow phone; the rest goes in `content` */
  modalTitle: 12,
  /** showModal content: a dialog, not a page, for elderly readers */
  modalContent: 120,
} as const

/**
 * Width in Chinese characters: CJK and full-width characters count 1, others ½ — WeChat's and
 * Taro H5's rule (`replace(/[\u0391-\uFFE5]/g, 'aa').length > 8` for 4 characters).
 */
export function chineseWidth(text: string): number {
  return text.replace(/[\u0391-\uFFE5]/g, 'aa').length / 2
}

export interface LimitProblem {
  /** what is wrong, in one line */
  rule: string
  /** the errMsg WeChat fails the call with, when it does; null when it shows (and cuts) it */
  errMsg: string | null
}

function typeName(value: unknown): string {
  if (value === null) return 'Null'
  if (Array.isArray(value)) return 'Array'
  const name = typeof value
  return name.charAt(0).toUpperCase() + name.slice(1)
}

/** WeChat's parameter error for a value of the wrong type. */
function parameterError(api: string, name: string, expected: string, value: unknown): LimitProblem {
  return {
    rule: `${name} must be a ${expected}, got ${typeName(value)}`,
    errMsg: `${api}:fail parameter error: parameter.${name} should be ${expected} instead of ${typeName(value)};`,
  }
}

/** Interpolation slips that reach the user (`undefined`, `[object Object]`, …). */
const BROKEN_TEXT = /undefined|null|NaN|\[object Object\]/

function brokenText(name: string, text: string): LimitProblem[] {
  return BROKEN_TEXT.test(text) ? [{ rule: `${name} "${text}" shows a programming value to the user`, errMsg: null }] : []
}

function checkModal(options: Record<string, unknown>): LimitProblem[] {
  const problems: LimitProblem[] = []
  for (const name of ['title', 'content', 'confirmText', 'cancelText'] as const) {
    const value = options[name]
    if (value !== undefined && typeof value !== 'string') problems.push(parameterError('showModal', name, 'String', value))
  }
  if (problems.length > 0) return problems
  const title = (options.title as string | undefined) ?? ''
  const content = (options.content as string | undefined) ?? ''
  for (const name of ['cancelText', 'confirmText'] as const) {
    const text = options[name] as string | undefined
    if (text !== undefined && chineseWidth(text) > WECHAT_LIMITS.modalButton) {
      problems.push({
        rule: `${name} "${text}" is longer than ${WECHAT_LIMITS.modalButton} Chinese characters`,
        errMsg: `showModal:fail ${name} length should not larger then ${WECHAT_LIMITS.modalButton} Chinese characters`,
      })
    }
  }
  // WeChat translates its default 确定/取消 for phones set to another language, and a long
  // translation trips the 4-character limit: every dialog names its buttons itself
  if (options.confirmText === undefined)
    problems.push({ rule: 'confirmText is not set (WeChat’s translated default can break the 4-character limit)', errMsg: null })
  if (options.showCancel !== false && options.cancelText === undefined) {
    problems.push({ rule: 'cancelText is not set while the cancel button shows (WeChat’s translated default can break the 4-character limit)', errMsg: null })
  }
  if (!title.trim() && !content.trim()) problems.push({ rule: 'the dialog has neither title nor content', errMsg: null })
  if (Array.from(title).length > WECHAT_LIMITS.modalTitle)
    problems.push({ rule: `title "${title}" is longer than ${WECHAT_LIMITS.modalTitle} characters (put the rest in content)`, errMsg: null })
  if (Array.from(content).length > WECHAT_LIMITS.modalContent)
    problems.push({ rule: `content is longer than ${WECHAT_LIMITS.modalContent} characters`, errMsg: null })
  problems.push(...brokenText('title', title), ...brokenText('content', content))
  return problems
}

function checkToast(api: 'showToast' | 'showLoading', options: Record<string, unknown>): LimitProblem[] {
  const title = options.title
  if (typeof title !== 'string') return [parameterError(api, 'title', 'String', title)]
  // showToast's default icon is success; showLoading is the loading box
  const icon = api === 'showLoading' ? 'loading' : String(options.icon ?? 'success')
  const problems = brokenText('title', title)
  if (!title.trim()) problems.push({ rule: 'the toast has no title', errMsg: null })
  if (icon === 'none') {
    if (chineseWidth(title) > WECHAT_LIMITS.toastWithoutIcon)
      problems.push({ rule: `title "${title}" is longer than two lines (${WECHAT_LIMITS.toastWithoutIcon} characters)`, errMsg: null })
  } else if (!options.image && chineseWidth(title) > WECHAT_LIMITS.toastWithIcon) {
    problems.push({
      rule: `title "${title}" is longer than ${WECHAT_LIMITS.toastWithIcon} Chinese characters beside the ${icon} icon (WeChat cuts it; use icon 'none')`,
      errMsg: null,
    })
  }
  return problems
}

function checkActionSheet(options: Record<string, unknown>): LimitProblem[] {
  const items = options.itemList
  if (!Array.isArray(items)) return [parameterError('showActionSheet', 'itemList', 'Array', items)]
  if (items.length < 1) return [{ rule: 'itemList is empty', errMsg: 'showActionSheet:fail parameter error: parameter.itemList should have at least 1 item;' }]
  if (items.length > WECHAT_LIMITS.actionSheetItems) {
    return [
      {
        rule: `itemList has ${items.length} items (at most ${WECHAT_LIMITS.actionSheetItems})`,
        errMsg: `showActionSheet:fail parameter error: parameter.itemList should not be large than ${WECHAT_LIMITS.actionSheetItems}`,
      },
    ]
  }
  const wrong = items.findIndex((item) => typeof item !== 'string')
  if (wrong >= 0) return [parameterError('showActionSheet', `itemList[${wrong}]`, 'String', items[wrong])]
  return (items as string[]).flatMap((item, index) => brokenText(`itemList[${index}]`, item))
}

/** Checks a navigation bar title (setNavigationBarTitle, or a page's navigationBarTitleText). */
export function checkNavigationTitle(title: unknown, api = 'setNavigationBarTitle'): LimitProblem[] {
  if (typeof title !== 'string') return [parameterError(api, 'title', 'String', title)]
  const problems = brokenText('title', title)
  if (chineseWidth(title) > WECHAT_LIMITS.navigationTitle) {
    problems.push({
      rule: `title "${title}" is longer than ${WECHAT_LIMITS.navigationTitle} Chinese characters (WeChat cuts it beside the capsule button)`,
      errMsg: null,
    })
  }
  return problems
}

/** Every limit the call breaks; a problem with an errMsg means the phone fails the call. */
export function checkInteraction(api: InteractionApi, options: Record<string, unknown> | undefined): LimitProblem[] {
  const given = options ?? {}
  switch (api) {
    case 'showModal':
      return checkModal(given)
    case 'showToast':
    case 'showLoading':
      return checkToast(api, given)
    case 'showActionSheet':
      return checkActionSheet(given)
    case 'setNavigationBarTitle':
      return checkNavigationTitle(given.title)
  }
}

/** The errMsg the phone fails this call with, or null when it shows it. */
export function failureOf(problems: readonly LimitProblem[]): string | null {
  return problems.find((problem) => problem.errMsg !== null)?.errMsg ?? null
}

// ---------------------------------------------------------------------------------------------
// The record of breaches, shared by a harness and its setup file (one per jest test file).

export interface LimitBreach {
  api: string
  rule: string
  /** the errMsg the phone failed the call with, or null when the phone showed it cut */
  errMsg: string | null
  /** the call's options, without callbacks */
  options: Record<string, unknown>
}

const BREACHES = Symbol.for('fzt.wechatLimitBreaches')

function store(): LimitBreach[] {
  const holder = globalThis as unknown as Record<symbol, LimitBreach[] | undefined>
  holder[BREACHES] ??= []
  return holder[BREACHES]
}

export function recordBreaches(api: string, options: Record<string, unknown>, problems: readonly LimitProblem[]): void {
  for (const problem of problems) store().push({ api, rule: problem.rule, errMsg: problem.errMsg, options })
}

/** The breaches recorded since the last call, and forgets them (a test that provokes one on purpose takes it). */
export function takeLimitBreaches(): LimitBreach[] {
  return store().splice(0)
}

/** For setup files' afterEach: fails the test that broke a limit, naming each breach. */
export function assertNoLimitBreaches(): void {
  const breaches = takeLimitBreaches()
  if (breaches.length === 0) return
  const lines = breaches.map((breach) => `- ${breach.api}: ${breach.rule}${breach.errMsg ? ` → the phone fails the call (${breach.errMsg})` : ''}`)
  throw new Error(`WeChat's limits broken in this test (see tests/support/wechat-limits.ts):\n${lines.join('\n')}`)
}
