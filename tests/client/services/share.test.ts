import { readLanding } from '../../../client/services/landing'
import { pageShare } from '../../../client/services/share'

describe('转发 and 分享到朋友圈', () => {
  it('a reader share lands on the same report and section from a chat and from 朋友圈', () => {
    const share = pageShare({ pagePath: '/pages/report/index', title: '秀山县2023年报告', query: { id: '2023-c50e9fc700', section: 's-1-2' } })
    const fromChat = new URL(share.appMessage.path, 'https://mp.example')
    const fromTimeline = new URLSearchParams(share.timeline.query)
    for (const query of [Object.fromEntries(fromChat.searchParams), Object.fromEntries(fromTimeline)]) {
      expect(readLanding({ page: 'report', query })).toEqual({ id: '2023-c50e9fc700', section: 's-1-2', problem: null, scene: null })
    }
    expect(fromChat.pathname).toBe('/pages/report/index')
    expect(share.timeline.title).toBe(share.appMessage.title)
  })

  it('leaves out what a page does not name, and encodes ids', () => {
    expect(pageShare({ pagePath: '/pages/home/index', title: '法治通' })).toEqual({
      appMessage: { title: '法治通', path: '/pages/home/index' },
      timeline: { title: '法治通', query: '' },
    })
    expect(pageShare({ pagePath: '/pages/station/index', title: '站', query: { id: 'a b&c', section: null } }).appMessage.path).toBe(
      '/pages/station/index?id=a%20b%26c',
    )
  })
})
