import type { RequestHandler } from 'express'
import { staffLoginRequestSchema, volunteerLoginRequestSchema } from '../../contracts/auth'
import { login, logout } from '../../contracts/endpoints/auth'
import { AppError } from '../errors/app-error'
import { clientKey } from '../http/client-address'
import { endpointRouter, ok, SENT } from '../http/endpoint-router'
import type { RateLimiter, RateRule } from '../http/rate-limit'
import { parseInput } from '../http/validation'
import type { WechatClient } from '../wechat/wechat-client'
import { bearerToken } from './auth.middleware'
import type { AuthService } from './auth.service'
import type { HashingQueue } from './hashing-queue'
import { hashingTicket, unauthorized } from './auth.service'

/**
 * One sign-in for everyone: staff and administrators with username + password, volunteers with
 * phone + invite code (H5) or a `wx.login` code (+ invite code the first time) in the mini program.
 * Password sign-ins (scrypt, ~50 ms of CPU each, also for unknown usernames) take a turn in
 * `hashing`, so a flood of them is turned away with 503 instead of starving a real sign-in; a
 * phone known to the account and an account that exists have lanes of their own (hashing-queue.ts).
 */
export function authRoutes(deps: {
  auth: AuthService
  wechat: WechatClient | null
  limiter: RateLimiter
  loginRule: RateRule
  hashing: HashingQueue
  now: () => Date
  checkResponses?: boolean
}) {
  const { router, route } = endpointRouter({ checkResponses: deps.checkResponses })
  // every attempt counts, valid or not
  const limitLogins: RequestHandler = async (req, _res, next) => {
    await deps.limiter.consume({ rule: deps.loginRule, key: clientKey(req), now: deps.now() })
    next()
  }
  route(login, {
    before: [limitLogins],
    // the branch is chosen by its fields, so a mistake is named by field rather than as "matches no form"
    parseBody: (body) =>
      typeof body === 'object' && body !== null && 'username' in body
        ? parseInput({ schema: staffLoginRequestSchema, value: body, source: 'body' })
        : parseInput({ schema: volunteerLoginRequestSchema, value: body, source: 'body' }),
    handle: async ({ body, req }) => {
      if ('username' in body) {
        // the lane (known device, account, open) is chosen before the hash; the answer does not depend on it
        const plan = await deps.auth.planStaffLogin(body)
        return ok(await deps.hashing.run(hashingTicket(plan, clientKey(req)), () => deps.auth.completeStaffLogin(body, plan)))
      }
      if ('phone' in body) return ok(await deps.auth.loginVolunteer(body))
      if (!deps.wechat) throw AppError.of('WECHAT_NOT_CONFIGURED')
      let openid: string
      try {
        openid = (await deps.wechat.code2Session(body.wechatCode)).openid
      } catch {
        throw unauthorized('微信登录没有成功，请重试')
      }
      return ok(await deps.auth.loginWechat({ openid, inviteCode: body.inviteCode }))
    },
  })
  route(logout, {
    handle: async ({ req, res }) => {
      const token = bearerToken(req.headers.authorization)
      if (token) await deps.auth.logout(token)
      res.status(204).end()
      return SENT
    },
  })
  return router
}
