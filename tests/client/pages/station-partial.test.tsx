import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { render, screen } from '@testing-library/react'
import { Current } from '@tarojs/runtime'
import { stationDetailResponseSchema, type StationDetailResponse } from '../../../contracts/stations-api'
import StationPage from '../../../client/pages/station/index'
import { startBff } from '../../support/bff-process'

jest.setTimeout(60_000)

const CENTRE = '500241-centre'

/**
 * A BFF whose database is away and holds no report answers a station with `reports:
 * 'unavailable'` (tests/server/reliability/database-away-reads.test.ts). The fake here speaks that
 * answer over HTTP: the real BFF's whole answer for the station, with its report part left out.
 */
describe('the station page given a partial answer (client/pages/station)', () => {
  let server: http.Server
  let partial: StationDetailResponse

  beforeAll(async () => {
    const bff = await startBff()
    try {
      const whole = stationDetailResponseSchema.parse(await (await fetch(`${bff.baseUrl}/api/stations/${CENTRE}`)).json())
      expect(whole.reportFigures).not.toBeNull()
      partial = { ...whole, reportFigures: null, network: { ...whole.network, reported: null }, reports: 'unavailable' }
    } finally {
      await bff.stop()
      bff.cleanup()
    }
    server = http.createServer((req, res) => {
      const found = req.url?.split('?')[0] === `/api/stations/${CENTRE}`
      res.writeHead(found ? 200 : 404, { 'Content-Type': 'application/json; charset=utf-8', 'Access-Control-Allow-Origin': '*' })
      res.end(JSON.stringify(found ? partial : { error: { code: 'NOT_FOUND', message: '没有这个地址' } }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  })
  afterAll(() => {
    server?.close()
  })
  afterEach(() => {
    delete process.env.TARO_APP_API_BASE_URL
    Current.router = null
  })

  it('shows the station and the directory’s count, and says the report’s figures cannot be read now (not that there are none)', async () => {
    process.env.TARO_APP_API_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    Current.router = { params: { id: CENTRE }, path: '/pages/station/index', $taroPath: '', onReady: '', onHide: '', onShow: '' }
    render(<StationPage />)
    expect(await screen.findByTestId('reports-unavailable', {}, { timeout: 10_000 })).toHaveTextContent('报告里的数字暂时读不到')
    expect(screen.getByText(partial.station.name)).toBeInTheDocument()
    expect(screen.getByTestId('network-listed')).toHaveTextContent('目录：')
    expect(screen.queryByTestId('network-reported')).toBeNull()
    expect(screen.queryByTestId('station-figures')).toBeNull()
  })
})
