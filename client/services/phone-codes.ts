import { lookupBookingsByPhone as lookupEndpoint, sendPhoneCode as sendEndpoint } from '../../contracts/endpoints/phone-codes'
import type { PhoneCodeProof, PhoneCodePurpose, PhoneCodeSent, PhoneLookupResponse } from '../../contracts/phone-codes'
import { call } from './http'

/**
 * SMS codes, when the BFF sends SMS (the slots answer's `smsCodeRequired`): ask for one, and 查预约
 * by phone number and code. Throws RequestError (429 with the wait in words, 422 naming the field).
 */
export function requestPhoneCode(params: { phone: string; purpose: PhoneCodePurpose }): Promise<PhoneCodeSent> {
  return call(sendEndpoint, { body: { phone: params.phone, purpose: params.purpose } })
}

export function lookupBookingsByPhone(params: { phone: string; phoneCode: PhoneCodeProof }): Promise<PhoneLookupResponse> {
  return call(lookupEndpoint, { body: { phone: params.phone, phoneCode: params.phoneCode } })
}
