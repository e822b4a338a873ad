import type { Express } from 'express'
import parsePrometheusTextFormat, { type PrometheusFamily, type PrometheusSample } from 'parse-prometheus-text-format'
import request from 'supertest'

export interface Scrape {
  text: string
  families: PrometheusFamily[]
  /**
   * The value of the sample of `name` whose labels include `labels` (a histogram: its series'
   * count); undefined when there is none.
   */
  value(name: string, labels?: Record<string, string>): number | undefined
  /** the samples of `name` (a histogram: one per series, its count) */
  samples(name: string): PrometheusSample[]
  /** every label value of every sample (what must never hold a code, a phone or a URL) */
  labelValues(): string[]
}

/** The text format's numbers, its infinities and NaN included. */
function numberOf(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY
  if (text === '-Inf') return Number.NEGATIVE_INFINITY
  return Number(text)
}

/**
 * Reads a Prometheus exposition with a real parser (parse-prometheus-text-format), which throws on
 * a malformed line. It folds a histogram's labelled series into one sample without labels (its
 * flattenMetrics, after prom2json's old output), so each histogram's `_count` lines are parsed
 * again on their own, as untyped samples that keep their labels.
 */
export function readScrape(text: string): Scrape {
  const families = parsePrometheusTextFormat(text)
  const lines = text.split('\n')
  const histogramCounts = new Map(
    families
      .filter((family) => family.type === 'HISTOGRAM')
      .map((family) => {
        const counts = lines.filter((line) => line.startsWith(`${family.name}_count{`) || line.startsWith(`${family.name}_count `))
        return [family.name, counts.length === 0 ? [] : parsePrometheusTextFormat(`${counts.join('\n')}\n`).flatMap((parsed) => parsed.metrics)] as const
      }),
  )
  const matches = (have: Record<string, string> | undefined, want: Record<string, string>) =>
    Object.entries(want).every(([key, value]) => have?.[key] === value)
  const samplesOf = (name: string): PrometheusSample[] => histogramCounts.get(name) ?? families.find((family) => family.name === name)?.metrics ?? []
  return {
    text,
    families,
    value(name, labels = {}) {
      const sample = samplesOf(name).find((candidate) => matches(candidate.labels, labels))
      return sample?.value === undefined ? undefined : numberOf(sample.value)
    },
    samples: samplesOf,
    labelValues: () =>
      [...families.map((family) => family.name), ...histogramCounts.keys()].flatMap((name) =>
        samplesOf(name).flatMap((sample) => Object.values(sample.labels ?? {})),
      ),
  }
}

/** GET /metrics from the app (supertest connects from 127.0.0.1: a loopback client), read with the parser. */
export async function scrape(app: Express): Promise<Scrape> {
  const response = await request(app).get('/metrics')
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}: ${response.text}`)
  return readScrape(response.text)
}
