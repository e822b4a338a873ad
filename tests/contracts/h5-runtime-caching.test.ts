// config/h5-runtime-caching.ts: which pages and answers the H5 service worker keeps (pure, tested here
// with the contracts' node project: its rule for answers comes from the endpoint declarations)
import vm from 'node:vm'
import { endpointPath, type Endpoint } from '../../contracts/endpoint'
import { allEndpoints, endpointsByName } from '../../contracts/endpoints'
import { getStation, nearestStations } from '../../contracts/endpoints/stations'
import { isKeptPage, isOtherPage, publicDataRule } from '../../config/h5-runtime-caching'

/** The address a client calls for an endpoint, with a made-up value for each path parameter. */
function addressOf(endpoint: Endpoint): string {
  const names = [...endpoint.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1])
  return endpointPath(endpoint.path, Object.fromEntries(names.map((name) => [name, 'xs-2023'])))
}

const rule = publicDataRule(allEndpoints)
const kept = (address: string, keep = rule) => keep({ url: new URL(address, 'https://fzt.example') })

const navigate = (path: string) => ({ url: new URL(`https://example.org${path}`), request: { mode: 'navigate' } as Request })

describe('isKeptPage', () => {
  it('keeps 首页 and the public pages with a report’s or station’s id and a section, to read offline', () => {
    for (const path of [
      '/',
      '/pages/home/index',
      '/pages/report/index?id=2023-abc',
      '/pages/report/index?id=2023-abc&section=s3',
      '/pages/station/index?id=500241103-ws',
      '/pages/stations/index',
    ]) {
      expect(isKeptPage(navigate(path))).toBe(true)
    }
  })

  it('never keeps a page with anything else in its address (a booking code, a position) nor the booking, staff and volunteer pages', () => {
    for (const path of [
      '/packageBooking/pages/lookup/index?code=ABCD1234',
      '/pages/home/index?lat=28.41&lng=108.99',
      '/pages/report/index?id=x&token=y',
      '/packageVolunteer/pages/log/index',
      '/packageBooking/pages/staff/index',
    ]) {
      expect(isKeptPage(navigate(path))).toBe(false)
    }
  })

  it('is for page loads only, not for what a page fetches', () => {
    expect(isKeptPage({ url: new URL('https://example.org/pages/report/index?id=x'), request: { mode: 'cors' } as Request })).toBe(false)
  })
})

describe('isOtherPage', () => {
  it('takes every other page load to the network (the app shell offline), never the API or a file', () => {
    expect(isOtherPage(navigate('/packageVolunteer/pages/log/index'))).toBe(true)
    expect(isOtherPage(navigate('/api/reports'))).toBe(false)
    expect(isOtherPage(navigate('/js/app.1234abcd.js'))).toBe(false)
  })
})

describe('publicDataRule (the service worker’s public-data cache)', () => {
  it('keeps the answers of the endpoints declared `serviceWorker: keep`, at the addresses the client calls', () => {
    const declared = Object.entries(endpointsByName)
      .filter(([, endpoint]) => endpoint.serviceWorker === 'keep')
      .map(([name]) => name)
    expect(declared.sort()).toEqual(['getReport', 'getStation', 'listReports', 'listStations', 'listTowns'])
    for (const name of declared) {
      const address = addressOf(endpointsByName[name as keyof typeof endpointsByName])
      expect({ name, address, kept: kept(address) }).toEqual({ name, address, kept: true })
    }
  })

  it('keeps no other endpoint’s answer (nearest is a search by position, not a station)', () => {
    for (const [name, endpoint] of Object.entries(endpointsByName).filter(([, endpoint]) => endpoint.serviceWorker !== 'keep')) {
      const address = addressOf(endpoint)
      expect({ name, address, kept: kept(address) }).toEqual({ name, address, kept: false })
    }
  })

  it('never keeps a URL carrying the phone’s position', () => {
    for (const address of [
      '/api/stations/nearest?lat=28.4123456&lng=108.9912345&limit=5&datum=wgs84',
      '/api/home?lat=28.4123456&lng=108.9912345',
      '/api/stations?lat=28.41&lng=108.99',
      '/api/reports?latitude=28.41',
    ])
      expect({ address, kept: kept(address) }).toEqual({ address, kept: false })
  })

  it('follows a declaration whose path changes: the new address is kept, the old one no longer', () => {
    const moved = publicDataRule([...allEndpoints.filter((endpoint) => endpoint !== getStation), { ...getStation, path: '/api/places/:id' }])
    expect(kept('/api/places/500241103-ws', moved)).toBe(true)
    expect(kept('/api/stations/500241103-ws', moved)).toBe(false)
  })

  it('refuses, at build time, a declaration that would keep an answer to the phone’s position', () => {
    expect(() => publicDataRule([{ ...nearestStations, serviceWorker: 'keep' }])).toThrow(/position/)
  })

  it('works as the worker runs it: from its own source, with nothing around it', () => {
    const copied = vm.runInNewContext(`(${rule.toString()})`, { URL }) as typeof rule
    for (const address of ['/api/reports', '/api/stations/towns', '/api/stations/500241103-ws', '/api/stations/nearest', '/api/home?lat=1&lng=2'])
      expect({ address, kept: kept(address, copied) }).toEqual({ address, kept: kept(address) })
  })
})
