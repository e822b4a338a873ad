import path from 'node:path'
import request from 'supertest'
import { sceneSchema, sceneTargetSchema } from '../../../contracts'
import { importBundledReports } from '../../../server/reports/bundled-reports'
import { KyselyReportRepository } from '../../../server/reports/report.repository'
import { ReportsService } from '../../../server/reports/reports.service'
import { createLogger } from '../../../server/logging'
import { SceneRepository } from '../../../server/scenes/scene.repository'
import { ScenesService } from '../../../server/scenes/scenes.service'
import type { Storage } from '../../../server/storage/database'
import { WechatClient } from '../../../server/wechat/wechat-client'
import { startFakeWechat, type FakeWechat } from '../../support/fake-wechat'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow } from '../support/test-app'

const reportsDir = path.resolve(__dirname, '../../../data/reports')
const STATION = '500241103-ws'
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** supertest keeps binary answers as a Buffer only when asked to */
function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = []
  res.on('data', (chunk: Buffer) => chunks.push(chunk))
  res.on('end', () => callback(null, Buffer.concat(chunks)))
}

describeEachStorage('小程序码 and scenes', (storage: () => Storage) => {
  let wechat: FakeWechat
  let seedId: string
  let clock: Date
  let logLines: string[]

  beforeAll(async () => {
    const service = new ReportsService(new KyselyReportRepository(storage().db))
    ;[seedId] = await importBundledReports({ service, reportsDir, now: fixedNow() })
  })
  beforeEach(async () => {
    // each test starts with no scene and no stored code
    await storage().db.deleteFrom('wxacodes').execute()
    await storage().db.deleteFrom('scenes').execute()
    wechat = await startFakeWechat({ appId: 'wx-test', secret: 's3cret', codes: {} })
    clock = fixedNow()
    logLines = []
  })
  afterEach(async () => {
    await wechat.close()
  })

  const wechatClient = () => new WechatClient({ apiBase: wechat.baseUrl, appId: 'wx-test', secret: 's3cret', timeoutMs: 2000, now: () => clock })
  // the BFF's own logger (its err serializer decides what an outside failure leaves in the log)
  const logger = () => createLogger({ level: 'info', destination: { write: (line: string) => logLines.push(line) } })
  const appWith = (client: WechatClient | null, overrides: { wxacodeEnv?: 'release' | 'trial' | 'develop' } = {}) =>
    buildTestApp(storage(), { wechat: client, logger: logger(), now: () => clock, ...overrides })
  const wxacodeCalls = () => wechat.wxacodeRequests.length

  describe('GET /api/stations/:id/wxacode', () => {
    it('answers the PNG from getwxacodeunlimit for a short scene that resolves to the station', async () => {
      const response = await request(await appWith(wechatClient()))
        .get(`/api/stations/${STATION}/wxacode`)
        .buffer(true)
        .parse(binary)
      expect(response.status).toBe(200)
      // WeChat labels its answer image/jpeg whatever it holds: the bytes decide
      expect(response.headers['content-type']).toBe('image/png')
      expect((response.body as Buffer).subarray(0, 8)).toEqual(PNG_SIGNATURE)

      expect(wechat.wxacodeRequests).toHaveLength(1)
      const { body, accessToken } = wechat.wxacodeRequests[0]
      expect(accessToken).toBe('TOKEN-1')
      expect(body).toMatchObject({ page: 'pages/station/index', check_path: true, env_version: 'release' })
      const scene = body.scene ?? ''
      expect(scene).toMatch(/^s=[0-9A-HJKMNP-TV-Z]{4}$/)
      expect(sceneSchema.safeParse(scene).success).toBe(true)

      const resolved = await request(await appWith(null)).get(`/api/scenes/${encodeURIComponent(scene)}`)
      expect(resolved.status).toBe(200)
      expect(sceneTargetSchema.parse(resolved.body)).toEqual({ page: 'pages/station/index', query: { id: STATION } })
    })

    it('fetches each code from WeChat once: later requests, also after a restart, come from the database', async () => {
      const first = await request(await appWith(wechatClient()))
        .get(`/api/stations/${STATION}/wxacode`)
        .buffer(true)
        .parse(binary)
      const again = await request(await appWith(wechatClient()))
        .get(`/api/stations/${STATION}/wxacode`)
        .buffer(true)
        .parse(binary)
      expect(again.status).toBe(200)
      expect(again.body).toEqual(first.body)
      expect(wxacodeCalls()).toBe(1)
      expect(await storage().db.selectFrom('scenes').selectAll().execute()).toHaveLength(1)
    })

    it('ten phones asking at once for a new code get one scene and one WeChat call', async () => {
      const app = await appWith(wechatClient())
      const answers = await Promise.all(Array.from({ length: 10 }, () => request(app).get(`/api/stations/${STATION}/wxacode`).buffer(true).parse(binary)))
      expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200))
      expect(wxacodeCalls()).toBe(1)
      expect(wechat.tokensIssued).toBe(1)
    })

    it('a trial build gets its own code, opening the trial version without the published-page check', async () => {
      await request(await appWith(wechatClient())).get(`/api/stations/${STATION}/wxacode`)
      await request(await appWith(wechatClient(), { wxacodeEnv: 'trial' })).get(`/api/stations/${STATION}/wxacode`)
      expect(wechat.wxacodeRequests.map((call) => [call.body.env_version, call.body.check_path])).toEqual([
        ['release', true],
        ['trial', false],
      ])
      // one scene for the station, whichever version the code opens
      expect(new Set(wechat.wxacodeRequests.map((call) => call.body.scene)).size).toBe(1)
    })

    it('for an unknown station answers 404 STATION_NOT_FOUND and asks WeChat nothing', async () => {
      const response = await request(await appWith(wechatClient())).get('/api/stations/500241999-ws/wxacode')
      expect(response.status).toBe(404)
      expect(response.body.error.code).toMatch(/NOT_FOUND/)
      expect(wxacodeCalls()).toBe(0)
      expect(await storage().db.selectFrom('scenes').selectAll().execute()).toEqual([])
    })

    it('refuses a malformed id with 400 naming id', async () => {
      const response = await request(await appWith(wechatClient())).get(`/api/stations/${encodeURIComponent('<b>x</b>')}/wxacode`)
      expect(response.status).toBe(400)
      expect(response.body.error.fields[0].path).toBe('id')
    })

    it('without WeChat configured answers 404 WXACODE_UNAVAILABLE in Chinese', async () => {
      const response = await request(await appWith(null)).get(`/api/stations/${STATION}/wxacode`)
      expect(response.status).toBe(404)
      expect(response.body.error.code).toBe('WXACODE_UNAVAILABLE')
      expect(response.body.error.message).toMatch(/小程序码/)
    })
  })

  describe('GET /api/reports/:id/wxacode', () => {
    it('answers the report’s code; its scene opens the reader on that report', async () => {
      const response = await request(await appWith(wechatClient()))
        .get(`/api/reports/${seedId}/wxacode`)
        .buffer(true)
        .parse(binary)
      expect(response.status).toBe(200)
      expect(response.headers['content-type']).toBe('image/png')
      const scene = wechat.wxacodeRequests[0].body.scene ?? ''
      expect(scene).toMatch(/^r=/)
      expect(wechat.wxacodeRequests[0].body.page).toBe('pages/report/index')
      const resolved = await request(await appWith(null)).get(`/api/scenes/${encodeURIComponent(scene)}`)
      expect(resolved.body).toEqual({ page: 'pages/report/index', query: { id: seedId } })
    })

    it('for an unknown report answers 404', async () => {
      const response = await request(await appWith(wechatClient())).get('/api/reports/no-such-report/wxacode')
      expect(response.status).toBe(404)
      expect(wxacodeCalls()).toBe(0)
    })
  })

  describe('the access token', () => {
    it('is fetched once from stable_token and reused until shortly before it expires', async () => {
      const client = wechatClient()
      const app = await appWith(client)
      await request(app).get(`/api/stations/${STATION}/wxacode`)
      await request(app).get(`/api/reports/${seedId}/wxacode`)
      expect(wechat.tokensIssued).toBe(1)
      expect(wechat.upstream.requests.filter((call) => call.url.startsWith('/cgi-bin/stable_token'))).toHaveLength(1)

      // 7200 s tokens are refreshed five minutes early: at +6,960 s the cached one is still used
      await storage().db.deleteFrom('wxacodes').execute()
      clock = new Date(fixedNow().getTime() + 6_840_000)
      await request(app).get(`/api/stations/${STATION}/wxacode`)
      expect(wechat.upstream.requests.filter((call) => call.url.startsWith('/cgi-bin/stable_token'))).toHaveLength(1)
      clock = new Date(fixedNow().getTime() + 6_960_000)
      await storage().db.deleteFrom('wxacodes').execute()
      await request(app).get(`/api/stations/${STATION}/wxacode`)
      expect(wechat.upstream.requests.filter((call) => call.url.startsWith('/cgi-bin/stable_token'))).toHaveLength(2)
    })

    it.each([40001, 42001] as const)('when WeChat answers %i for the cached token, gets a new one and retries once', async (errcode) => {
      const app = await appWith(wechatClient())
      await request(app).get(`/api/reports/${seedId}/wxacode`)
      wechat.invalidateTokens(errcode)
      const response = await request(app).get(`/api/stations/${STATION}/wxacode`)
      expect(response.status).toBe(200)
      expect(wechat.wxacodeRequests.map((call) => call.accessToken)).toEqual(['TOKEN-1', 'TOKEN-1', 'TOKEN-2'])
      expect(wechat.tokensIssued).toBe(2)
    })

    it('when stable_token hands back the refused token, forces one refresh', async () => {
      const app = await appWith(wechatClient())
      await request(app).get(`/api/reports/${seedId}/wxacode`)
      // WeChat refuses TOKEN-1 once, yet stable_token's normal mode still hands it out
      wechat.failNextWxacode = 40001
      const response = await request(app).get(`/api/stations/${STATION}/wxacode`)
      expect(response.status).toBe(200)
      expect(wechat.forcedRefreshes).toBe(1)
      expect(wechat.wxacodeRequests.map((call) => call.accessToken)).toEqual(['TOKEN-1', 'TOKEN-1', 'TOKEN-2'])
    })
  })

  describe('when WeChat refuses', () => {
    it('41030 (page not in the published version): 502 WXACODE_FAILED, nothing stored, asked again once the refusal is 10 minutes old', async () => {
      wechat.publishedPages = ['pages/home/index']
      const app = await appWith(wechatClient())
      const refused = await request(app).get(`/api/stations/${STATION}/wxacode`)
      expect(refused.status).toBe(502)
      expect(refused.body.error.code).toBe('WXACODE_FAILED')
      expect(await storage().db.selectFrom('wxacodes').selectAll().execute()).toEqual([])
      // logged as the errcode only: no token, no secret
      const logged = logLines.join('\n')
      expect(logged).toContain('41030')
      expect(logged).not.toMatch(/TOKEN-|s3cret/)

      // remembered for 10 minutes: once published, the code comes after that, with one more call
      wechat.publishedPages = null
      clock = new Date(clock.getTime() + 10 * 60_000)
      expect((await request(app).get(`/api/stations/${STATION}/wxacode`)).status).toBe(200)
      expect(wxacodeCalls()).toBe(2)
    })

    it('a refusal is remembered: 30 anonymous requests, 10 of them at once, make one WeChat call and all answer 502 with Retry-After, never cached', async () => {
      wechat.publishedPages = ['pages/home/index']
      const app = await appWith(wechatClient())
      const together = await Promise.all(Array.from({ length: 10 }, () => request(app).get(`/api/stations/${STATION}/wxacode`)))
      const after: request.Response[] = []
      for (let i = 0; i < 20; i += 1) {
        clock = new Date(clock.getTime() + 20_000)
        after.push(await request(app).get(`/api/stations/${STATION}/wxacode`))
      }
      expect(wxacodeCalls()).toBe(1)
      for (const response of [...together, ...after]) {
        expect(response.status).toBe(502)
        expect(response.body.error.code).toBe('WXACODE_FAILED')
        expect(response.headers['cache-control']).toBe('no-store')
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0)
      }
      // 400 s after the refusal: 200 s of the 10 minutes left
      expect(after[19].headers['retry-after']).toBe('200')
      // the poster falls back to the H5 QR without asking WeChat either
      expect((await request(app).get(`/api/stations/${STATION}/poster`)).text).not.toContain('data-code="wxacode"')
      expect(wxacodeCalls()).toBe(1)
    })

    it('a busy WeChat (-1) is asked again after a minute, not at every request', async () => {
      wechat.failNextWxacode = -1
      const app = await appWith(wechatClient())
      expect((await request(app).get(`/api/stations/${STATION}/wxacode`)).status).toBe(502)
      expect((await request(app).get(`/api/stations/${STATION}/wxacode`)).status).toBe(502)
      expect(wxacodeCalls()).toBe(1)
      clock = new Date(clock.getTime() + 60_000)
      expect((await request(app).get(`/api/stations/${STATION}/wxacode`)).status).toBe(200)
      expect(wxacodeCalls()).toBe(2)
    })

    it('WeChat unreachable: 502, and the log holds no access token or secret', async () => {
      const app = await appWith(wechatClient())
      await request(app).get(`/api/reports/${seedId}/wxacode`)
      await wechat.close()
      const response = await request(app).get(`/api/stations/${STATION}/wxacode`)
      expect(response.status).toBe(502)
      expect(logLines.join('\n')).not.toMatch(/TOKEN-|s3cret|access_token/)
      wechat = await startFakeWechat({ appId: 'wx-test', secret: 's3cret', codes: {} }) // for afterEach
    })
  })

  describe('GET /api/stations/:id/poster', () => {
    it('with WeChat, prints both codes, each labelled: the 小程序码 for WeChat, the H5 QR for any camera', async () => {
      const response = await request(await appWith(wechatClient())).get(`/api/stations/${STATION}/poster`)
      expect(response.status).toBe(200)
      const wxacode = /<figure class="qr" data-code="wxacode"><img src="data:image\/png;base64,([A-Za-z0-9+/=]+)"[^>]*><figcaption[^>]*>([^<]+)</.exec(
        response.text,
      )
      expect(wxacode?.[2]).toBe('微信扫一扫 · 打开小程序')
      expect(Buffer.from(wxacode?.[1] ?? '', 'base64').subarray(0, 8)).toEqual(PNG_SIGNATURE)
      expect(response.text).toMatch(/data-code="h5"><div><svg[\s\S]*<\/svg>\s*<\/div><figcaption class="code-label">手机相机扫一扫 · 打开网页</)
      // the same stored code as the image route
      await request(await appWith(wechatClient())).get(`/api/stations/${STATION}/wxacode`)
      expect(wxacodeCalls()).toBe(1)
    })

    it('without WeChat, or when WeChat fails, keeps the H5 QR alone', async () => {
      const without = await request(await appWith(null)).get(`/api/stations/${STATION}/poster`)
      expect(without.text).not.toContain('data-code="wxacode"')
      expect(without.text).toContain('data-code="h5"')
      wechat.failNextWxacode = -1
      const failed = await request(await appWith(wechatClient())).get(`/api/stations/${STATION}/poster`)
      expect(failed.status).toBe(200)
      expect(failed.text).not.toContain('data-code="wxacode"')
      expect(failed.text).toContain('微信或手机相机扫一扫')
    })
  })

  describe('GET /api/scenes/:scene', () => {
    it('answers 404 SCENE_NOT_FOUND for a scene nobody issued, not to be kept (the scene may be issued a minute later)', async () => {
      const response = await request(await appWith(null)).get('/api/scenes/r%3DZZZZ')
      expect(response.status).toBe(404)
      expect(response.body.error.code).toBe('SCENE_NOT_FOUND')
      expect(response.headers['cache-control']).toBe('no-store')
    })

    it('a scene that resolves is cacheable for a day', async () => {
      await request(await appWith(wechatClient())).get(`/api/stations/${STATION}/wxacode`)
      const scene = wechat.wxacodeRequests[0].body.scene ?? ''
      const response = await request(await appWith(null)).get(`/api/scenes/${encodeURIComponent(scene)}`)
      expect(response.status).toBe(200)
      expect(response.headers['cache-control']).toBe('public, max-age=86400')
    })

    it('while the database is down answers 503 with Retry-After and no-store, never a day of caching', async () => {
      const down = jest
        .spyOn(SceneRepository.prototype, 'findByScene')
        .mockRejectedValue(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))
      try {
        const response = await request(await appWith(null)).get('/api/scenes/r%3DK7Q2')
        expect(response.status).toBe(503)
        expect(response.headers['retry-after']).toBe('5')
        expect(response.headers['cache-control']).toBe('no-store')
      } finally {
        down.mockRestore()
      }
    })

    it('refuses a scene longer than 32 characters or with a character WeChat does not allow, naming scene', async () => {
      for (const scene of ['r=' + 'A'.repeat(31), 'r=中文', 'r=AB"C']) {
        const response = await request(await appWith(null)).get(`/api/scenes/${encodeURIComponent(scene)}`)
        expect(response.status).toBe(400)
        expect(response.body.error.fields[0].path).toBe('scene')
      }
    })
  })

  describe('scene codes', () => {
    it('fit in 32 characters for the longest station id, and stay the same for the same target', async () => {
      const service = new ScenesService({ repository: new SceneRepository(storage().db), wechat: null, now: fixedNow, logger: logger() })
      const longId = `500241103-${'x'.repeat(70)}`
      const scene = await service.sceneFor({ kind: 'station', targetId: longId })
      expect(scene.length).toBeLessThanOrEqual(32)
      expect(await service.sceneFor({ kind: 'station', targetId: longId })).toBe(scene)
      expect(await service.resolve(scene)).toEqual({ page: 'pages/station/index', query: { id: longId } })
    })

    it('when a random code is taken, draws another; the taken one keeps its target', async () => {
      // the same "random" bytes twice, then different ones
      const draws = [Buffer.alloc(4, 1), Buffer.alloc(4, 1), Buffer.alloc(4, 2)]
      const service = new ScenesService({
        repository: new SceneRepository(storage().db),
        wechat: null,
        now: fixedNow,
        logger: logger(),
        randomBytes: () => draws.shift() ?? Buffer.alloc(4, 3),
      })
      const first = await service.sceneFor({ kind: 'station', targetId: 'a' })
      const second = await service.sceneFor({ kind: 'station', targetId: 'b' })
      expect(first).toBe('s=1111')
      expect(second).toBe('s=2222')
      expect(await service.resolve(first)).toEqual({ page: 'pages/station/index', query: { id: 'a' } })
    })
  })
})
