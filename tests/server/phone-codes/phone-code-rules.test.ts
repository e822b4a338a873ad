import { chinaMidnight, DEFAULT_PHONE_CODE_LIMITS, sendRefusal } from '../../../server/phone-codes/phone-code-rules'

const none = { phoneAddressToday: 0, phoneAddressLastSentAt: null, addressToday: 0, phoneToday: 0 }

describe('phone code send caps (pure rules)', () => {
  it('a China day begins at 00:00 +08:00: at 07:30 it is the same China date as UTC’s day before, at 23:30 not yet the next', () => {
    expect(chinaMidnight(new Date('2026-11-26T07:30:00+08:00')).toISOString()).toBe('2026-11-25T16:00:00.000Z')
    expect(chinaMidnight(new Date('2026-11-26T23:30:00+08:00')).toISOString()).toBe('2026-11-25T16:00:00.000Z')
  })

  it('resend from the same address after 60 s; the wait is named in seconds', () => {
    const now = new Date('2026-11-26T23:30:00+08:00')
    const refusal = sendRefusal({
      counts: { ...none, phoneAddressToday: 1, phoneAddressLastSentAt: new Date(now.getTime() - 45_000).toISOString() },
      now,
      limits: DEFAULT_PHONE_CODE_LIMITS,
    })
    expect(refusal).toMatchObject({ rule: 'resend', retryAfterSeconds: 15 })
    expect(
      sendRefusal({
        counts: { ...none, phoneAddressToday: 1, phoneAddressLastSentAt: new Date(now.getTime() - 60_000).toISOString() },
        now,
        limits: DEFAULT_PHONE_CODE_LIMITS,
      }),
    ).toBeNull()
  })

  it('day caps wait until China midnight: 30 minutes at 23:30', () => {
    const now = new Date('2026-11-26T23:30:00+08:00')
    expect(sendRefusal({ counts: { ...none, phoneAddressToday: 5 }, now, limits: DEFAULT_PHONE_CODE_LIMITS })).toMatchObject({
      rule: 'phone-address-day',
      retryAfterSeconds: 1800,
    })
    expect(sendRefusal({ counts: { ...none, addressToday: 20 }, now, limits: DEFAULT_PHONE_CODE_LIMITS })).toMatchObject({ rule: 'address-day' })
    expect(sendRefusal({ counts: { ...none, phoneToday: 30 }, now, limits: DEFAULT_PHONE_CODE_LIMITS })).toMatchObject({ rule: 'phone-day' })
  })

  it('what strangers spend for a phone from their addresses is not the owner’s: a fresh (phone, address) pair passes while the phone is under its ceiling', () => {
    const now = new Date('2026-11-26T07:30:00+08:00')
    expect(
      sendRefusal({ counts: { phoneAddressToday: 0, phoneAddressLastSentAt: null, addressToday: 0, phoneToday: 25 }, now, limits: DEFAULT_PHONE_CODE_LIMITS }),
    ).toBeNull()
  })
})
