import { figurePhrase, figureValueText, keepWholeRuns } from '../../contracts/report-text'

// the seed report's sentence as scraped (ASCII commas) and as the API serves it (typeset, full-width)
const SEED_QUOTE =
  '今年以来,为困难群众提供法律援助1175挽回经济损失1929万余元,办理农民工法律援助案件865挽回经济损失1166万余元,办理农民工讨薪案件659讨薪623万余元。'
const TYPESET_QUOTE = SEED_QUOTE.replace(/,/g, '，')

const unitless = (value: number, label: string, quote: string) => ({ value, unit: null, label, quote })

describe('figurePhrase (what a figure without a unit counts, in the report’s words)', () => {
  it('gives the seed’s 1175 the words of its clause that lead up to it', () => {
    expect(figurePhrase({ figure: unitless(1175, '法律援助', SEED_QUOTE) })).toBe('为困难群众提供法律援助')
    expect(figurePhrase({ figure: unitless(865, '农民工法律援助案件', SEED_QUOTE) })).toBe('办理农民工法律援助案件')
  })

  it('reads a quote typeset with full-width punctuation the same way', () => {
    expect(figurePhrase({ figure: unitless(1175, '法律援助', TYPESET_QUOTE) })).toBe('为困难群众提供法律援助')
    expect(figurePhrase({ figure: unitless(659, '农民工讨薪案件', TYPESET_QUOTE) })).toBe('办理农民工讨薪案件')
    expect(figurePhrase({ figure: unitless(3, '线索', '共收集问题线索53条；市专项整治办移交督办线索3其中33条问题线索纳入清单。') })).toBe(
      '市专项整治办移交督办线索',
    )
    expect(figurePhrase({ figure: unitless(28, '培训班', '学习计划：举办培训班28培训2300人次。') })).toBe('举办培训班')
  })

  it('matches the number only whole, never inside a longer one (1175 in 11750 or 1.1175)', () => {
    const quote = '接待群众咨询11750人次，调解率1.1175，为困难群众提供法律援助1175挽回经济损失。'
    expect(figurePhrase({ figure: unitless(1175, '法律援助', quote) })).toBe('为困难群众提供法律援助')
    expect(figurePhrase({ figure: unitless(1175, '法律援助', '为困难群众提供法律援助1,175挽回经济损失。') })).toBe('为困难群众提供法律援助')
  })

  it('where the number is printed twice, takes the place the label names', () => {
    const quote = '开展法治讲座28，举办培训班28培训2300人次。'
    expect(figurePhrase({ figure: unitless(28, '培训班', quote) })).toBe('举办培训班')
    expect(figurePhrase({ figure: unitless(28, '法治讲座', quote) })).toBe('开展法治讲座')
    // no label among them: the first place
    expect(figurePhrase({ figure: unitless(28, '活动', quote) })).toBe('开展法治讲座')
  })

  it('stops at an earlier number that lost its unit too, but reads on past one that kept it', () => {
    const quote = '村居调委会化解9457乡镇街道调委会化解3308行业性专业性调委会化解2070件。'
    expect(figurePhrase({ figure: unitless(3308, '乡镇街道调委会', quote) })).toBe('乡镇街道调委会化解')
    expect(figurePhrase({ figure: unitless(1175, '法律援助', '2023年为19个乡镇群众提供法律援助1175挽回损失。') })).toBe('2023年为19个乡镇群众提供法律援助')
  })

  it('drops leading words a tile can do without (今年以来, 全年, 其中) but keeps 累计 and a rate without its 为/达', () => {
    expect(figurePhrase({ figure: unitless(1175, '法律援助', '今年以来为困难群众提供法律援助1175挽回经济损失。') })).toBe('为困难群众提供法律援助')
    expect(figurePhrase({ figure: unitless(203, '文件', '全年审查重要文件203。') })).toBe('审查重要文件')
    expect(figurePhrase({ figure: unitless(203, '文件', '累计审查重要文件203。') })).toBe('累计审查重要文件')
    expect(figurePhrase({ figure: unitless(0, '复议后败诉率', '复议后起诉率为2.89%、复议后败诉率为0。') })).toBe('复议后败诉率')
  })

  it('is null for a figure with a unit: its unit and label say what it counts', () => {
    expect(figurePhrase({ figure: { value: 1929, unit: '万余元', label: '经济损失', quote: TYPESET_QUOTE } })).toBeNull()
    expect(figurePhrase({ figure: { value: 100, unit: '%', label: '通过率', quote: '通过率达到100%。' } })).toBeNull()
  })

  it('falls back to the label when the quote has no words before the number, or not the number at all', () => {
    expect(figurePhrase({ figure: unitless(1175, '法律援助', '今年以来，1175挽回经济损失。') })).toBe('法律援助')
    expect(figurePhrase({ figure: unitless(1175, '法律援助', '法律援助11750挽回经济损失。') })).toBe('法律援助')
    expect(figurePhrase({ figure: unitless(1175, '法律援助', '') })).toBe('法律援助')
    // a phrase too long for a tile (over 20 characters)
    expect(figurePhrase({ figure: unitless(1175, '法律援助', '为全县各乡镇街道村居社区的困难群众和农民工提供法律援助1175挽回损失。') })).toBe('法律援助')
  })
})

describe('figureValueText (the number on a tile, with 约 once at most)', () => {
  it('puts 约 before an approximate number whose unit does not say so', () => {
    expect(figureValueText({ figure: { value: 100, unit: '人', approx: true } })).toBe('约100')
    expect(figureValueText({ figure: { value: 87613, unit: '张', approx: false } })).toBe('87,613')
  })

  it('does not double the qualifier when the unit already says 余 or 多 (623万余元, not 约623万余元)', () => {
    expect(figureValueText({ figure: { value: 623, unit: '万余元', approx: true } })).toBe('623')
    expect(figureValueText({ figure: { value: 80, unit: '余个', approx: true } })).toBe('80')
    expect(figureValueText({ figure: { value: 1350, unit: '多名', approx: true } })).toBe('1350')
  })
})

describe('keepWholeRuns (what must not break across lines)', () => {
  it('keeps a time range whole, and the halves of an 索引号 so it breaks only after the slash', () => {
    expect(keepWholeRuns('周一至周五 9:00-12:00、14:00～17:30')).toEqual([
      { text: '周一至周五 ', whole: false },
      { text: '9:00-12:00', whole: true },
      { text: '、', whole: false },
      { text: '14:00～17:30', whole: true },
    ])
    expect(keepWholeRuns('11500241358692734W/2024-00016')).toEqual([
      { text: '11500241358692734W/', whole: true },
      { text: '2024-00016', whole: true },
    ])
  })

  it('leaves ordinary text alone', () => {
    expect(keepWholeRuns('法律援助1175件')).toEqual([{ text: '法律援助1175件', whole: false }])
  })
})
