// config/h5-runtime-caching.ts: which pages and answers the H5 service worker keeps (pure, tested here
// with the contracts' node project: it has no imports)
import { isKeptPage, isOtherPage } from '../../config/h5-runtime-caching'

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
