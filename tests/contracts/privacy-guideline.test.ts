import fs from 'node:fs'
import path from 'node:path'
import {
  BOOKING_PERSONAL_DATA_DAYS,
  CORRECTION_CALLBACK_PHONE_DAYS,
  DISABLED_ACCOUNT_CONTACT_DAYS,
  IDEMPOTENCY_KEY_HOURS,
  PHONE_CODE_HOURS,
  LOGIN_DEVICE_DAYS,
  RATE_LIMIT_COUNTER_HOURS,
  REMINDER_RECORD_DAYS,
  SIGN_IN_DAYS,
} from '../../contracts/retention'

/** docs/privacy-guideline.md is pasted into the WeChat console by hand: it must quote the numbers the code applies. */
describe('docs/privacy-guideline.md', () => {
  const text = fs.readFileSync(path.resolve(__dirname, '../../docs/privacy-guideline.md'), 'utf8')

  it('quotes the retention periods of contracts/retention.ts', () => {
    expect(text).toContain(`咨询时段结束后 ${BOOKING_PERSONAL_DATA_DAYS} 天删除`)
    expect(text).toContain(
      `网络地址的加密摘要（用于每个服务站名额公平，不能反推出地址）：咨询时段结束后 ${BOOKING_PERSONAL_DATA_DAYS} 天和姓名、手机号一起删除`,
    )
    expect(text).toContain(`提醒发送记录 ${REMINDER_RECORD_DAYS} 天后删除`)
    expect(text).toContain(`${IDEMPOTENCY_KEY_HOURS} 小时后删除`)
    expect(text).toContain(`约 ${RATE_LIMIT_COUNTER_HOURS} 小时后删除`)
    expect(text).toContain(`登录 ${SIGN_IN_DAYS} 天有效`)
    expect(text).toContain(`账号停用 ${DISABLED_ACCOUNT_CONTACT_DAYS} 天后删除手机号和微信绑定`)
    expect(text).toContain(`回电号码：${CORRECTION_CALLBACK_PHONE_DAYS} 天后删除`)
    expect(text).toContain(`发出 ${PHONE_CODE_HOURS} 小时后删除`)
    expect(text).toContain(`最后一次在该手机上登录 ${LOGIN_DEVICE_DAYS} 天后失效`)
  })

  it('says what SMS sends and through whom, and that the WeChat identity limits bookings as a hash only', () => {
    expect(text).toContain('短信服务商（腾讯云短信或阿里云短信）')
    expect(text).toContain('只按 openid 的摘要计数，不保存 openid 本身')
  })

  it('declares every privacy API and kind of personal data the app uses', () => {
    for (const kind of ['位置信息', '选中的位置信息', '剪切板', '手机号', '姓名', '微信 openid']) expect(text).toContain(`| ${kind}`)
    // every private API app.config.ts declares is applied for in the console
    const declared = /requiredPrivateInfos:\s*\[([^\]]*)\]/.exec(fs.readFileSync(path.resolve(__dirname, '../../client/app.config.ts'), 'utf8'))?.[1] ?? ''
    for (const api of declared.match(/[A-Za-z]+/g) ?? []) expect(text).toContain(`\`wx.${api}\``)
  })
})
