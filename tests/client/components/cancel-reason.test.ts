import { cancelBookingRequestSchema } from '../../../contracts/bookings'
import { QUICK_CANCEL_REASONS, cancelReason } from '../../../client/packageBooking/components/cancel-reason'

describe('the reason sent when cancelling a booking (client/packageBooking/components/cancel-reason)', () => {
  it('a quick choice is the reason; typed words add to it; 其他 alone is 其他', () => {
    expect(cancelReason({ quick: '时间不合适', text: '  ' })).toBe('时间不合适')
    expect(cancelReason({ quick: '问题已解决', text: '已和解' })).toBe('问题已解决：已和解')
    expect(cancelReason({ quick: '其他', text: '' })).toBe('其他')
    expect(cancelReason({ quick: '其他', text: '家里有事' })).toBe('家里有事')
    expect(cancelReason({ quick: null, text: '家里有事' })).toBe('家里有事')
    expect(cancelReason({ quick: null, text: ' ' })).toBeNull()
    expect(Array.from(cancelReason({ quick: '问题已解决', text: '字'.repeat(300) }) ?? '')).toHaveLength(200)
  })

  it('what it sends passes the server rule (a reason of at least 1 character)', () => {
    for (const quick of QUICK_CANCEL_REASONS) {
      expect(cancelBookingRequestSchema.safeParse({ reason: cancelReason({ quick, text: '' }) }).success).toBe(true)
    }
  })
})
