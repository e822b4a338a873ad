import { endpointGroup } from '../endpoint'
import { phoneCodeSentSchema, phoneLookupRequestSchema, phoneLookupResponseSchema, sendPhoneCodeRequestSchema } from '../phone-codes'

/** SMS codes (when the BFF has an SMS provider): a phone proves it is yours. */

/** Without an SMS provider the BFF answers SMS_NOT_CONFIGURED. */
const phoneCodeEndpoint = endpointGroup({ tag: 'bookings', errors: ['SMS_NOT_CONFIGURED'] })

export const sendPhoneCode = phoneCodeEndpoint('POST', '/api/phone-codes', {
  body: sendPhoneCodeRequestSchema,
  responses: { 201: phoneCodeSentSchema },
  errors: ['SMS_FAILED', 'RATE_LIMITED'],
})

export const lookupBookingsByPhone = phoneCodeEndpoint('POST', '/api/bookings/by-phone', {
  body: phoneLookupRequestSchema,
  responses: { 200: phoneLookupResponseSchema },
  errors: ['PHONE_CODE_INVALID', 'RATE_LIMITED'],
})
