import compression from 'compression'
import { Router, type RequestHandler } from 'express'
import { AppError } from '../errors/app-error'
import type { AppMetrics } from './metrics'
import { metricsAccess, metricsTokenHash } from './metrics-access'
import { processMetrics } from './process-metrics'

/**
 * GET /metrics: Prometheus's text format, for this machine's clients or with METRICS_TOKEN
 * (./metrics-access.ts). Outside /api and its contracts: it is for the county's monitoring, not
 * the app, and answers text, not JSON. Never cached: every scrape is a new reading.
 */
export function metricsRoutes(deps: { metrics: AppMetrics; token?: string }): Router {
  const router = Router()
  const tokenHash = deps.token ? metricsTokenHash(deps.token) : null

  const admit: RequestHandler = (req, _res, next) => {
    const proxied = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined || req.headers['x-real-ip'] !== undefined
    // the socket's own address: req.ip follows X-Forwarded-For under TRUST_PROXY, which a client can write
    const access = metricsAccess({ socketAddress: req.socket.remoteAddress, proxied, authorization: req.headers.authorization, tokenHash })
    if (access === 'loopback' || access === 'token') {
      next()
      return
    }
    const message =
      access === 'wrong-token'
        ? '令牌不对：监控指标只对本机或带正确令牌（METRICS_TOKEN）的请求开放'
        : '监控指标只对本机开放，其他地址请带上令牌（Authorization: Bearer <METRICS_TOKEN>）'
    next(AppError.of('METRICS_UNAUTHORIZED', { message, fields: [{ path: 'Authorization', message: access === 'wrong-token' ? '令牌不对' : '缺少令牌' }] }))
  }

  router.get('/metrics', admit, compression(), async (_req, res) => {
    const [app, process] = await Promise.all([deps.metrics.exposition(), processMetrics().metrics()])
    res.set('Cache-Control', 'no-store').type(deps.metrics.contentType).send(`${app}\n${process}`)
  })
  return router
}
