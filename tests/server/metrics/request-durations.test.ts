import parsePrometheusTextFormat from 'parse-prometheus-text-format'
import { RequestDurations } from '../../../server/metrics/request-durations'

const histogram = () => new RequestDurations({ name: 'test_duration_seconds', help: 'Test durations.', buckets: [0.01, 0.1, 1] })

describe('RequestDurations', () => {
  it('when answers are observed, renders a histogram whose buckets count answers at or under each bound, cumulatively', () => {
    const durations = histogram()
    for (const seconds of [0.004, 0.01, 0.05, 0.1, 0.7, 3]) durations.observe('/api/stations/nearest', 'GET', 200, seconds)
    const [family] = parsePrometheusTextFormat(durations.render())
    expect(family).toMatchObject({ name: 'test_duration_seconds', help: 'Test durations.', type: 'HISTOGRAM' })
    expect(family.metrics).toEqual([{ buckets: { '0.01': '2', '0.1': '4', '1': '5', '+Inf': '6' } }])
    // the parser keeps a labelled series' _sum and _count only as lines of their own
    const series = 'method="GET",route="/api/stations/nearest",status="200"'
    expect(durations.render()).toContain(`test_duration_seconds_count{${series}} 6\n`)
    expect(durations.render()).toContain(`test_duration_seconds_sum{${series}} ${0.004 + 0.01 + 0.05 + 0.1 + 0.7 + 3}\n`)
  })

  it('keeps a series per method, route and status, with methods outside the usual ones as other', () => {
    const durations = histogram()
    durations.observe('/api/bookings', 'POST', 201, 0.02)
    durations.observe('/api/bookings', 'POST', 201, 0.03)
    durations.observe('/api/bookings', 'POST', 429, 0.001)
    durations.observe('/api/bookings/:code', 'GET', 200, 0.001)
    durations.observe('unmatched', 'PROPFIND', 404, 0.001)
    const counts = durations
      .render()
      .split('\n')
      .filter((line) => line.startsWith('test_duration_seconds_count'))
    expect(counts).toEqual([
      'test_duration_seconds_count{method="POST",route="/api/bookings",status="201"} 2',
      'test_duration_seconds_count{method="POST",route="/api/bookings",status="429"} 1',
      'test_duration_seconds_count{method="GET",route="/api/bookings/:code",status="200"} 1',
      'test_duration_seconds_count{method="other",route="unmatched",status="404"} 1',
    ])
    // every line is one the parser reads
    expect(() => parsePrometheusTextFormat(durations.render())).not.toThrow()
  })

  it('when nothing was observed, still declares the histogram (HELP and TYPE) without samples', () => {
    expect(histogram().render()).toBe('# HELP test_duration_seconds Test durations.\n# TYPE test_duration_seconds histogram\n')
  })

  it('escapes a label value as the text format requires', () => {
    const durations = histogram()
    durations.observe('/a"b\\c\nd', 'GET', 200, 0.001)
    expect(durations.render()).toContain('route="/a\\"b\\\\c\\nd"')
  })
})
