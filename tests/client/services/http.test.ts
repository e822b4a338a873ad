import type http from 'node:http'
import { healthResponseSchema } from '../../../contracts/health'
import { request } from '../../../client/services/http'
import { startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream'
import { failureOf } from '../support/failure-of'

/** A real HTTP server on 127.0.0.1 whose behaviour each test chooses. */
async function startServer(handler: Parameters<FakeUpstream['respond']>[0]): Promise<FakeUpstream> {
  const server = await startFakeUpstream()
  server.respond(handler)
  return server
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' })
  res.end(JSON.stringify(body))
}


describe('client/services/http request()', () => {
  const originalBase = process.env.TARO_APP_API_BASE_URL
  afterEach(() => {
    process.env.TARO_APP_API_BASE_URL = originalBase
  })

  it('returns the body parsed by its contracts schema', async () => {
    const server = await startServer((_req, res) => json(res, 200, { status: 'ok', storage: 'sqlite', version: '1.0.0' }))
    process.env.TARO_APP_API_BASE_URL = server.baseUrl
    try {
      await expect(request({ path: '/api/health', schema: healthResponseSchema })).resolves.toEqual({ status: 'ok', storage: 'sqlite', version: '1.0.0' })
    } finally {
      await server.close()
    }
  })

  it('when the body does not match the schema, fails with a Chinese "format" message', async () => {
    const server = await startServer((_req, res) => json(res, 200, { status: 'fine', storage: 'mysql' }))
    process.env.TARO_APP_API_BASE_URL = server.baseUrl
    try {
      const failure = await failureOf(request({ path: '/api/health', schema: healthResponseSchema }))
      expect(failure.failure).toBe('invalid-response')
      expect(failure.message).toContain('格式不对')
    } finally {
      await server.close()
    }
  })

  it('when the BFF answers with the error shape, passes its message and fields on', async () => {
    const server = await startServer((_req, res) => json(res, 400, { error: { code: 'VALIDATION_FAILED', message: '手机号格式不正确', fields: [{ path: 'phone', message: '格式不正确' }] } }))
    process.env.TARO_APP_API_BASE_URL = server.baseUrl
    try {
      const failure = await failureOf(request({ path: '/api/bookings', method: 'POST', data: { phone: '1' }, schema: healthResponseSchema }))
      expect(failure).toMatchObject({ failure: 'http', status: 400, code: 'VALIDATION_FAILED', message: '手机号格式不正确', fields: [{ path: 'phone', message: '格式不正确' }] })
    } finally {
      await server.close()
    }
  })

  it('when nothing listens, fails with the Chinese "no network" message', async () => {
    const server = await startServer(() => undefined)
    const { baseUrl } = server
    await server.close()
    process.env.TARO_APP_API_BASE_URL = baseUrl
    const failure = await failureOf(request({ path: '/api/health', schema: healthResponseSchema }))
    expect(failure.failure).toBe('offline')
    expect(failure.message).toContain('连不上网络')
  })

  it('when the BFF does not answer in time, fails with the Chinese timeout message', async () => {
    const server = await startServer(() => undefined) // accepts, never answers
    process.env.TARO_APP_API_BASE_URL = server.baseUrl
    try {
      const failure = await failureOf(request({ path: '/api/health', schema: healthResponseSchema, timeoutMs: 300 }))
      expect(failure.failure).toBe('timeout')
      expect(failure.message).toContain('超时')
    } finally {
      await server.close()
    }
  })

  it('on a 5xx without the error shape, says the service is unavailable', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(502, { 'Access-Control-Allow-Origin': '*' })
      res.end('<html>bad gateway</html>')
    })
    process.env.TARO_APP_API_BASE_URL = server.baseUrl
    try {
      const failure = await failureOf(request({ path: '/api/health', schema: healthResponseSchema }))
      expect(failure).toMatchObject({ failure: 'http', status: 502 })
      expect(failure.message).toContain('服务暂时不可用')
    } finally {
      await server.close()
    }
  })
})
