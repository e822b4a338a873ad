import { render, screen } from '@testing-library/react'
import {
  BOOKING_PERSONAL_DATA_DAYS,
  DISABLED_ACCOUNT_CONTACT_DAYS,
  IDEMPOTENCY_KEY_HOURS,
  PHONE_CODE_HOURS,
  LOGIN_DEVICE_DAYS,
  RATE_LIMIT_COUNTER_HOURS,
  REMINDER_RECORD_DAYS,
  SIGN_IN_DAYS,
} from '../../../contracts/retention'
import PrivacyPage from '../../../client/pages/privacy/index'
import { DEVICE_BOOKINGS_STORAGE_KEY, DEVICE_BOOKINGS_MAX } from '../../../client/services/device-bookings'

const pageText = () => document.querySelector('.page')?.textContent ?? ''

describe('隐私说明 (client/pages/privacy)', () => {
  const env = process.env.TARO_ENV
  afterEach(() => {
    process.env.TARO_ENV = env
  })

  it('states the keeping periods the server applies, from the same constants', () => {
    render(<PrivacyPage />)
    const text = pageText()
    expect(text).toContain(`咨询时段结束 ${BOOKING_PERSONAL_DATA_DAYS} 天后`)
    expect(text).toContain(`发送记录保存 ${REMINDER_RECORD_DAYS} 天后删除`)
    expect(text).toContain(`保存 ${IDEMPOTENCY_KEY_HOURS} 小时后删除`)
    expect(text).toContain(`约 ${RATE_LIMIT_COUNTER_HOURS} 小时后删除`)
    expect(text).toContain(`账号停用 ${DISABLED_ACCOUNT_CONTACT_DAYS} 天后`)
    expect(text).toContain(`每次登录 ${SIGN_IN_DAYS} 天有效`)
    // the device credential a staff phone keeps (client/services/session LOGIN_DEVICE_STORAGE_KEY)
    expect(text).toContain(`最后一次在这台手机上登录 ${LOGIN_DEVICE_DAYS} 天后失效`)
    expect(text).toContain(`退出登录后仍保留，下次登录时用，${LOGIN_DEVICE_DAYS} 天不在这台手机上登录即失效`)
    expect(text).toContain(`最多 ${DEVICE_BOOKINGS_MAX} 条`)
    expect(text).toContain(`发出 ${PHONE_CODE_HOURS} 小时后删除`)
    // bookings keep a keyed hash of the address bucket for the stations' fair shares (server/bookings/address-hash)
    expect(text).toContain(`网络地址的加密摘要（不能反推出地址），咨询时段结束 ${BOOKING_PERSONAL_DATA_DAYS} 天后和姓名、手机号一起删除`)
    expect(DEVICE_BOOKINGS_STORAGE_KEY).toBe('fzt.bookings')
  })

  it('names every kind of personal data and privacy API the app uses', () => {
    render(<PrivacyPage />)
    const text = pageText()
    for (const heading of [
      '我们收集什么',
      '位置（只用一次）',
      '剪切板',
      '预约时填写的姓名、手机号和事项说明',
      '微信 openid（仅小程序，仅在您允许提醒时）',
      '法律明白人和工作人员的账号',
      '调解记录里的当事人',
      '保存在手机上的内容',
      '服务器日志',
      '联系我们',
    ]) {
      expect(screen.getByText(heading)).toBeInTheDocument()
    }
    expect(text).toContain('不保存在服务器上，也不写进服务器日志')
    expect(text).toContain('从不读取剪切板')
    expect(text).toContain('张*')
    expect(text).toContain('12348')
  })

  it('says what SMS sends, through whom, how long code hashes are kept, and that the WeChat identity limits bookings hashed', () => {
    render(<PrivacyPage />)
    const text = pageText()
    expect(screen.getByText('短信（仅在本服务开通短信时）')).toBeInTheDocument()
    expect(text).toContain('短信服务商（腾讯云短信或阿里云短信，二选一；获取验证码时页面上会写明是哪一家）')
    expect(text).toContain('5 分钟内有效')
    expect(text).toContain('只用 openid 的摘要，不保存 openid 本身')
  })

  it('H5: no 用户隐私保护指引 button (the page is the notice); the mini program offers it', () => {
    render(<PrivacyPage />)
    expect(screen.queryByText('查看《用户隐私保护指引》')).toBeNull()
    process.env.TARO_ENV = 'weapp'
    render(<PrivacyPage />)
    expect(screen.getByText('查看《用户隐私保护指引》')).toBeInTheDocument()
  })
})
