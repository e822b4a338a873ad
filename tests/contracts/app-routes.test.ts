import { appPages, appPathSchema, pageQueryKeys, pageUrl, qrQuerySchema } from '../../contracts/app-routes'

describe('appPathSchema', () => {
  it.each(['/pages/home/index', '/pages/report/index?id=2023-abc123&section=s1-2', '/pages/stations/index?town=%E4%B8%AD%E5%92%8C'])(
    'accepts the app page %s',
    (path) => {
      expect(appPathSchema.safeParse(path).success).toBe(true)
    },
  )

  it.each([
    'pages/home/index',
    '/pages/home/index/../../etc',
    '/pages/unknown/index',
    'https://example.com/pages/home/index',
    '//example.com/pages/home/index',
    '/pages/home/index?x=<b>',
    `/pages/report/index?id=${'a'.repeat(400)}`,
  ])('refuses %s', (path) => {
    expect(appPathSchema.safeParse(path).success).toBe(false)
  })
})

describe('qrQuerySchema', () => {
  it('defaults to SVG', () => {
    expect(qrQuerySchema.parse({ path: '/pages/home/index' })).toEqual({ path: '/pages/home/index', format: 'svg' })
  })
})

describe('pageUrl', () => {
  it('writes a page without a query as its bare path', () => {
    expect(pageUrl('pages/stations/index')).toBe('/pages/stations/index')
  })

  it('encodes each value once and leaves out the empty ones', () => {
    expect(pageUrl('packageBooking/pages/report-error/index', { id: 'xs-ak 01', name: '隘口镇&工作站' })).toBe(
      '/packageBooking/pages/report-error/index?id=xs-ak%2001&name=%E9%9A%98%E5%8F%A3%E9%95%87%26%E5%B7%A5%E4%BD%9C%E7%AB%99',
    )
    expect(pageUrl('pages/report/index', { id: 'r1', section: undefined })).toBe('/pages/report/index?id=r1')
    expect(pageUrl('pages/report/index', { id: '' })).toBe('/pages/report/index')
  })

  it('writes only paths the app path schema accepts (what QR codes and shares carry)', () => {
    expect(appPathSchema.safeParse(pageUrl('packageBooking/pages/lookup/index', { code: 'AB12CD34' })).success).toBe(true)
  })

  it('names a query key for every page the app lists, and no page it does not', () => {
    expect(Object.keys(pageQueryKeys).sort()).toEqual([...appPages].sort())
  })
})
