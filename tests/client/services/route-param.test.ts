import { routeParam } from '../../../client/services/route-param'

describe('routeParam', () => {
  it('decodes a value once', () => {
    expect(routeParam({ name: '%E9%9A%98%E5%8F%A3%E9%95%87' }, 'name')).toEqual({ value: '隘口镇', broken: false })
  })

  it('says absent for a missing or empty value', () => {
    expect(routeParam({}, 'id')).toEqual({ value: null, broken: false })
    expect(routeParam({ id: '' }, 'id')).toEqual({ value: null, broken: false })
  })

  it('never throws on a malformed escape (`%E0%A4%A`, a link cut short): the value is broken, not thrown during render', () => {
    expect(() => decodeURIComponent('%E0%A4%A')).toThrow(URIError)
    expect(routeParam({ id: '%E0%A4%A' }, 'id')).toEqual({ value: null, broken: true })
  })
})
