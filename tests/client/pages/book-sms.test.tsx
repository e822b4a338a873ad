import { fireEvent, render, screen } from '@testing-library/react'
import { Current } from '@tarojs/runtime'
import BookPage from '../../../client/packageBooking/pages/book/index'
import { bffWithFakeTencentSmsForSuite } from '../../support/fake-tencent-sms'
import { forEachPageTest } from '../support/page-suite'
import { typeInto } from '../support/taro-input'

jest.setTimeout(90_000)

const AIKOU = '500241103-ws'
const KEYS = { id: 'AKIDbooksms000000000000000000000', key: 'bookSmsKey000000000000000000000', app: '1400000003' }

/** The H5 booking form with SMS on: a real BFF (SMS_PROVIDER=tencent) and a fake 腾讯云短信 on 127.0.0.1. */
describe('预约 (client/packageBooking/pages/book) when the BFF sends SMS', () => {
  const { bff, fake } = bffWithFakeTencentSmsForSuite({ secretId: KEYS.id, secretKey: KEYS.key, sdkAppId: KEYS.app }, { RATE_LIMIT: 'off' })
  forEachPageTest({ apiBase: () => bff.baseUrl })
  beforeEach(() => localStorage.clear())

  it('shows 短信验证码 with 获取验证码; without the code nothing is sent, 获取验证码 counts down from 60, the code from the SMS books', async () => {
    Current.router = { params: { stationId: AIKOU }, path: '/packageBooking/pages/book/index', $taroPath: '', onReady: '', onHide: '', onShow: '' }
    render(<BookPage />)
    fireEvent.click(await screen.findByTestId('next-button'))
    fireEvent.click(await screen.findByTestId('matter-labor_wages'))
    fireEvent.click(screen.getByTestId('next-button'))
    fireEvent.click((await screen.findAllByTestId('slot-button', {}, { timeout: 15_000 }))[0])
    fireEvent.click(screen.getByTestId('next-button'))
    await typeInto('name-input', '张三')
    await typeInto('phone-input', '13800138123')
    fireEvent.click(screen.getByTestId('consent').querySelector('[role="checkbox"]') ?? screen.getByTestId('consent'))
    expect(await screen.findByTestId('phone-code')).toBeInTheDocument()
    fireEvent.click(screen.getByTestId('submit-button'))
    expect(await screen.findByText('请先点“获取验证码”')).toBeInTheDocument()

    fireEvent.click(screen.getByTestId('phone-code-send'))
    expect(await screen.findByText(/^(60|59) 秒后可重新获取$/u)).toBeInTheDocument()
    const code = fake.lastCode('13800138123') as string
    expect(code).toMatch(/^\d{6}$/)
    await typeInto('phone-code-input', code)
    fireEvent.click(screen.getByTestId('submit-button'))
    expect(await screen.findByText('预约成功', {}, { timeout: 15_000 })).toBeInTheDocument()
  })
})
