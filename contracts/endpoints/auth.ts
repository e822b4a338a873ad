import * as z from 'zod/mini'
import { loginResponseSchema, staffLoginRequestSchema, volunteerLoginRequestSchema } from '../auth'
import { defineEndpoint } from '../endpoint'

/** One sign-in for staff, administrators and 法律明白人 volunteers. */

export const loginRequestSchema = z.union([staffLoginRequestSchema, volunteerLoginRequestSchema])
export type LoginRequest = z.input<typeof loginRequestSchema>

export const login = defineEndpoint('POST', '/api/auth/login', {
  tag: 'auth',
  body: loginRequestSchema,
  responses: { 200: loginResponseSchema },
  errors: ['UNAUTHORIZED', 'INVITE_EXPIRED', 'PASSWORD_CHANGE_REQUIRED', 'WECHAT_NOT_CONFIGURED', 'LOGIN_BUSY', 'RATE_LIMITED'],
})

export const logout = defineEndpoint('POST', '/api/auth/logout', { tag: 'auth', responses: { 204: null } })
