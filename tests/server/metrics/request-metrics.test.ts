import { requestRouteLabel } from '../../../server/metrics/request-metrics'

describe('requestRouteLabel', () => {
  it('when a route matched, answers its pattern', () => {
    expect(requestRouteLabel('/api/bookings/:code', '/api/bookings/AB23CD45?phoneLast4=8000', 'application/json; charset=utf-8')).toBe('/api/bookings/:code')
  })

  it('when no route took an API path, answers unmatched, whatever words or numbers it carries and in any case', () => {
    for (const url of ['/api/nope/13800138000', '/api', '/api?lat=28.45', '/API/Stations/x', '/api/', '/api#x'])
      expect(requestRouteLabel(undefined, url, 'application/json')).toBe('unmatched')
  })

  it('when the H5 app answered, answers h5-page for its HTML and h5-file for anything else', () => {
    expect(requestRouteLabel(undefined, '/pages/report/index?id=13800138000', 'text/html; charset=utf-8')).toBe('h5-page')
    expect(requestRouteLabel(undefined, '/js/app.1a2b3c4d.js', 'application/javascript; charset=UTF-8')).toBe('h5-file')
    expect(requestRouteLabel(undefined, '/robots.txt', 'text/plain; charset=utf-8')).toBe('h5-file')
    expect(requestRouteLabel(undefined, '/apiary', undefined)).toBe('h5-file')
  })

  it('when /metrics itself answered, answers /metrics', () => {
    expect(requestRouteLabel(undefined, '/metrics', 'text/plain; version=0.0.4; charset=utf-8')).toBe('/metrics')
    expect(requestRouteLabel(undefined, '/metrics?x=1', 'application/json')).toBe('/metrics')
  })
})
