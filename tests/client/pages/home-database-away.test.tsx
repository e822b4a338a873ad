import { randomBytes } from 'node:crypto'
import { act, render, screen, waitFor } from '@testing-library/react'
import { Current, getPageInstance } from '@tarojs/runtime'
import { Client } from 'pg'
import HomePage from '../../../client/pages/home/index'
import { createBooking, fetchSlots, newIdempotencyKey, rememberBooking } from '../../../client/services/bookings'
import { startBff, type BffProcess } from '../../support/bff-process'
import { proxiedPostgres, type CuttableProxy } from '../../server/support/cuttable-proxy'

const SEED_TITLE = '秀山土家族苗族自治县2023年度法治政府建设情况报告'
const testDatabaseUrl = process.env.TEST_DATABASE_URL
const onPostgres = testDatabaseUrl ? describe : describe.skip
const skipNote = testDatabaseUrl ? '' : ' (skipped: TEST_DATABASE_URL is not set)'

jest.setTimeout(90_000)

async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: testDatabaseUrl })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/**
 * The BFF runs on PostgreSQL behind a TCP hop the test cuts: its database goes away while the
 * phone is online and the BFF answers. 首页 then gets a partial answer (`personal: 'unavailable'`)
 * and must not take the phone's booking card away.
 */
onPostgres(`首页 while the server’s database is away (client/pages/home)${skipNote}`, () => {
  const database = `fzt_home_away_${randomBytes(4).toString('hex')}`
  let proxy: CuttableProxy
  let bff: BffProcess

  beforeAll(async () => {
    await onServer(`create database ${database}`)
    let viaProxy: string
    ;({ proxy, url: viaProxy } = await proxiedPostgres({ databaseUrl: testDatabaseUrl!, database }))
    bff = await startBff({ env: { DATABASE_URL: viaProxy, RATE_LIMIT: 'off' } })
  })
  afterAll(async () => {
    await bff?.stop()
    bff?.cleanup()
    await proxy?.cut()
    await onServer(`drop database if exists ${database} with (force)`)
  })
  beforeEach(() => {
    Current.router = { params: {}, path: '/pages/home/index', $taroPath: '', onReady: '', onHide: '', onShow: '' }
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
  })
  afterEach(() => {
    delete process.env.TARO_APP_API_BASE_URL
    Current.router = null
    jest.restoreAllMocks()
  })

  /** What Taro does when 首页 is shown again (a tab tap, 回到首页, Back): its useDidShow hooks run. */
  function showAgain(): void {
    const hooks = (getPageInstance('taro-app') as { componentDidShow?: (() => void) | (() => void)[] } | undefined)?.componentDidShow
    act(() => {
      for (const hook of Array.isArray(hooks) ? hooks : hooks ? [hooks] : []) hook()
    })
  }

  it('keeps showing the booking this phone holds (shown before, or stored on the phone), says its state cannot be checked now, and keeps the report', async () => {
    const slot = (await fetchSlots({ stationId: '500241-centre' })).slots.find((candidate) => candidate.remaining > 0)
    if (!slot) throw new Error('the centre offers no free slot')
    const created = await createBooking({
      booking: {
        stationId: '500241-centre',
        slotStart: slot.start,
        matter: 'labor_wages',
        description: '工地欠薪三个月',
        name: '测试用户',
        phone: '13800138124',
        consent: true,
      },
      idempotencyKey: newIdempotencyKey(),
    })
    rememberBooking({
      code: created.code,
      phoneLast4: '8124',
      stationName: created.stationName,
      slotStart: created.slotStart,
      manageToken: created.manageToken,
    })

    const first = render(<HomePage />)
    expect(await screen.findByTestId('next-booking', {}, { timeout: 10_000 })).toHaveTextContent(`预约码 ${created.code}`)
    expect(screen.getByText(SEED_TITLE)).toBeInTheDocument()

    const port = proxy.port
    await proxy.cut()
    try {
      // 首页 shown again after five minutes: it asks, and the answer lacks the personal part
      const homeAnswers: Response[] = []
      const realFetch = globalThis.fetch
      jest.spyOn(globalThis, 'fetch').mockImplementation(async (...args) => {
        const response = await realFetch(...args)
        if (String(args[0] instanceof Request ? args[0].url : args[0]).includes('/api/home')) homeAnswers.push(response.clone())
        return response
      })
      jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 6 * 60_000)
      showAgain()
      await waitFor(() => expect(homeAnswers.length).toBe(1), { timeout: 10_000 })
      expect(homeAnswers[0].status).toBe(200)
      expect(((await homeAnswers[0].json()) as { personal?: string }).personal).toBe('unavailable')
      expect(await screen.findByTestId('service-notice', {}, { timeout: 10_000 })).toHaveTextContent('暂时查不到预约和待回访的最新情况')
      const kept = screen.getByTestId('next-booking')
      expect(kept).toHaveTextContent(created.stationName)
      expect(kept).toHaveTextContent(`预约码 ${created.code}`)
      expect(kept).toHaveTextContent('暂时查不到这个预约的最新状态')
      expect(screen.getByText(SEED_TITLE)).toBeInTheDocument()
      first.unmount()

      // opened afresh (nothing on screen before): the booking as this phone stored it
      render(<HomePage />)
      expect(await screen.findByTestId('service-notice', {}, { timeout: 10_000 })).toHaveTextContent('暂时查不到预约和待回访的最新情况')
      expect(screen.getByTestId('next-booking')).toHaveTextContent(`预约码 ${created.code}`)
      expect(screen.getByText(SEED_TITLE)).toBeInTheDocument()
    } finally {
      await proxy.open(port)
    }
  })
})
