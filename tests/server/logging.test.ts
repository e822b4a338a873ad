import axios from 'axios'
import type { summariseError } from '../../server/logging'
import { createLogger } from '../../server/logging'
import { startFakeUpstream } from '../support/fake-upstream'

describe('the BFF logger', () => {
  it('logs an AxiosError as method, host, path, status and errcode — never its params, URL query or body', async () => {
    const upstream = await startFakeUpstream()
    upstream.respond((_req, res) => {
      res.writeHead(500, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ errcode: -1, errmsg: 'system error' }))
    })
    let failure: unknown
    try {
      await axios.get(`${upstream.baseUrl}/sns/jscode2session`, { params: { appid: 'wx1', secret: 'THE-SECRET', js_code: 'THE-CODE' } })
    } catch (error) {
      failure = error
    } finally {
      await upstream.close()
    }
    const lines: string[] = []
    createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } }).warn({ err: failure }, 'code2Session failed')
    expect(lines).toHaveLength(1)
    expect(lines[0]).not.toMatch(/THE-SECRET|THE-CODE|wx1|js_code/)
    const { err } = JSON.parse(lines[0]) as { err: ReturnType<typeof summariseError> }
    expect(err).toMatchObject({ type: 'AxiosError', request: { method: 'GET', path: '/sns/jscode2session', status: 500, errcode: -1 } })
  })

  it('keeps a database error’s code and message but not its detail, which quotes the row', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint "bookings_active_phone_slot_uq"'), {
      code: '23505',
      detail: 'Key (phone)=(13800138000) already exists.',
    })
    const lines: string[] = []
    createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } }).error({ err: error }, 'unhandled error')
    expect(lines[0]).toContain('23505')
    expect(lines[0]).not.toContain('13800138000')
  })

  it('censors fields that hold personal data or credentials, at the top level and one level down', () => {
    const lines: string[] = []
    createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } }).info(
      { phone: '13800138000', booking: { name: '张三', phoneLast4: '8000' }, position: { lat: 28.45, lng: 109.01 }, token: 'tok' },
      'careless call',
    )
    expect(lines[0]).not.toMatch(/13800138000|张三|"8000"|28\.45|109\.01|"tok"/)
    expect(lines[0]).toContain('[redacted]')
  })
})
