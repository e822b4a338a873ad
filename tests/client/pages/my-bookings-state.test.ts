import type { Booking } from '../../../contracts/bookings'
import { sortMyBookings, type MyBookingEntry } from '../../../client/pages/me/my-bookings-state'

function entry(code: string, booking: Partial<Booking> | null): MyBookingEntry {
  return {
    stored: { code, phoneLast4: '1234' } as MyBookingEntry['stored'],
    booking: booking ? ({ code, ...booking } as Booking) : null,
    error: booking ? null : '没有查到，请稍后再试。',
    gone: false,
  }
}

describe('我的预约: the order of the bookings this phone holds', () => {
  it('when some are upcoming, some not found and some over, lists the upcoming soonest first, then the not found, then the rest', () => {
    const sorted = sortMyBookings([
      entry('DONE', { status: 'cancelled', slotStart: '2026-12-01T09:00:00+08:00' }),
      entry('LOST', null),
      entry('LATER', { status: 'confirmed', slotStart: '2026-12-09T09:00:00+08:00' }),
      entry('SOON', { status: 'confirmed', slotStart: '2026-12-08T09:00:00+08:00' }),
    ])
    expect(sorted.map((item) => item.stored.code)).toEqual(['SOON', 'LATER', 'LOST', 'DONE'])
  })
})
