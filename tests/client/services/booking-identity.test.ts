import { askForBookingReminders } from '../../../client/services/bookings'

/** What WeChat answers in this test; Taro's own object ignores assignments, so it is wrapped. */
const mockWechat: Record<string, unknown> = {}
jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual<{ default: Record<string | symbol, unknown> }>('@tarojs/taro')
  const wrapped = new Proxy(actual.default, { get: (target, key) => (typeof key === 'string' && key in mockWechat ? mockWechat[key] : target[key]) })
  return { __esModule: true, default: wrapped }
})

/**
 * With SMS on, the BFF proves a mini program booking by the WeChat identity instead of an SMS code
 * (server/phone-codes/booking-phone-check.ts): the 确认预约 tap must then send a wx.login code even
 * when the user declines the reminder. With SMS off, a declined reminder sends none.
 */
describe('askForBookingReminders (the mini program’s 确认预约 tap)', () => {
  const saved = { env: process.env.TARO_ENV, template: process.env.TARO_APP_WECHAT_BOOKING_TEMPLATE_ID }
  const taro = mockWechat
  let logins = 0

  beforeEach(() => {
    process.env.TARO_ENV = 'weapp'
    process.env.TARO_APP_WECHAT_BOOKING_TEMPLATE_ID = 'booking-template-1'
    logins = 0
    taro.login = async () => {
      logins += 1
      return { code: `wx-login-code-${logins}`, errMsg: 'login:ok' }
    }
    // the user taps 取消 on WeChat's subscription sheet
    taro.requestSubscribeMessage = async () => ({ 'booking-template-1': 'reject', errMsg: 'requestSubscribeMessage:ok' })
  })

  afterEach(() => {
    process.env.TARO_ENV = saved.env
    if (saved.template === undefined) delete process.env.TARO_APP_WECHAT_BOOKING_TEMPLATE_ID
    else process.env.TARO_APP_WECHAT_BOOKING_TEMPLATE_ID = saved.template
    delete taro.login
    delete taro.requestSubscribeMessage
  })

  it('with SMS on, sends a wx.login code although the reminder was declined (it proves the booker)', async () => {
    expect(await askForBookingReminders({ identity: true })).toEqual({ wechatCode: 'wx-login-code-1', remindersAccepted: false })
    expect(logins).toBe(1)
  })

  it('with SMS off, a declined reminder sends no wx.login code (the openid is for the reminder only)', async () => {
    expect(await askForBookingReminders()).toEqual({ remindersAccepted: false })
    expect(logins).toBe(0)
  })

  it('an accepted reminder sends the code either way', async () => {
    taro.requestSubscribeMessage = async () => ({ 'booking-template-1': 'accept', errMsg: 'requestSubscribeMessage:ok' })
    expect(await askForBookingReminders()).toEqual({ wechatCode: 'wx-login-code-1', remindersAccepted: true })
  })

  it('in H5 asks nothing: the SMS code proves the phone there', async () => {
    process.env.TARO_ENV = 'h5'
    expect(await askForBookingReminders({ identity: true })).toEqual({})
    expect(logins).toBe(0)
  })
})
