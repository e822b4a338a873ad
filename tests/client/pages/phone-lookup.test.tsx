import { fireEvent, render, screen } from '@testing-library/react'
import { PhoneLookup } from '../../../client/packageBooking/components/phone-lookup'
import { bffWithFakeTencentSmsForSuite } from '../../support/fake-tencent-sms'
import { typeInto } from '../support/taro-input'

jest.setTimeout(60_000)

/** 用手机验证码查 against a real BFF started with SMS_PROVIDER=tencent and a fake 腾讯云短信 on 127.0.0.1. */
describe('用手机验证码查 (client/packageBooking/components/phone-lookup) with SMS on', () => {
  const { bff, fake } = bffWithFakeTencentSmsForSuite({
    secretId: 'AKIDclienttest000000000000000000',
    secretKey: 'clientKey0000000000000000000000',
    sdkAppId: '1400000002',
  })
  beforeEach(() => {
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
  })

  it('获取验证码 sends a code and counts down; the code from the SMS lists the phone’s bookings (none here)', async () => {
    render(<PhoneLookup onPick={() => undefined} />)
    await typeInto('phone-lookup-phone', '13812340000')
    fireEvent.click(screen.getByTestId('phone-lookup-code-send'))
    expect(await screen.findByText(/秒后可重新获取/u)).toBeInTheDocument()
    // the page names who sends the SMS (the configured provider), as the 隐私说明 says
    expect(screen.getByText('验证码已由腾讯云短信发到 138****0000，5 分钟内有效')).toBeInTheDocument()
    const code = fake.lastCode('13812340000') as string
    expect(code).toMatch(/^\d{6}$/)
    await typeInto('phone-lookup-code-input', code)
    fireEvent.click(screen.getByTestId('phone-lookup-button'))
    expect(await screen.findByText(/这个手机号没有预约/u)).toBeInTheDocument()
  })
})
