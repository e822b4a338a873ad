import { appLinkTarget, landingFromTarget, pageUrl, readLanding } from '../../../client/services/landing'

describe('opening a page from a link or a printed code', () => {
  it('reads id and section from an ordinary link, decoding them once', () => {
    expect(readLanding({ page: 'report', query: { id: '2023-c50e9fc700', section: encodeURIComponent('s-2') } })).toEqual({
      id: '2023-c50e9fc700',
      section: 's-2',
      problem: null,
      scene: null,
    })
    expect(readLanding({ page: 'station', query: { id: encodeURIComponent('500241-centre') } })).toEqual({
      id: '500241-centre',
      section: null,
      problem: null,
      scene: null,
    })
  })

  it('reads the H5 link that WeChat passes as q when a 普通链接二维码 opens the mini program', () => {
    const printed = 'https://fazhitong.example.gov.cn/pages/report/index?id=2023-c50e9fc700&section=s-1-2'
    expect(readLanding({ page: 'report', query: { q: encodeURIComponent(printed), scancode_time: '1764460800' } })).toEqual({
      id: '2023-c50e9fc700',
      section: 's-1-2',
      problem: null,
      scene: null,
    })
    const station = 'https://fazhitong.example.gov.cn/pages/station/index?id=500241103-ws'
    expect(readLanding({ page: 'station', query: { q: encodeURIComponent(station) } })).toEqual({
      id: '500241103-ws',
      section: null,
      problem: null,
      scene: null,
    })
  })

  it.each([
    ['a section that is not valid percent-encoding', { page: 'report' as const, query: { id: 'r1', section: '%E4%B8' } }],
    ['an id that is not valid percent-encoding', { page: 'station' as const, query: { id: '%zz' } }],
    ['a q that is not a URL', { page: 'report' as const, query: { q: 'not%20a%20url' } }],
    ['a q for another page', { page: 'report' as const, query: { q: encodeURIComponent('https://x.example/pages/station/index?id=s1') } }],
    ['a q without an id', { page: 'station' as const, query: { q: encodeURIComponent('https://x.example/pages/station/index') } }],
  ])('%s gives a message in words, never an exception', (_what, params) => {
    expect(readLanding(params)).toEqual({ id: null, section: null, problem: expect.stringContaining('链接'), scene: null })
  })

  it('without any parameter, names nothing and reports no problem (the page says what is missing)', () => {
    expect(readLanding({ page: 'report', query: {} })).toEqual({ id: null, section: null, problem: null, scene: null })
  })

  it('keeps a 小程序码 scene, decoded once, for the BFF to resolve', () => {
    expect(readLanding({ page: 'report', query: { scene: encodeURIComponent('r=K7Q2') } })).toEqual({ id: null, section: null, problem: null, scene: 'r=K7Q2' })
  })

  it.each([
    ['not valid percent-encoding', '%E4%B8'],
    ['longer than WeChat allows', 'r=' + 'A'.repeat(31)],
    ['with characters WeChat never puts in a scene', encodeURIComponent('r=中文')],
    ['empty', ''],
  ])('a scene %s says the code is not ours, in words', (_what, scene) => {
    expect(readLanding({ page: 'station', query: { scene } })).toEqual({ id: null, section: null, problem: expect.stringContaining('码'), scene: null })
  })

  it('a resolved scene for this page lands on its id; one for another page opens that page instead', () => {
    expect(landingFromTarget({ page: 'station', target: { page: 'pages/station/index', query: { id: '500241103-ws' } } })).toEqual({
      landing: { id: '500241103-ws', section: null, problem: null, scene: null },
    })
    const elsewhere = { page: 'pages/report/index' as const, query: { id: '2023-c50e9fc700', section: 's-2' } }
    expect(landingFromTarget({ page: 'station', target: elsewhere })).toEqual({ openInstead: elsewhere })
    expect(pageUrl(elsewhere)).toBe('/pages/report/index?id=2023-c50e9fc700&section=s-2')
  })

  it('reads any page of ours from a scanned H5 link, and nothing else', () => {
    expect(appLinkTarget('https://fzt.example.cn/packageBooking/pages/book/index?stationId=500241103-ws')).toEqual({
      page: 'packageBooking/pages/book/index',
      query: { stationId: '500241103-ws' },
    })
    expect(appLinkTarget('https://fzt.example.cn/admin/index')).toBeNull()
    expect(appLinkTarget('javascript:alert(1)')).toBeNull()
  })
})
