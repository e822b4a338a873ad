import { fireEvent, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { ask, DialogError, tell } from '../../../client/services/dialogs'
import { MODAL_TEXTS } from '../../../client/services/interaction-texts'
import { takeLimitBreaches } from '../../support/wechat-limits'

/** taro-h5's dialog: one `.taro__modal` in the body, its buttons `.taro-model__confirm` / `.taro-model__cancel`. */
function modalButton(which: 'confirm' | 'cancel'): HTMLElement {
  const button = document.querySelector<HTMLElement>(`.taro__modal .taro-model__${which}`)
  if (!button) throw new Error('no dialog is open')
  return button
}

describe('services/dialogs on H5, with WeChat’s limits enforced by the jsdom taro shim', () => {
  let logged: jest.SpyInstance
  beforeEach(() => {
    logged = jest.spyOn(console, 'error').mockImplementation(() => undefined)
  })
  afterEach(() => logged.mockRestore())

  it('ask() answers true on the confirm button and false on the cancel button', async () => {
    const first = ask({ ...MODAL_TEXTS.zeroReport, content: '确认2026年11月在隘口镇示例村没有调解纠纷？' })
    await waitFor(() => expect(document.querySelector('.taro__modal .taro-modal__title')?.textContent).toBe('零上报'))
    fireEvent.click(modalButton('confirm'))
    await expect(first).resolves.toBe(true)
    const second = ask({ ...MODAL_TEXTS.logout, content: '确定退出吗？' })
    await waitFor(() => expect(document.querySelector('.taro__modal .taro-modal__title')?.textContent).toBe('退出登录'))
    fireEvent.click(modalButton('cancel'))
    await expect(second).resolves.toBe(false)
  })

  it('a dialog WeChat would refuse (confirmText 确认零上报) throws DialogError with a plain message, logs the errMsg, and the breach is recorded', async () => {
    const failure = await ask({ title: '零上报', content: '确认？', confirmText: '确认零上报', cancelText: '不报了' }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(DialogError)
    expect((failure as DialogError).errMsg).toBe('showModal:fail confirmText length should not larger then 4 Chinese characters')
    expect((failure as DialogError).message).toMatch(/^确认框没能打开，这一步还没有做/)
    expect(logged).toHaveBeenCalledWith(
      '[dialogs] WeChat did not open the dialog "零上报": showModal:fail confirmText length should not larger then 4 Chinese characters',
    )
    // setup.ts would fail this test on the breach; it is the point here, so take it
    expect(takeLimitBreaches().map((breach) => breach.errMsg)).toEqual(['showModal:fail confirmText length should not larger then 4 Chinese characters'])
  })

  it('tell() shows one button', async () => {
    const told = tell({ ...MODAL_TEXTS.zeroReportAlreadyDone, content: '2026年11月已经零上报过，不用再报。' })
    await waitFor(() => expect(document.querySelector('.taro__modal .taro-modal__title')?.textContent).toBe('已经零上报过了'))
    expect(getComputedStyle(modalButton('cancel')).display).toBe('none')
    fireEvent.click(modalButton('confirm'))
    await expect(told).resolves.toBeUndefined()
  })

  it('the shim records a toast of 8 characters beside an icon, though H5 shows it', async () => {
    await Taro.showToast({ title: '已经保存到手机上了', icon: 'success', duration: 1 })
    expect(takeLimitBreaches().map((breach) => breach.rule)).toEqual([
      `title "已经保存到手机上了" is longer than 7 Chinese characters beside the success icon (WeChat cuts it; use icon 'none')`,
    ])
  })

  it('the shim fails an action sheet of 7 items with WeChat’s errMsg', async () => {
    await expect(Taro.showActionSheet({ itemList: ['一', '二', '三', '四', '五', '六', '七'] })).rejects.toEqual({
      errMsg: 'showActionSheet:fail parameter error: parameter.itemList should not be large than 6',
    })
    expect(takeLimitBreaches()).toHaveLength(1)
  })
})
