import type http from 'node:http'
import { healthResponseSchema } from '../../../contracts/health'
import { failureMessage, failureText, outageOf, request, RequestError } from '../../../client/services/http'
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
    const server = await startServer((_req, res) =>
      json(res, 400, { error: { code: 'VALIDATION_FAILED', message: '手机号格式不正确', fields: [{ path: 'phone', message: '格式不正确' }] } }),
    )
    process.env.TARO_APP_API_BASE_URL = server.baseUrl
    try {
      const failure = await failureOf(request({ path: '/api/bookings', method: 'POST', data: { phone: '1' }, schema: healthResponseSchema }))
      expect(failure).toMatchObject({
        failure: 'http',
        status: 400,
        code: 'VALIDATION_FAILED',
        message: '手机号格式不正确',
        fields: [{ path: 'phone', message: '格式不正确' }],
      })
    } finally {
      await server.close()
    }
  })

  it('when the phone is online but nothing listens, blames the server (or the signal), not the phone network', async () => {
    const server = await startServer(() => undefined)
    const { baseUrl } = server
    await server.close()
    process.env.TARO_APP_API_BASE_URL = baseUrl
    const failure = await failureOf(request({ path: '/api/health', schema: healthResponseSchema }))
    expect(failure.failure).toBe('unreachable')
    expect(failure.message).toBe('连不上服务器：可能是服务器暂时出了问题，也可能是网络信号太弱。请过一会儿点“重试”。')
    expect(outageOf(failure)).toBe('server')
  })

  it('when the phone has no network at all, says 连不上网络 and asks to check the phone', async () => {
    const server = await startServer(() => undefined)
    const { baseUrl } = server
    await server.close()
    process.env.TARO_APP_API_BASE_URL = baseUrl
    const onLine = jest.spyOn(window.navigator, 'onLine', 'get').mockReturnValue(false)
    try {
      const failure = await failureOf(request({ path: '/api/health', schema: healthResponseSchema }))
      expect(failure.failure).toBe('offline')
      expect(failure.message).toBe('连不上网络。请检查手机网络后点“重试”。')
      expect(outageOf(failure)).toBe('offline')
    } finally {
      onLine.mockRestore()
    }
  })

  it('a 503 with Retry-After and no error body says the server is busy and when to try again', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(503, { 'Retry-After': '120', 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Retry-After' })
      res.end('busy')
    })
    process.env.TARO_APP_API_BASE_URL = server.baseUrl
    try {
      const failure = await failureOf(request({ path: '/api/health', schema: healthResponseSchema }))
      expect(failure).toMatchObject({ failure: 'http', status: 503, retryAfterSeconds: 120 })
      expect(failure.message).toBe('服务器正忙，请 2 分钟后再试。')
      expect(outageOf(failure)).toBe('server')
    } finally {
      await server.close()
    }
  })

  it("a 503 in the BFF's error shape keeps the BFF's own words and the wait", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(503, {
        'Content-Type': 'application/json',
        'Retry-After': '5',
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Expose-Headers': 'Retry-After',
      })
      res.end(JSON.stringify({ error: { code: 'DATABASE_UNAVAILABLE', message: '数据库暂时连不上，请过几秒再试' } }))
    })
    process.env.TARO_APP_API_BASE_URL = server.baseUrl
    try {
      const failure = await failureOf(request({ path: '/api/health', schema: healthResponseSchema }))
      expect(failure).toMatchObject({
        failure: 'http',
        status: 503,
        code: 'DATABASE_UNAVAILABLE',
        retryAfterSeconds: 5,
        message: '数据库暂时连不上，请过几秒再试',
      })
    } finally {
      await server.close()
    }
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
      expect(failure.message).toBe('服务暂时不可用：是服务器出了问题，不是手机网络的问题。请过一会儿再试。')
      expect(outageOf(failure)).toBe('server')
    } finally {
      await server.close()
    }
  })
})

describe('client/services/http failureText() and failureMessage()', () => {
  it('words each kind of failure by whose side it is on', () => {
    expect(failureText({ failure: 'offline' })).toContain('检查手机网络')
    expect(failureText({ failure: 'unreachable' })).toContain('连不上服务器')
    expect(failureText({ failure: 'unreachable' })).not.toContain('检查手机网络')
    expect(failureText({ failure: 'http', status: 500 })).toContain('不是手机网络的问题')
    expect(failureText({ failure: 'http', status: 429, retryAfterSeconds: 30 })).toBe('服务器正忙，请 30 秒后再试。')
    expect(failureText({ failure: 'http', status: 404 })).toBe('请求没有成功（404）。')
    expect(failureText({ failure: 'http', status: 500, serverMessage: '服务器出了点问题，请稍后再试' })).toBe('服务器出了点问题，请稍后再试')
  })

  it('a 4xx is no outage; anything that is not a RequestError reads as the fallback', () => {
    expect(outageOf(new RequestError({ failure: 'http', status: 404, message: '没有这个服务站' }))).toBeNull()
    expect(outageOf(new Error('bug'))).toBeNull()
    expect(failureMessage(new Error('bug'), '出了点问题')).toBe('出了点问题')
    expect(failureMessage(new RequestError({ failure: 'offline', message: failureText({ failure: 'offline' }) }), '出了点问题')).toBe(
      '连不上网络。请检查手机网络后点“重试”。',
    )
  })
})
