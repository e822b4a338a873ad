import { Router } from 'express'
import { staffLoginRequestSchema } from '../../contracts/bookings'
import { volunteerLoginRequestSchema } from '../../contracts/mediations'
import { AppError } from '../http/app-error'
import type { RateLimiter, RateRule } from '../http/rate-limit'
import { parseInput } from '../http/validation'
import type { WechatClient } from '../wechat/wechat-client'
import { bearerToken } from './auth.middleware'
import type { AuthService } from './auth.service'
import type { HashingQueue } from './hashing-queue'
import { unauthorized } from './auth.service'

/**
 * One sign-in for everyone: staff and administrators with username + password, volunteers with
 * phone + invite code (H5) or a `wx.login` code (+ invite code the first time) in the mini program.
 * Password sign-ins (scrypt, ~50 ms of CPU each, also for unknown usernames) take a turn in
 * `hashing`, so a flood of them is turned away with 503 instead of starving a real sign-in.
 */
export function authRoutes(deps: { auth: AuthService; wechat: WechatClient | null; limiter: RateLimiter; loginRule: RateRule; hashing: HashingQueue; now: () => Date }): Router {
  const router = Router()
  router.post('/login', async (req, res) => {
    await deps.limiter.consume({ rule: deps.loginRule, key: req.ip ?? 'unknown', now: deps.now() })
    const body: unknown = req.body
    if (typeof body === 'object' && body !== null && 'username' in body) {
      const login = parseInput({ schema: staffLoginRequestSchema, value: body, source: 'body' })
      res.json(await deps.hashing.run(req.ip ?? 'unknown', () => deps.auth.loginStaff(login)))
      return
    }
    const login = parseInput({ schema: volunteerLoginRequestSchema, value: body, source: 'body' })
    if ('phone' in login) {
      res.json(await deps.auth.loginVolunteer(login))
      return
    }
    if (!deps.wechat) throw new AppError({ status: 422, code: 'WECHAT_NOT_CONFIGURED', message: '服务器没有配置微信登录，请用手机号和邀请码登录' })
    let openid: string
    try {
      openid = (await deps.wechat.code2Session(login.wechatCode)).openid
    } catch {
      throw unauthorized('微信登录没有成功，请重试')
    }
    res.json(await deps.auth.loginWechat({ openid, inviteCode: login.inviteCode }))
  })
  router.post('/logout', async (req, res) => {
    const token = bearerToken(req.headers.authorization)
    if (token) await deps.auth.logout(token)
    res.status(204).end()
  })
  return router
}
