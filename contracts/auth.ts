import * as z from 'zod/mini'
import { mobilePhoneSchema } from './bookings'
import { plainText } from './text'

/**
 * Who signs in: station staff, 法律明白人 volunteers and county administrators. The one list of
 * roles: the server's users, the endpoints' `auth`, the sign-in answer and the client's sessions.
 */
export const userRoleSchema = z.enum(['staff', 'volunteer', 'admin'])
export type UserRole = z.infer<typeof userRoleSchema>
/** every role: what an endpoint any signed-in user may call declares */
export const USER_ROLES: readonly UserRole[] = userRoleSchema.options

// —— signing in (contracts/endpoints/auth.ts) ——

/** a password staff choose themselves, replacing the printed one-time password */
export const NEW_PASSWORD_MIN_LENGTH = 10
export const staffLoginRequestSchema = z.strictObject({
  username: plainText({ min: 1, max: 50 }),
  password: plainText({ min: 1, max: 200, trim: false }),
  /** required when the password is a printed one-time one (403 PASSWORD_CHANGE_REQUIRED); allowed at any sign-in */
  newPassword: z.optional(plainText({ min: NEW_PASSWORD_MIN_LENGTH, max: 200, trim: false, tooShort: `新密码至少 ${NEW_PASSWORD_MIN_LENGTH} 位` })),
  /** the device credential an earlier sign-in of this account gave this phone: a flood of sign-ins cannot crowd it out (one that is not live is ignored) */
  deviceCredential: z.optional(plainText({ min: 1, max: 200, trim: false })),
})
export const loginResponseSchema = z.object({
  token: z.string(),
  /** the account's id (users table), the same for every sign-in of that person */
  userId: z.string().check(z.minLength(1)),
  role: userRoleSchema,
  expiresAt: z.string(),
  stationId: z.nullable(z.string()),
  displayName: z.string(),
  /** volunteers: where they serve; the log form starts there */
  town: z.nullable(z.string()),
  village: z.nullable(z.string()),
  /** staff and administrators: this phone's new device credential (it replaces the one sent); the phone keeps it for its next sign-ins */
  deviceCredential: z.optional(z.string()),
})
export type LoginResponse = z.infer<typeof loginResponseSchema>

/** 法律明白人: phone and invite code, or WeChat (with the invite code the first time) */
export const volunteerLoginRequestSchema = z.union([
  z.strictObject({ phone: mobilePhoneSchema, inviteCode: plainText({ min: 6, max: 20 }) }),
  z.strictObject({ wechatCode: plainText({ min: 1, max: 128, trim: false }), inviteCode: z.optional(plainText({ min: 6, max: 20 })) }),
])
