import * as z from 'zod/mini'
import { bookingSchema, mobilePhoneSchema } from './bookings'
import { phoneCodeProofSchema } from './phone-code-proof'

export { PHONE_CODE_RESEND_SECONDS, PHONE_CODE_TRIES, PHONE_CODE_TTL_SECONDS, phoneCodeProofSchema, type PhoneCodeProof } from './phone-code-proof'

/** What the code is for: booking from H5, or 查预约 by phone number. A code proves the phone for either. */
export const phoneCodePurposeSchema = z.enum(['booking', 'lookup'])
export type PhoneCodePurpose = z.infer<typeof phoneCodePurposeSchema>

/** `POST /api/phone-codes` */
export const sendPhoneCodeRequestSchema = z.strictObject({ phone: mobilePhoneSchema, purpose: phoneCodePurposeSchema })
export type SendPhoneCodeRequest = z.infer<typeof sendPhoneCodeRequestSchema>

export const phoneCodeSentSchema = z.object({
  /** send it back with the 6 digits: only this phone's page can try the code */
  requestId: z.string(),
  /** seconds the code works (300) */
  expiresInSeconds: z.number().check(z.int()),
  /** seconds before this page may ask again (60) */
  resendInSeconds: z.number().check(z.int()),
  /** the number as the SMS went to it, masked: `138****8000` */
  phone: z.string(),
  /** who sends the SMS (SMS_PROVIDER): the page names it, as the 隐私说明 promises */
  sentBy: z.enum(['tencent', 'aliyun']),
})

/** The providers as residents know them. */
export const SMS_PROVIDER_NAMES = { tencent: '腾讯云短信', aliyun: '阿里云短信' } as const
export type PhoneCodeSent = z.infer<typeof phoneCodeSentSchema>

/** `POST /api/bookings/by-phone`: 查预约 with the phone number and the SMS code (POST: the number stays out of URLs and logs). */
export const phoneLookupRequestSchema = z.strictObject({ phone: mobilePhoneSchema, phoneCode: phoneCodeProofSchema })
export type PhoneLookupRequest = z.infer<typeof phoneLookupRequestSchema>

export const phoneLookupResponseSchema = z.object({
  /** that phone's bookings, newest slot first (at most 20); erased ones are no longer found */
  bookings: z.array(bookingSchema),
})
export type PhoneLookupResponse = z.infer<typeof phoneLookupResponseSchema>
