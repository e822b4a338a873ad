import { keepScriptLinksInert } from '../../../client/components/h5-tab-bar'

describe('keepScriptLinksInert (client/components/h5-tab-bar)', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  function tabLink(): { link: HTMLAnchorElement; label: HTMLElement; taps: string[] } {
    document.body.innerHTML =
      '<div class="weui-tabbar"><a href="javascript:;" class="weui-tabbar__item"><p class="weui-tabbar__label">服务站</p></a></div><a href="/pages/report/index" id="plain">报告</a>'
    const link = document.querySelector('a.weui-tabbar__item') as HTMLAnchorElement
    const taps: string[] = []
    // Taro's own handler, which switches the tab
    link.addEventListener('click', () => taps.push('switched'))
    return { link, label: link.querySelector('p') as HTMLElement, taps }
  }

  it("cancels the browser following a tab's javascript: link, and Taro's handler still switches the tab", () => {
    const stop = keepScriptLinksInert(document)
    const { label, taps } = tabLink()
    const tap = new MouseEvent('click', { bubbles: true, cancelable: true })
    label.dispatchEvent(tap)
    expect(tap.defaultPrevented).toBe(true)
    expect(taps).toEqual(['switched'])
    stop()
  })

  it('leaves ordinary links alone, and stops when asked', () => {
    const stop = keepScriptLinksInert(document)
    const { label } = tabLink()
    const plain = new MouseEvent('click', { bubbles: true, cancelable: true })
    ;(document.getElementById('plain') as HTMLElement).dispatchEvent(plain)
    expect(plain.defaultPrevented).toBe(false)
    stop()
    const after = new MouseEvent('click', { bubbles: true, cancelable: true })
    label.dispatchEvent(after)
    expect(after.defaultPrevented).toBe(false)
  })
})
