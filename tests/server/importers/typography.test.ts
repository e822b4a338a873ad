import { typesetChinese } from '../../../server/importers/typography'

const typeset = (text: string): string => typesetChinese({ text })

describe('typesetChinese', () => {
  it.each([
    ['2023年,秀山县深入践行', '2023年，秀山县深入践行'],
    ['现将有关情况报告如下:', '现将有关情况报告如下：'],
    ['一是加强领导;二是完善制度', '一是加强领导；二是完善制度'],
    ['提升群众满意度!', '提升群众满意度！'],
    ['是否需要帮助?', '是否需要帮助？'],
    ['乡镇(街道)综合执法', '乡镇（街道）综合执法'],
    ['(一)强领导,促创建', '（一）强领导，促创建'],
    ['(1)严格法定程序', '（1）严格法定程序'],
    ['合格率98.3%,同比提高', '合格率98.3%，同比提高'],
    ['司法局､公安局､法院', '司法局、公安局、法院'],
    ['全年办理 , 案件', '全年办理，案件'],
  ])('%s → %s', (input, expected) => {
    expect(typeset(input)).toBe(expected)
  })

  it.each([
    ['decimals', '金额1.5亿元'],
    ['times', '每周三9:00-12:00开放'],
    ['ranges', '2021-2025年规划'],
    ['thousands separators', '受益1,000人'],
    ['Latin', 'see http://example.gov.cn/a, A, B: ok'],
    ['Latin in brackets', 'f(x) and (a)'],
  ])('keeps %s as they are', (_name, input) => {
    expect(typeset(input)).toBe(input)
  })

  it('is idempotent and leaves full-width text alone', () => {
    const once = typeset('2023年,秀山县(试点)完成:1.5万件;9:00开始!')
    expect(once).toBe('2023年，秀山县（试点）完成：1.5万件；9:00开始！')
    expect(typeset(once)).toBe(once)
  })
})
