import { readLanding } from '../../../client/services/landing'

describe('opening a page from a link or a printed code', () => {
  it('reads id and section from an ordinary link, decoding them once', () => {
    expect(readLanding({ page: 'report', query: { id: '2023-c50e9fc700', section: encodeURIComponent('s-2') } })).toEqual({ id: '2023-c50e9fc700', section: 's-2', problem: null })
    expect(readLanding({ page: 'station', query: { id: encodeURIComponent('500241-centre') } })).toEqual({ id: '500241-centre', section: null, problem: null })
  })

  it('reads the H5 link that WeChat passes as q when a 普通链接二维码 opens the mini program', () => {
    const printed = 'https://fazhitong.example.gov.cn/pages/report/index?id=2023-c50e9fc700&section=s-1-2'
    expect(readLanding({ page: 'report', query: { q: encodeURIComponent(printed), scancode_time: '1764460800' } })).toEqual({ id: '2023-c50e9fc700', section: 's-1-2', problem: null })
    const station = 'https://fazhitong.example.gov.cn/pages/station/index?id=500241103-ws'
    expect(readLanding({ page: 'station', query: { q: encodeURIComponent(station) } })).toEqual({ id: '500241103-ws', section: null, problem: null })
  })

  it.each([
    ['a section that is not valid percent-encoding', { page: 'report' as const, query: { id: 'r1', section: '%E4%B8' } }],
    ['an id that is not valid percent-encoding', { page: 'station' as const, query: { id: '%zz' } }],
    ['a q that is not a URL', { page: 'report' as const, query: { q: 'not%20a%20url' } }],
    ['a q for another page', { page: 'report' as const, query: { q: encodeURIComponent('https://x.example/pages/station/index?id=s1') } }],
    ['a q without an id', { page: 'station' as const, query: { q: encodeURIComponent('https://x.example/pages/station/index') } }],
  ])('%s gives a message in words, never an exception', (_what, params) => {
    expect(readLanding(params)).toEqual({ id: null, section: null, problem: expect.stringContaining('链接') })
  })

  it('without any parameter, names nothing and reports no problem (the page says what is missing)', () => {
    expect(readLanding({ page: 'report', query: {} })).toEqual({ id: null, section: null, problem: null })
  })
})
