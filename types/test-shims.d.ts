// Taro's React runtime entry ships without type declarations; only the jest shim imports it.
declare module '@tarojs/plugin-framework-react/dist/runtime'

// The tests read /metrics with this exposition-format parser (tests/server/metrics); it ships no types.
declare module 'parse-prometheus-text-format' {
  interface PrometheusSample {
    value?: string
    labels?: Record<string, string>
    /** histograms: cumulative counts by upper bound (`0.005`, `+Inf`) */
    buckets?: Record<string, string>
    count?: string
    sum?: string
    quantiles?: Record<string, string>
  }
  interface PrometheusFamily {
    name: string
    help: string
    type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED'
    metrics: PrometheusSample[]
  }
  export type { PrometheusFamily, PrometheusSample }
  export default function parsePrometheusTextFormat(text: string): PrometheusFamily[]
}
