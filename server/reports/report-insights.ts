import type { ReportFigure } from '../../contracts/report'
import type { FigureService, ReportComparison, ReportFigureWithService } from '../../contracts/reports-api'

/** Words in a figure's label that say which of our services it describes. */
const serviceKeywords: { service: FigureService; pattern: RegExp }[] = [
  { service: 'legal_aid', pattern: /法律援助|讨薪|值班律师|律师现场值班|认罪认罚|刑事法律帮助/u },
  { service: 'stations', pattern: /公共法律服务(中心|工作站|工作室)|法律服务工作站|法律服务工作室/u },
  { service: 'mediation', pattern: /法律明白人|调解|调委会|纠纷/u },
]

export function serviceOfFigure(params: { label: string }): FigureService | null {
  return serviceKeywords.find(({ pattern }) => pattern.test(params.label))?.service ?? null
}

export function withServices(params: { figures: ReportFigure[] }): ReportFigureWithService[] {
  return params.figures.map((figure) => ({ ...figure, service: serviceOfFigure({ label: figure.label }) }))
}

const MIN_BARS = 3
const MIN_SHARED_SUFFIX = 2

function sharedSuffixLength(a: string, b: string): number {
  let length = 0
  while (length < a.length && length < b.length && a[a.length - 1 - length] === b[b.length - 1 - length]) length += 1
  return length
}

/**
 * Finds figures the report sets side by side: three or more consecutive figures of one sentence
 * with one unit (a unit lost in scraping does not break the run) whose labels name kinds of one
 * thing (a shared ending: 村居调委会 / 乡镇街道调委会 / 行业性专业性调委会). The figure just before
 * such a run, in the same unit and at least their sum, is shown as their total.
 */
export function findComparisons(params: { figures: ReportFigure[] }): ReportComparison[] {
  const comparisons: ReportComparison[] = []
  const { figures } = params
  let start = 0
  while (start < figures.length) {
    let end = start + 1
    let unit = figures[start].unit
    let suffix = figures[start].label
    while (end < figures.length) {
      const next = figures[end]
      const sameSentence = next.quote === figures[start].quote && next.sectionId === figures[start].sectionId
      const unitFits = next.unit === null || unit === null || next.unit === unit
      const shared = sharedSuffixLength(suffix, next.label)
      const labelIsNew = figures.slice(start, end).every((member) => member.label !== next.label)
      if (!sameSentence || !unitFits || !labelIsNew || shared < MIN_SHARED_SUFFIX || next.label === suffix) break
      suffix = suffix.slice(suffix.length - shared)
      unit ??= next.unit
      end += 1
    }
    const run = figures.slice(start, end)
    if (run.length >= MIN_BARS && unit !== '%') {
      const before = figures[start - 1]
      const sum = run.reduce((total, figure) => total + figure.value, 0)
      const total =
        before && before.quote === run[0].quote && before.sectionId === run[0].sectionId && before.unit === unit && before.value >= sum
          ? { label: before.label, value: before.value }
          : null
      comparisons.push({
        sectionId: run[0].sectionId,
        quote: run[0].quote,
        unit,
        bars: run.map((figure) => ({ label: figure.label, value: figure.value })),
        total,
      })
      start = end
    } else {
      start += 1
    }
  }
  return comparisons
}

/**
 * Up to three figures for 首页 (three fit side by side on a phone): one per service we offer, in
 * the order a villager needs them.
 */
export function headlineFigures(params: { figures: ReportFigure[]; limit?: number }): ReportFigureWithService[] {
  const limit = params.limit ?? 3
  const figures = withServices({ figures: params.figures })
  const picks: ReportFigureWithService[] = []
  const wanted: RegExp[] = [/^法律援助$|法律援助案件$/u, /^法律明白人$/u, /纠纷$/u, /公共法律服务工作站$/u]
  for (const pattern of wanted) {
    const match = figures.find((figure) => pattern.test(figure.label) && !picks.includes(figure))
    if (match) picks.push(match)
  }
  // reports that describe other things still get headlines: figures with a printed change first
  for (const figure of [...figures.filter((f) => f.change !== null), ...figures.filter((f) => f.unit !== null)]) {
    if (picks.length >= limit) break
    if (!picks.includes(figure)) picks.push(figure)
  }
  return picks.slice(0, limit)
}
