/**
 * How long personal data is kept. One source for both sides: the BFF's retention run
 * (server/retention) applies these numbers and the 隐私说明 page (client/pages/privacy) quotes
 * them, so the page cannot promise what the code does not do. Plain numbers, no dependencies.
 */

/**
 * A booking's name, phone (and its last 4 digits), 事项说明, cancel reason and 代办人 are erased
 * this many days after the consultation slot ends; the row (station, time, matter, status) stays
 * for statistics. Half a year covers a return visit, a complaint about the consultation and the
 * station's half-yearly report, which are what the staff look bookings up for afterwards.
 */
export const BOOKING_PERSONAL_DATA_DAYS = 180

/**
 * A sent (or undeliverable) reminder is deleted this many days after it was due: long enough to
 * answer "did my reminder go out?", short enough that the queue is not a second booking list.
 * The WeChat openid in it is removed earlier, once the slot has begun (see below).
 */
export const REMINDER_RECORD_DAYS = 30

/**
 * A booking request's idempotency key (stored as its hash) and the answer stored with it (name,
 * masked phone, code; the manageToken only sealed under the key) are deleted after this many hours;
 * a retry of one submission comes within minutes.
 */
export const IDEMPOTENCY_KEY_HOURS = 48

/**
 * Abuse-limit counters (keyed by IP, phone number or booking code) are deleted after this many
 * hours; the longest limit window is one hour.
 */
export const RATE_LIMIT_COUNTER_HOURS = 24

/**
 * A disabled 法律明白人 account loses its phone number and WeChat binding this many days after it
 * was disabled; the name stays as the author of the mediation records. A month lets the county
 * reach the volunteer while their records are handed over.
 */
export const DISABLED_ACCOUNT_CONTACT_DAYS = 30

/**
 * The phone number a resident may leave with a 信息有误 report (so the county can call back) is
 * erased this many days after the report; the report itself (station, what was wrong, how it was
 * resolved) stays. Half a year is ample for a call-back about a wrong phone number or address.
 */
export const CORRECTION_CALLBACK_PHONE_DAYS = 180

/**
 * SMS codes (with SMS on): the row of a sent code — keyed hashes of the phone, the requesting
 * address and the code, never the number or the code — is deleted this many hours after it was
 * sent. The code itself works 5 minutes; the row is kept for the day's sending caps.
 */
export const PHONE_CODE_HOURS = 24

/** A staff or volunteer sign-in lasts this many days, then the account signs in again. */
export const SIGN_IN_DAYS = 30

/**
 * A staff or administrator phone's device credential (the 常用设备 mark given at a successful
 * sign-in, so that phone still gets in while a login flood goes on) lasts this many days from its
 * last sign-in; each sign-in on the phone replaces it. An expired or revoked one is deleted by the
 * retention run. Half a year: staff sign in at least every SIGN_IN_DAYS.
 */
export const LOGIN_DEVICE_DAYS = 180
