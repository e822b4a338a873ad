import type { CreateBookingRequest } from '../../contracts/bookings'

/** What proved the booker, for the booking service: the WeChat openid (mini program) or a verified SMS code (H5). */
export interface BookingPhoneProof {
  /** resolved here once (a wx.login code works once); null when WeChat did not give one */
  openid?: string | null
  /** the phone answered an SMS code: confirmation and reminder may go to it by SMS */
  smsVerified: boolean
}

/** How a booking proves its phone; given by server/phone-codes (bookingPhoneCheck) when SMS is on. */
export type BookingPhoneCheck = (request: CreateBookingRequest) => Promise<BookingPhoneProof>
