import { assertWeappBuilt } from './harness'
import { simulatorForSuite } from './simulator-suite'

// fail the whole file, once, with instructions when there is no build to test
assertWeappBuilt()

describe('compiled mini program: 我的', () => {
  // the phone remembers 大 from an earlier visit
  const { weapp } = simulatorForSuite({ storage: () => ({ 'fzt.fontScale': 1.25 }) })
  beforeEach(() => weapp.clearRecords())

  it('opens 隐私说明 with navigateTo when its item is tapped', async () => {
    const me = await weapp.reLaunch('/pages/me/index')
    await me.waitForText('隐私说明')

    await me.tap('隐私说明')

    const privacy = await weapp.waitForRoute('pages/privacy/index')
    expect(weapp.callsTo('navigateTo')).toEqual([{ url: '/pages/privacy/index' }])
    expect(weapp.pages().map((page) => page.route)).toEqual(['pages/me/index', 'pages/privacy/index'])
    await privacy.waitForText('我们收集什么')
  })

  it('starts in the text size stored on the phone, and 特大 enlarges the page and is remembered', async () => {
    const me = await weapp.reLaunch('/pages/me/index')
    await me.waitForTestId('font-scale-1.5')
    expect(me.root().classes).toEqual(expect.arrayContaining(['page', 'scale-125']))

    await me.tap(me.getByTestId('font-scale-1.5'))

    await me.waitFor('the page root to get scale-150', () => me.root().classes.includes('scale-150'))
    expect(me.root().classes).not.toContain('scale-125')
    expect(me.getByTestId('font-scale-1.5').classes).toContain('choice-selected')
    expect(me.getByTestId('font-scale-1.25').classes).not.toContain('choice-selected')
    await me.waitFor('wx.setStorage to be called', () => weapp.callsTo('setStorage').length > 0)
    expect(weapp.callsTo('setStorage')).toEqual([{ key: 'fzt.fontScale', data: 1.5 }])
    expect(weapp.storage.get('fzt.fontScale')).toBe(1.5)
  })
})
