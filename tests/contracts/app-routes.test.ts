import { appPathSchema, qrQuerySchema } from '../../contracts/app-routes'

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
