import { fairShareMessage, fairShareRefusal, fairShareWindow, type FairShareCaps, type FairShareHeld } from '../../../server/bookings/fair-share'

const caps: FairShareCaps = { perAddressDay: 4, perAddressHorizon: 12, perPhoneDay: 2, perPhoneHorizon: 4 }
const none: FairShareHeld = { addressDay: 0, addressHorizon: 0, phoneDay: 0, phoneHorizon: 0 }

describe('fairShareRefusal', () => {
  it('lets a booking through while every share has room, up to one below each cap', () => {
    expect(fairShareRefusal({ caps, held: none })).toBeNull()
    expect(fairShareRefusal({ caps, held: { addressDay: 3, addressHorizon: 11, phoneDay: 1, phoneHorizon: 3 } })).toBeNull()
  })

  it('when the phone (from this address) holds its day share, refuses on the phone’s day, before the address', () => {
    expect(fairShareRefusal({ caps, held: { addressDay: 4, addressHorizon: 12, phoneDay: 2, phoneHorizon: 2 } })).toEqual({
      field: 'phone',
      scope: 'day',
      limit: 2,
    })
  })

  it('when the phone holds its horizon share on other days, refuses on the phone’s horizon', () => {
    expect(fairShareRefusal({ caps, held: { ...none, phoneHorizon: 4, addressHorizon: 4 } })).toEqual({ field: 'phone', scope: 'horizon', limit: 4 })
  })

  it('when the address holds its day share, or its horizon share, refuses on the address', () => {
    expect(fairShareRefusal({ caps, held: { ...none, addressDay: 4, addressHorizon: 4 } })).toEqual({ field: 'address', scope: 'day', limit: 4 })
    expect(fairShareRefusal({ caps, held: { ...none, addressDay: 1, addressHorizon: 12 } })).toEqual({ field: 'address', scope: 'horizon', limit: 12 })
  })
})

describe('fairShareMessage', () => {
  it('names the phone field and says what to do (cancel one, 12348, another station)', () => {
    const { message, field } = fairShareMessage({ field: 'phone', scope: 'day', limit: 2 })
    expect(field).toEqual({ path: 'phone', message: '这个手机号在本服务站这一天已有 2 个预约' })
    expect(message).toMatch(/取消.*12348.*换一个服务站/)
  })

  it('puts the address’s share on the station the resident chose, says a shared village network counts together, and offers a call', () => {
    const { message, field } = fairShareMessage({ field: 'address', scope: 'horizon', limit: 12 })
    expect(field.path).toBe('stationId')
    expect(field.message).toContain('12 个')
    expect(message).toMatch(/同村共用一个网络.*换一个服务站.*打电话.*12348/)
  })
})

describe('fairShareWindow', () => {
  it('counts the slot’s China day and everything from now, at 07:30 and at 23:30 China time', () => {
    expect(fairShareWindow({ slotStart: '2026-11-27T09:00:00+08:00', nowText: '2026-11-26T07:30:00+08:00' })).toEqual({
      from: '2026-11-26T07:30:00+08:00',
      dayStart: '2026-11-27T00:00:00+08:00',
      dayEnd: '2026-11-28T00:00:00+08:00',
    })
    expect(fairShareWindow({ slotStart: '2026-11-30T23:30:00+08:00', nowText: '2026-11-30T23:30:00+08:00' })).toEqual({
      from: '2026-11-30T23:30:00+08:00',
      dayStart: '2026-11-30T00:00:00+08:00',
      dayEnd: '2026-12-01T00:00:00+08:00',
    })
  })
})
