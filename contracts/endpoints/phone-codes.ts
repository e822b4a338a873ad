import { defineEndpoint } from '../endpoint'
import { phoneCodeSentSchema, phoneLookupRequestSchema, phoneLookupResponseSchema, sendPhoneCodeRequestSchema } from '../phone-codes'

/** SMS codes (when the BFF has an SMS provider): a phone proves it is yours. */

export const sendPhoneCode = defineEndpoint({
  method: 'POST',
  path: '/api/phone-codes',
  tag: 'bookings',
  body: sendPhoneCodeRequestSchema,
  responses: { 201: phoneCodeSentSchema },
  errors: ['SMS_NOT_CONFIGURED', 'SMS_FAILED', 'RATE_LIMITED'],
})

export const lookupBookingsByPhone = defineEndpoint({
  method: 'POST',
  path: '/api/bookings/by-phone',
  tag: 'bookings',
  body: phoneLookupRequestSchema,
  responses: { 200: phoneLookupResponseSchema },
  errors: ['SMS_NOT_CONFIGURED', 'PHONE_CODE_INVALID', 'RATE_LIMITED'],
})
