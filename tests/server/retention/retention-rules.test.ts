import { maskNumbersInSummary } from '../../../server/mediations/mediation-rules'
import { isErasedBooking, payloadWithoutOpenid, retentionCutoffs } from '../../../server/retention/retention-rules'

describe('retention cut-offs', () => {
  it('writes booking cut-offs as slot times are stored (+08:00) and the others as UTC ISO', () => {
    // 07:30 in Xiushan is still the day before in UTC
    const cutoffs = retentionCutoffs({
      now: new Date('2026-11-26T07:30:00+08:00'),
      limits: { bookingPersonalDataDays: 180, reminderRecordDays: 30, idempotencyKeyHours: 48, rateLimitCounterHours: 24, disabledAccountContactDays: 30 },
    })
    expect(cutoffs).toEqual({
      now: '2026-11-25T23:30:00.000Z',
      slotStartedBy: '2026-11-26T07:30:00+08:00',
      slotEndedBefore: '2026-05-30T07:30:00+08:00',
      reminderDoneBefore: '2026-10-26T23:30:00.000Z',
      idempotencyCreatedBefore: '2026-11-23T23:30:00.000Z',
      rateLimitWindowBefore: '2026-11-24T23:30:00.000Z',
      accountDisabledBefore: '2026-10-26T23:30:00.000Z',
      correctionCreatedBefore: '2026-05-29T23:30:00.000Z',
      phoneCodeSentBefore: '2026-11-24T23:30:00.000Z',
    })
  })

  it('an erased booking is one without the last 4 digits of a phone', () => {
    expect(isErasedBooking({ phone_last4: '' })).toBe(true)
    expect(isErasedBooking({ phone_last4: '8000' })).toBe(false)
  })
})

describe('payloadWithoutOpenid', () => {
  const now = new Date('2026-11-26T23:30:00+08:00')
  const payload = (slotStart: string, openid: string | null = 'openid-zhang') =>
    JSON.stringify({ bookingId: 'b', code: 'ABCDEFGH', stationName: '站', slotStart, openid })

  it('removes the openid once the row is done, or once the slot has begun', () => {
    expect(JSON.parse(payloadWithoutOpenid({ payload: payload('2026-12-01T09:00:00+08:00'), done: true, now }) ?? 'null')).toMatchObject({
      openid: null,
      code: 'ABCDEFGH',
    })
    expect(JSON.parse(payloadWithoutOpenid({ payload: payload('2026-11-26T23:30:00+08:00'), done: false, now }) ?? 'null')).toMatchObject({ openid: null })
  })

  it('leaves a pending reminder for a coming slot, a row without openid and an unreadable payload alone', () => {
    expect(payloadWithoutOpenid({ payload: payload('2026-11-26T23:31:00+08:00'), done: false, now })).toBeNull()
    expect(payloadWithoutOpenid({ payload: payload('2026-01-01T09:00:00+08:00', null), done: true, now })).toBeNull()
    expect(payloadWithoutOpenid({ payload: 'not json', done: true, now })).toBeNull()
  })
})

describe('maskNumbersInSummary (mediation summaries are kept as county records)', () => {
  it('masks mobile numbers like the rest of the app and removes 18-digit ID-card numbers', () => {
    expect(maskNumbersInSummary('张某电话13812345678，身份证号50024119800101123X，另一人 15900001111。')).toBe(
      '张某电话138****5678，身份证号（身份证号已隐去），另一人 159****1111。',
    )
  })

  it('leaves amounts, dates and longer digit runs alone', () => {
    expect(maskNumbersInSummary('赔偿 5000 元，2026-11-20 达成协议，编号 123456789012345678901')).toBe(
      '赔偿 5000 元，2026-11-20 达成协议，编号 123456789012345678901',
    )
  })
})
