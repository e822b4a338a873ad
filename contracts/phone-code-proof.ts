import * as z from 'zod/mini'

/** How long an SMS code works, and how soon the same phone can ask again for another. */
export const PHONE_CODE_TTL_SECONDS = 5 * 60
export const PHONE_CODE_RESEND_SECONDS = 60
/** wrong codes one request may try before it is used up */
export const PHONE_CODE_TRIES = 5

/** The request id from `POST /api/phone-codes` (only the requesting phone has it) and the 6 digits the SMS brought. */
export const phoneCodeProofSchema = z.strictObject({
  requestId: z.string().check(z.regex(/^[A-Za-z0-9_-]{22,64}$/, '请先点“获取验证码”')),
  code: z.string().check(z.trim(), z.regex(/^\d{6}$/, '验证码是短信里的 6 位数字')),
})
export type PhoneCodeProof = z.infer<typeof phoneCodeProofSchema>
