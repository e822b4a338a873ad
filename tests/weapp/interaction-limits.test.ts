import { takeLimitBreaches } from '../support/wechat-limits'
import { assertWeappBuilt } from './harness'
import { simulatorForSuite } from './simulator-suite'

assertWeappBuilt()

type Result = Record<string, unknown>
type WxCall = (options: Record<string, unknown>) => void

/** Calls the harness's `wx.<api>` as the compiled app does, and waits for its callbacks. */
function callWx(api: string, options: Record<string, unknown>): Promise<{ ok: boolean; result: Result }> {
  const wx = (globalThis as unknown as { wx: Record<string, WxCall> }).wx
  return new Promise((resolve) =>
    wx[api]({ ...options, success: (result: Result) => resolve({ ok: true, result }), fail: (result: Result) => resolve({ ok: false, result }) }),
  )
}

/** The harness's stand-ins for WeChat's dialogs, toasts, action sheets and title bar. */
describe('weapp harness: WeChat’s limits on showModal, showToast, showActionSheet, setNavigationBarTitle', () => {
  const { weapp } = simulatorForSuite()
  beforeEach(() => weapp.clearRecords())

  it('fails a showModal whose confirmText has 5 characters, with WeChat’s errMsg, and records the breach', async () => {
    const { ok, result } = await callWx('showModal', { title: '零上报', content: '确认？', confirmText: '确认零上报', cancelText: '不报了' })
    expect(ok).toBe(false)
    expect(result.errMsg).toBe('showModal:fail confirmText length should not larger then 4 Chinese characters')
    expect(weapp.limitBreaches.map((breach) => breach.errMsg)).toEqual([result.errMsg])
    expect(takeLimitBreaches()).toHaveLength(1)
  })

  it('counts a Latin letter as half a character, as WeChat does: "Confirmar" (9) fails, "OK" passes', async () => {
    expect((await callWx('showModal', { title: 'Hola', content: '¿Sí?', confirmText: 'Confirmar', cancelText: '取消' })).ok).toBe(false)
    expect(takeLimitBreaches().map((breach) => breach.rule)).toEqual(['confirmText "Confirmar" is longer than 4 Chinese characters'])
    expect((await callWx('showModal', { title: '好', content: '是吗？', confirmText: 'OK', cancelText: '取消' })).ok).toBe(true)
  })

  it('answers a dialog within limits with the button the test chose', async () => {
    weapp.answerModals('cancel')
    expect((await callWx('showModal', { title: '退出登录', content: '确定退出吗？', confirmText: '退出', cancelText: '不退出' })).result).toMatchObject({
      confirm: false,
      cancel: true,
    })
    weapp.answerModals('confirm')
    expect((await callWx('showModal', { title: '退出登录', content: '确定退出吗？', confirmText: '退出', cancelText: '不退出' })).result).toMatchObject({
      confirm: true,
      cancel: false,
    })
  })

  it('records a dialog that leaves a button to WeChat’s translated default, or shows "undefined"', async () => {
    expect((await callWx('showModal', { title: '提示', content: '共 undefined 条' })).ok).toBe(true)
    expect(takeLimitBreaches().map((breach) => breach.rule)).toEqual([
      'confirmText is not set (WeChat’s translated default can break the 4-character limit)',
      'cancelText is not set while the cancel button shows (WeChat’s translated default can break the 4-character limit)',
      'content "共 undefined 条" shows a programming value to the user',
    ])
  })

  it('shows a toast of 8 characters beside a success icon (WeChat cuts it) but records the breach; icon none allows two lines', async () => {
    expect((await callWx('showToast', { title: '链接已经复制好了', icon: 'success' })).ok).toBe(true)
    expect(takeLimitBreaches().map((breach) => [breach.api, breach.errMsg])).toEqual([['showToast', null]])
    // the default icon is success
    await callWx('showToast', { title: '已经保存到手机上了' })
    expect(takeLimitBreaches()).toHaveLength(1)
    expect((await callWx('showToast', { title: '链接已经复制好了', icon: 'none' })).ok).toBe(true)
    expect(takeLimitBreaches()).toEqual([])
  })

  it('fails an action sheet of 7 items and answers one of 6 with the chosen item', async () => {
    const seven = ['一', '二', '三', '四', '五', '六', '七']
    expect((await callWx('showActionSheet', { itemList: seven })).result.errMsg).toBe(
      'showActionSheet:fail parameter error: parameter.itemList should not be large than 6',
    )
    expect(takeLimitBreaches()).toHaveLength(1)
    weapp.answerActionSheets(2)
    expect((await callWx('showActionSheet', { itemList: seven.slice(0, 6) })).result).toMatchObject({ errMsg: 'showActionSheet:ok', tapIndex: 2 })
    weapp.answerActionSheets(null)
    expect((await callWx('showActionSheet', { itemList: seven.slice(0, 6) })).result.errMsg).toBe('showActionSheet:fail cancel')
    weapp.answerActionSheets(0)
  })

  it('records a title bar longer than 7 characters', async () => {
    expect((await callWx('setNavigationBarTitle', { title: '法律明白人调解记录' })).ok).toBe(true)
    expect(takeLimitBreaches().map((breach) => breach.rule)).toEqual([
      'title "法律明白人调解记录" is longer than 7 Chinese characters (WeChat cuts it beside the capsule button)',
    ])
  })
})
