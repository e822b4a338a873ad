import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import request from 'supertest'
import { loginResponseSchema, mediationStatsResponseSchema } from '../../../contracts'
import { AuthService } from '../../../server/auth/auth.service'
import { UserRepository } from '../../../server/auth/user.repository'
import { toCsv } from '../../../server/mediations/mediation-rules'
import { createStationDirectory } from '../../../server/stations/station-directory'
import { KyselyStationRepository } from '../../../server/stations/station.repository'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, bundledStationsDir, fixedNow, silentLogger } from '../support/test-app'
import { mediationRecord } from '../../support/mediation-records'

type App = Awaited<ReturnType<typeof buildTestApp>>
let phoneSeed = 0

function record(overrides: Record<string, unknown> = {}) {
  return mediationRecord({ summary: '两户因排水沟占地起争执。', ...overrides })
}

function zeroReport(overrides: Record<string, unknown> = {}) {
  return { kind: 'zero_report', id: randomUUID(), month: '2026-10', town: '隘口镇', village: '示例村', ...overrides }
}

/** The bundled directory plus one village workroom in 溶溪镇 (红光村), so 溶溪镇 lists its villages. */
function directoryWithWorkroom(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-villages-'))
  for (const name of fs.readdirSync(bundledStationsDir).filter((file) => file.endsWith('.json')))
    fs.copyFileSync(path.join(bundledStationsDir, name), path.join(dir, name))
  const workroom = {
    id: '500241104-wr-test0001',
    name: '溶溪镇红光村公共法律服务工作室（测试）',
    tier: 'workroom',
    county: '秀山土家族苗族自治县',
    town: '溶溪镇',
    village: '红光村',
    address: null,
    phone: null,
    hours: { text: '周一至周五 9:00-12:00', isDefault: true },
    services: ['mediation'],
    location: null,
    locationQuality: 'unknown',
    source: '测试夹具（虚构）',
    verifiedAt: null,
  }
  fs.writeFileSync(
    path.join(dir, 'zz-test-workrooms.json'),
    JSON.stringify({ county: '秀山土家族苗族自治县', countyCode: '500241', compiledAt: '2026-11-01', note: '测试夹具', stations: [workroom] }),
  )
  return dir
}

describeEachStorage('mediation records name real places and plausible dates', (storage: () => Storage) => {
  const auth = () => new AuthService({ users: new UserRepository(storage().db), now: fixedNow })

  async function volunteerToken(app: App, village = '示例村', town = '隘口镇') {
    phoneSeed += 1
    const phone = `1360001${String(phoneSeed).padStart(4, '0')}`
    const { inviteCode } = await auth().addVolunteer({ name: `明白人${phoneSeed}`, phone, county: '秀山土家族苗族自治县', town, village })
    return loginResponseSchema.parse((await request(app).post('/api/auth/login').send({ phone, inviteCode })).body).token
  }

  async function stored(id: string) {
    return storage().db.selectFrom('mediation_records').select(['town', 'village', 'month']).where('id', '=', id).executeTakeFirst()
  }

  async function refused(app: App, token: string, body: Record<string, unknown>, field: string) {
    const response = await request(app).post('/api/mediations').set('Authorization', `Bearer ${token}`).send(body)
    expect(response.status).toBe(400)
    expect(response.body.error.fields.map((entry: { path: string }) => entry.path)).toContain(field)
    expect(response.body.error.message).toMatch(/\p{Script=Han}/u)
    expect(await stored(String(body.id))).toBeUndefined()
  }

  describe('town and village', () => {
    it.each([['<b>x</b>'], ['=1+1'], ['某某镇'], ['北京市'], ['秀山县']])('refuses the town %j with 400 naming town, and stores nothing', async (town) => {
      const app = await buildTestApp(storage())
      const token = await volunteerToken(app)
      await refused(app, token, record({ town }), 'town')
      await refused(app, token, zeroReport({ town }), 'town')
    })

    it('a refused town never shows in the county’s statistics', async () => {
      const app = await buildTestApp(storage())
      const token = await volunteerToken(app)
      await request(app)
        .post('/api/mediations')
        .set('Authorization', `Bearer ${token}`)
        .send(record({ town: '<b>x</b>' }))
      const stats = mediationStatsResponseSchema.parse((await request(app).get('/api/mediations/stats').set('Authorization', `Bearer ${token}`)).body)
      expect(stats.byTown.map((row) => row.key)).not.toContain('<b>x</b>')
    })

    it('takes a town of the county by its official name, a former name or its stem, and stores the official name', async () => {
      const app = await buildTestApp(storage())
      for (const [typed, official] of [
        ['溶溪镇', '溶溪镇'],
        ['孝溪乡', '清溪场街道'],
        [' 中和 ', '中和街道'],
        ['秀山县梅江镇', '梅江镇'],
      ]) {
        // a volunteer files for their own town only: one of that town each
        const token = await volunteerToken(app, '示例村', official)
        const body = record({ town: typed })
        expect((await request(app).post('/api/mediations').set('Authorization', `Bearer ${token}`).send(body)).status).toBe(201)
        expect((await stored(body.id))?.town).toBe(official)
      }
    })

    it.each([['<b>x</b>'], ['=1+1'], ['@SUM(A1)'], ['示例村;DROP']])('refuses the village %j with 400 naming village', async (village) => {
      const app = await buildTestApp(storage())
      const token = await volunteerToken(app)
      await refused(app, token, record({ village }), 'village')
      await refused(app, token, zeroReport({ village }), 'village')
    })

    it('where the directory lists a town’s village workrooms, the village must be one of them (or the volunteer’s own)', async () => {
      const dir = directoryWithWorkroom()
      try {
        const directory = await createStationDirectory({
          stationsDir: dir,
          repository: new KyselyStationRepository(storage().db),
          logger: silentLogger,
          now: fixedNow,
        })
        const app = await buildTestApp(storage(), { directory })
        const token = await volunteerToken(app, '示例村', '溶溪镇')
        const listed = record({ town: '溶溪镇', village: '红光村' })
        expect((await request(app).post('/api/mediations').set('Authorization', `Bearer ${token}`).send(listed)).status).toBe(201)
        await refused(app, token, record({ town: '溶溪镇', village: '不存在村' }), 'village')
        expect(
          (
            await request(app)
              .post('/api/mediations')
              .set('Authorization', `Bearer ${token}`)
              .send(record({ town: '溶溪镇', village: '示例村' }))
          ).status,
        ).toBe(201)
        // the bundled registry lists every Xiushan town's villages (NBS 2023): another town's are checked too
        const aikou = await volunteerToken(app, '示例村', '隘口镇')
        expect(
          (
            await request(app)
              .post('/api/mediations')
              .set('Authorization', `Bearer ${aikou}`)
              .send(record({ town: '隘口镇', village: '坝芒村' }))
          ).status,
        ).toBe(201)
        await refused(app, aikou, record({ town: '隘口镇', village: '新田社区' }), 'village')
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    })

    it('an edit is checked the same way and names record.town', async () => {
      const app = await buildTestApp(storage())
      const token = await volunteerToken(app)
      const body = record()
      expect((await request(app).post('/api/mediations').set('Authorization', `Bearer ${token}`).send(body)).status).toBe(201)
      const edited = await request(app)
        .patch(`/api/mediations/${body.id}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ version: 1, record: { ...body, town: '=1+1' } })
      expect(edited.status).toBe(400)
      expect(edited.body.error.fields.map((entry: { path: string }) => entry.path)).toContain('record.town')
      expect((await stored(body.id))?.town).toBe('隘口镇')
    })
  })

  describe('dates, in China time', () => {
    it.each([
      ['1900-01-01', 'before 2000'],
      ['1999-12-31', 'before 2000'],
      ['2026-11-27', 'tomorrow'],
      ['2099-12-31', 'far in the future'],
    ])('refuses occurredOn %s (%s) with 400 naming occurredOn', async (occurredOn) => {
      const app = await buildTestApp(storage())
      await refused(app, await volunteerToken(app), record({ occurredOn }), 'occurredOn')
    })

    it('takes 2000-01-01 and today', async () => {
      const app = await buildTestApp(storage())
      const token = await volunteerToken(app)
      for (const occurredOn of ['2000-01-01', '2026-11-26'])
        expect((await request(app).post('/api/mediations').set('Authorization', `Bearer ${token}`).send(record({ occurredOn }))).status).toBe(201)
    })

    it('at 07:30 in Xiushan (still yesterday in UTC) today’s date is today; at 23:30 tomorrow’s is still refused', async () => {
      const early = await buildTestApp(storage(), { now: () => new Date('2026-11-26T07:30:00+08:00') })
      const token = await volunteerToken(early)
      expect(
        (
          await request(early)
            .post('/api/mediations')
            .set('Authorization', `Bearer ${token}`)
            .send(record({ occurredOn: '2026-11-26' }))
        ).status,
      ).toBe(201)
      const late = await buildTestApp(storage(), { now: () => new Date('2026-11-26T23:30:00+08:00') })
      await refused(late, token, record({ occurredOn: '2026-11-27' }), 'occurredOn')
      expect(
        (
          await request(late)
            .post('/api/mediations')
            .set('Authorization', `Bearer ${token}`)
            .send(record({ occurredOn: '2026-11-26' }))
        ).status,
      ).toBe(201)
    })

    it.each([['2099-12'], ['0001-01'], ['2026-12'], ['2024-10']])(
      'refuses a 零上报 for %s (future, or more than 24 months back) with 400 naming month',
      async (month) => {
        const app = await buildTestApp(storage())
        await refused(app, await volunteerToken(app), zeroReport({ month }), 'month')
      },
    )

    it('takes a 零上报 for this month and for 24 months back', async () => {
      const app = await buildTestApp(storage())
      const token = await volunteerToken(app)
      for (const month of ['2026-11', '2024-11'])
        expect((await request(app).post('/api/mediations').set('Authorization', `Bearer ${token}`).send(zeroReport({ month }))).status).toBe(201)
    })

    it('on 1 December at 07:30 in Xiushan (30 November in UTC) December is this month; on 30 November at 23:30 it is still the future', async () => {
      const early = await buildTestApp(storage(), { now: () => new Date('2026-12-01T07:30:00+08:00') })
      const token = await volunteerToken(early)
      expect(
        (
          await request(early)
            .post('/api/mediations')
            .set('Authorization', `Bearer ${token}`)
            .send(zeroReport({ month: '2026-12' }))
        ).status,
      ).toBe(201)
      const late = await buildTestApp(storage(), { now: () => new Date('2026-11-30T23:30:00+08:00') })
      await refused(late, token, zeroReport({ month: '2026-12' }), 'month')
    })
  })
})

describe('the CSV export', () => {
  it('neutralises a leading = + - @ and their full-width forms ＝ ＋ － ＠, so no cell runs as a formula', () => {
    const csv = toCsv({ header: ['a'], rows: [['=1+1'], ['+1'], ['-1'], ['@SUM(A1)'], ['＝1+1'], ['＋1'], ['－1'], ['＠SUM(A1)'], ['张*'], [12]] })
    expect(
      csv
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .slice(1, -1),
    ).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'＝1+1", "'＋1", "'－1", "'＠SUM(A1)", '张*', '12'])
  })
})
