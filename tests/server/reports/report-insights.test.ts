import fs from 'node:fs'
import path from 'node:path'
import type { ReportFigure } from '../../../contracts/report'
import { parseReport } from '../../../server/importers/report-parser'
import { findComparisons, headlineFigures, serviceOfFigure } from '../../../server/reports/report-insights'

const seed = parseReport({ input: fs.readFileSync(path.resolve(__dirname, '../../../data/reports/xiushan-2023.txt'), 'utf8') })

function figure(value: number, unit: string | null, label: string, quote = '同一句。'): ReportFigure {
  return { value, unit, approx: false, label, change: null, sectionId: 's1', quote }
}

describe('findComparisons', () => {
  it('charts the seed’s mediations by committee level, with 邻里纠纷 as their total', () => {
    const committees = findComparisons({ figures: seed.figures }).find((comparison) => comparison.bars.some((bar) => bar.label === '村居调委会'))
    expect(committees).toMatchObject({
      unit: '件',
      bars: [
        { label: '村居调委会', value: 9457 },
        { label: '乡镇街道调委会', value: 3308 },
        { label: '行业性专业性调委会', value: 2070 },
      ],
      total: { label: '邻里纠纷', value: 14913 },
    })
  })

  it('does not set figures of different things side by side (cases next to money)', () => {
    const comparisons = findComparisons({ figures: seed.figures })
    expect(comparisons.some((comparison) => comparison.bars.some((bar) => bar.label === '法律援助'))).toBe(false)
  })

  it('needs three kinds of one thing in one sentence and one unit', () => {
    expect(findComparisons({ figures: [figure(3, '件', '甲调委会'), figure(2, '件', '乙调委会')] })).toEqual([])
    expect(findComparisons({ figures: [figure(3, '件', '甲调委会'), figure(2, '人', '乙调委会'), figure(1, '件', '丙调委会')] })).toEqual([])
    expect(findComparisons({ figures: [figure(3, '件', '甲调委会'), figure(2, '件', '乙调委会', '另一句。'), figure(1, '件', '丙调委会')] })).toEqual([])
    expect(findComparisons({ figures: [figure(3, '件', '甲调委会'), figure(2, null, '乙调委会'), figure(1, '件', '丙调委会')] })).toHaveLength(1)
  })
})

describe('headlineFigures', () => {
  it('picks three seed figures, one per service a villager needs first: legal aid, 法律明白人, mediation', () => {
    expect(headlineFigures({ figures: seed.figures }).map((f) => [f.value, f.label, f.service])).toEqual([
      [1175, '法律援助', 'legal_aid'],
      [1350, '法律明白人', 'mediation'],
      [14913, '邻里纠纷', 'mediation'],
    ])
  })

  it('with a larger limit, goes on to the workstations', () => {
    expect(headlineFigures({ figures: seed.figures, limit: 4 }).map((f) => f.label)).toContain('公共法律服务工作站')
  })

  it('for a report about other things, still offers figures, those with a change first', () => {
    const figures = [figure(5, '项', '清单'), { ...figure(12, '件', '办件量'), change: { direction: 'up' as const, value: 3, unit: '%', basis: '同比' } }]
    expect(headlineFigures({ figures }).map((f) => f.label)).toEqual(['办件量', '清单'])
  })
})

describe('serviceOfFigure', () => {
  it.each([
    ['法律援助', 'legal_aid'],
    ['农民工讨薪案件', 'legal_aid'],
    ['公共法律服务工作站', 'stations'],
    ['村(居)公共法律服务工作室', 'stations'],
    ['法律明白人', 'mediation'],
    ['村居调委会', 'mediation'],
    ['电子证照', null],
  ])('%s → %s', (label, service) => {
    expect(serviceOfFigure({ label })).toBe(service)
  })
})
