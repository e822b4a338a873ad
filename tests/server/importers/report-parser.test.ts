import fs from 'node:fs'
import path from 'node:path'
import { structuredReportSchema, type ReportFigure, type ReportSection, type StructuredReport } from '../../../contracts/report'
import { htmlToText, parseReport, parseReportDate } from '../../../server/importers/report-parser'

// The seed is bundled with the product; the fixtures are invented counties (青岚县, 云溪县, 白石县,
// 松川县, 和平县, 鹿山县) with invented numbers, one per page shape.
const repoRoot = path.resolve(__dirname, '../../..')
const seedText = fs.readFileSync(path.join(repoRoot, 'data/reports/xiushan-2023.txt'), 'utf8')
const fixture = (name: string): string => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8')

const HAN = /\p{Script=Han}/gu

/** Every text of the result in reading order: what a reader of the structured report sees. */
function readingText(report: StructuredReport): string {
  const parts: string[] = [report.title, ...report.headerLines, ...report.preamble]
  const visit = (section: ReportSection): void => {
    parts.push(section.marker, section.title, ...section.paragraphs)
    section.children.forEach(visit)
  }
  report.sections.forEach(visit)
  parts.push(...report.closing)
  return parts.join('\n')
}

/** Where the Han characters of `expected` stop being a subsequence of `actual` (null: they all appear, in order). */
function firstMissingHan(expected: string, actual: string): string | null {
  const wanted = expected.match(HAN) ?? []
  const got = actual.match(HAN) ?? []
  let position = 0
  for (let index = 0; index < wanted.length; index += 1) {
    while (position < got.length && got[position] !== wanted[index]) position += 1
    if (position === got.length) return `missing “${wanted[index]}” at Han character ${index}: …${wanted.slice(Math.max(0, index - 10), index + 10).join('')}…`
    position += 1
  }
  return null
}

/** The page text from the report title up to (not including) the first footer marker, or to the end. */
function bodyBetween(text: string, params: { from: string; before: string | null }): string {
  const start = text.indexOf(params.from)
  const end = params.before === null ? text.length : text.indexOf(params.before, start)
  if (start < 0 || end < 0) throw new Error(`fixture boundaries not found: ${params.from} … ${params.before}`)
  return text.slice(start, end)
}

function allSections(sections: readonly ReportSection[]): ReportSection[] {
  return sections.flatMap((section) => [section, ...allSections(section.children)])
}

function figureOf(report: StructuredReport, value: number, predicate: (figure: ReportFigure) => boolean = () => true): ReportFigure {
  const found = report.figures.find((figure) => figure.value === value && predicate(figure))
  if (!found) throw new Error(`no figure ${value}; figures: ${report.figures.map((figure) => `${figure.value}${figure.unit ?? ''}`).join(' ')}`)
  return found
}

const outline = (sections: readonly ReportSection[]): Array<[string, string]> => sections.map((section) => [section.marker, section.title])

describe('parseReport on the bundled Xiushan 2023 report', () => {
  const report = parseReport({ input: seedText })

  it('produces a document that satisfies the contract schema', () => {
    expect(structuredReportSchema.safeParse(report).success).toBe(true)
  })

  it('reads the labelled metadata block and leaves the empty 发文字号 null', () => {
    expect(report.meta).toEqual({
      indexNo: '11500241358692734W/2024-00016',
      docNo: null,
      topic: '电子政务;行政事务',
      genre: '工作报告',
      publisher: '秀山县人民政府',
      writtenAt: '2024-02-29',
      publishedAt: '2024-02-29',
    })
  })

  it('finds the title and keeps the issuer and 关于… lines printed under it', () => {
    expect(report.title).toBe('秀山土家族苗族自治县2023年度法治政府建设情况报告')
    expect(report.year).toBe(2023)
    expect(report.headerLines).toEqual(['秀山土家族苗族自治县人民政府', '关于2023年法治政府建设情况的报告'])
  })

  it('keeps the paragraph before 一、 as the preamble', () => {
    expect(report.preamble).toHaveLength(1)
    expect(report.preamble[0]).toMatch(/^2023年,秀山县深入践行习近平法治思想.*现将有关情况报告如下:$/u)
  })

  it('builds the four top-level sections with their titles', () => {
    expect(outline(report.sections)).toEqual([
      ['一、', '法治政府建设工作成效'],
      ['二、', '党政主要负责人履行推进法治政府建设第一责任人职责情况'],
      ['三、', '存在的问题和不足'],
      ['四、', '2024年推进法治政府建设的工作思路'],
    ])
    expect(report.sections.map((section) => section.level)).toEqual([1, 1, 1, 1])
  })

  it('nests (一)–(五) under 一 and the numbered items under (二), (三) and (四)', () => {
    const [first] = report.sections
    expect(outline(first.children)).toEqual([
      ['(一)', '强领导,促创建,进一步彰显法治建设成效'],
      ['(二)', '强服务,重民生,进一步提升政府履职能力'],
      ['(三)', '强监督,提效率,进一步规范行政权力运行'],
      ['(四)', '强调解,明职责,进一步促进纠纷矛盾化解'],
      ['(五)', '强普法,挖资源,进一步扩大法治宣传范围'],
    ])
    expect(first.children.map((section) => section.children.map((child) => child.marker))).toEqual([[], ['1.', '2.'], ['1.', '2.', '3.'], ['1.', '2.'], []])
    expect(first.children[1].children[0]).toMatchObject({ level: 3, title: '政务服务迭代升级' })
  })

  it('splits a heading line into a title without its 。 and a first paragraph with the rest', () => {
    const item = report.sections[0].children[1].children[0]
    expect(item.title).toBe('政务服务迭代升级')
    expect(item.paragraphs[0]).toMatch(/^紧盯“一站式”办理,/u)
    const titleOnly = report.sections[0].children[0]
    expect(titleOnly.paragraphs[0]).toMatch(/^深化领导干部学法用法工作/u)
  })

  it('repairs the seed’s damaged “)” items of 三 into (一)–(三), in the report’s own brackets, so no heading starts with a stray “)”', () => {
    const third = report.sections[2]
    expect(third.paragraphs).toEqual([])
    expect(third.children.map((section) => [section.marker, section.level, section.title])).toEqual([
      ['(一)', 2, '依法决策仍存在短板'],
      ['(二)', 2, '学习宣传形式单一'],
      ['(三)', 2, '法治人才队伍力量较为薄弱'],
    ])
    const markers = (sections: ReportSection[]): string[] => sections.flatMap((section) => [section.marker, ...markers(section.children)])
    for (const marker of markers(report.sections)) expect(marker).not.toMatch(/^[)）]/u)
    expect(third.children[0].paragraphs[0]).toMatch(/^少数部门和镇街依法决策工作机制尚未完全建立/u)
  })

  it('gives 四 its five (一)–(五) children', () => {
    expect(outline(report.sections[3].children)).toEqual([
      ['(一)', '持续强化党对法治政府建设的领导'],
      ['(二)', '持续提升行政决策和制度建设质量'],
      ['(三)', '持续开展提升优化营商环境行动'],
      ['(四)', '持续加大“两高一低”整治'],
      ['(五)', '持续加强法治工作队伍建设'],
    ])
  })

  it('does not take the 一是/二是/三是 sentences of 二 for headings', () => {
    const second = report.sections[1]
    expect(second.children).toEqual([])
    expect(second.paragraphs).toHaveLength(1)
    expect(second.paragraphs[0]).toMatch(/^一是自觉强化党的领导。.*二是积极破解法治难题。.*三是着力夯实法治基础。/u)
  })

  it('gives every section a unique URL-safe id that encodes its position', () => {
    const sections = allSections(report.sections)
    const ids = sections.map((section) => section.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^s\d+(?:-\d+)*$/u)
    expect(report.sections[0].children[1].children[1].id).toBe('s1-2-2')
    expect(report.sections[2].children[2].id).toBe('s3-3')
  })

  it('loses no Han character of the report body, from the title to the QR hint', () => {
    const body = bodyBetween(seedText, { from: '秀山土家族苗族自治县2023年度', before: '扫一扫在手机打开当前页' })
    expect(firstMissingHan(body, readingText(report))).toBeNull()
  })

  it('drops the page chrome: site names, navigation, breadcrumb, metadata labels and the QR hint', () => {
    const text = readingText(report)
    for (const chrome of ['中国政府网', '智能机器人', '登录注册', '您当前的位置', '索引号', '扫一扫']) expect(text).not.toContain(chrome)
  })

  it('attaches the year-on-year change to the figure it qualifies instead of listing it', () => {
    expect(figureOf(report, 87613)).toMatchObject({ unit: '张', label: '电子证照', change: { direction: 'up', value: 28.8, unit: '%', basis: '同比' } })
    expect(figureOf(report, 3963)).toMatchObject({ unit: '件', change: { direction: 'up', value: 17.2, unit: '%' } })
    expect(report.figures.some((figure) => figure.value === 28.8 || figure.value === 17.2)).toBe(false)
  })

  it('reads the key figures with their units and labels', () => {
    expect(figureOf(report, 83.3)).toMatchObject({ unit: '%', change: null })
    expect(figureOf(report, 83.3).label).toContain('网办率')
    expect(figureOf(report, 14913)).toMatchObject({ unit: '件', label: '邻里纠纷' })
    expect(figureOf(report, 1350)).toMatchObject({ unit: '余名', approx: true, label: '法律明白人' })
    expect(figureOf(report, 2070)).toMatchObject({ unit: '件' })
    expect(figureOf(report, 2070).label).toContain('行业性专业性')
    expect(figureOf(report, 1929)).toMatchObject({ unit: '万余元', approx: true, label: '经济损失' })
    expect(figureOf(report, 7, (figure) => figure.unit === '个工作日')).toBeDefined()
  })

  it('keeps numbers whose unit the scrape lost, with unit null rather than a guess', () => {
    expect(figureOf(report, 1175)).toMatchObject({ unit: null, label: '法律援助' })
    expect(figureOf(report, 9457)).toMatchObject({ unit: null, label: '村居调委会' })
    expect(figureOf(report, 3308)).toMatchObject({ unit: null })
    expect(figureOf(report, 3308).label).toContain('乡镇街道')
    expect(figureOf(report, 28)).toMatchObject({ unit: null })
  })

  it('leaves out the seed’s figures whose words name nothing counted: 杨某等 4 户, 历时 4 起, a 7-year duration, 住房建设 5 家 (the last item of a list)', () => {
    expect(report.figures.map((figure) => figure.label)).not.toEqual(expect.arrayContaining(['杨某等']))
    for (const label of ['杨某等', '历时', '住房建设']) expect(report.figures.some((figure) => figure.label === label)).toBe(false)
    expect(report.figures.some((figure) => figure.value === 4 && (figure.unit === '户' || figure.unit === '起'))).toBe(false)
    expect(report.figures.some((figure) => figure.value === 7 && figure.unit === '年')).toBe(false)
    expect(report.figures.some((figure) => figure.value === 5 && figure.unit === '家')).toBe(false)
    // the numbers stay in the text; figures of a list that each name themselves stay figures
    expect(seedText).toContain('杨某等4户')
    expect(figureOf(report, 15, (figure) => figure.unit === '家')).toMatchObject({ label: '行业性专业性调解机构' })
    expect(figureOf(report, 4, (figure) => figure.unit === '个')).toMatchObject({ label: '调解室' })
    expect(figureOf(report, 500)).toMatchObject({ unit: '余场次', label: '禁毒反诈等各类法治宣传活动' })
  })

  it('does not count years or heading numbers as figures', () => {
    expect(report.figures.some((figure) => figure.value === 2023 || figure.value === 2024)).toBe(false)
    expect(report.figures.every((figure) => figure.label.length <= 20)).toBe(true)
  })

  it('points each figure at its section and quotes the sentence it came from', () => {
    const certificates = figureOf(report, 87613)
    expect(certificates.sectionId).toBe('s1-2-1')
    expect(certificates.quote).toContain('累计生成电子证照87613张')
    expect(certificates.quote.endsWith('。')).toBe(true)
    const ids = new Set(allSections(report.sections).map((section) => section.id))
    for (const figure of report.figures) {
      expect(figure.sectionId === null || ids.has(figure.sectionId)).toBe(true)
      expect(seedText).toContain(figure.quote)
    }
  })

  it('parses the seed the same way when it arrives as an HTML page of paragraphs', () => {
    const escape = (line: string): string => line.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/ /gu, '&nbsp;')
    const html = `<html><head><title>秀山县</title><script>var x = 1</script></head><body><div class="content">${seedText
      .split('\n')
      .map((line) => `<p>${escape(line)}</p>`)
      .join('\n')}</div></body></html>`
    expect(parseReport({ input: html })).toEqual(report)
  })

  it('parses the seed the same way when it arrives with Windows line breaks', () => {
    expect(parseReport({ input: seedText.replace(/\n/gu, '\r\n') })).toEqual(report)
  })
})

describe('parseReport metadata formats', () => {
  it('reads a labelled block with spaced labels and several fields per line', () => {
    const report = parseReport({ input: fixture('qinglan-2022-spaced-labels.txt') })
    expect(report.meta).toEqual({
      indexNo: '00000042X/2023-00107',
      docNo: '青府发〔2023〕9号',
      topic: '综合政务',
      genre: '报告',
      publisher: '青岚县人民政府',
      writtenAt: '2023-03-08',
      publishedAt: '2023-03-10',
    })
  })

  it('reads label：value lines and normalises 年月日 and dotted dates', () => {
    const report = parseReport({ input: fixture('yunxi-2023-colon-lines.txt') })
    expect(report.meta).toEqual({
      indexNo: '00000077Y/2024-00003',
      docNo: '云府发〔2024〕2号',
      topic: '司法;综合政务',
      genre: '工作报告',
      publisher: '云溪县人民政府',
      writtenAt: '2024-01-31',
      publishedAt: '2024-02-05',
    })
  })

  it('reads 【label】value lines', () => {
    const report = parseReport({ input: fixture('baishi-2023-bracket-labels.txt') })
    expect(report.meta).toEqual({
      indexNo: '00000213K/2024-00011',
      docNo: '白石府办发[2024]15号',
      topic: '政务公开',
      genre: '年度报告',
      publisher: '白石县人民政府办公室',
      writtenAt: '2024-02-28',
      publishedAt: '2024-03-01',
    })
  })

  it('reads a list of values whose labels were lost by their shapes, in the table’s order', () => {
    const report = parseReport({ input: fixture('songchuan-2023-unlabelled-values.txt') })
    expect(report.meta).toEqual({
      indexNo: '00000555M/2024-00021',
      docNo: '松川府发〔2024〕4号',
      topic: '法治建设;行政事务',
      genre: '工作报告',
      publisher: '松川县人民政府',
      writtenAt: '2024-02-20',
      publishedAt: '2024-02-26',
    })
    expect(report.title).toBe('松川县2023年度法治政府建设情况报告')
  })

  it('places unlabelled values by shape when some are missing, on one line', () => {
    const input = ['网站首页', '00000555M/2024-00021 工作报告 松川县司法局 2024/2/26', '松川县2023年度法治政府建设情况报告', '一、成效', '办理案件5件。'].join(
      '\n',
    )
    expect(parseReport({ input }).meta).toEqual({
      indexNo: '00000555M/2024-00021',
      docNo: null,
      topic: null,
      genre: '工作报告',
      publisher: '松川县司法局',
      writtenAt: null,
      publishedAt: '2024-02-26',
    })
  })

  it('reads a value table printed under the title, and labels glued to the previous value', () => {
    const underTitle = [
      '松川县2023年度法治政府建设情况报告',
      '00000555M/2024-00021 | 松川府发〔2024〕4号',
      '松川县人民政府 | 2024-02-26',
      '松川县人民政府',
      '一、成效',
    ].join('\n')
    const report = parseReport({ input: underTitle })
    expect(report.meta).toMatchObject({ indexNo: '00000555M/2024-00021', docNo: '松川府发〔2024〕4号', publisher: '松川县人民政府', publishedAt: '2024-02-26' })
    expect(report.headerLines).toEqual(['松川县人民政府'])
    const glued = ['索引号：00000555M/2024-00021发文字号：松川府发〔2024〕4号发布机构：松川县人民政府', '松川县2023年度法治政府建设情况报告'].join('\n')
    expect(parseReport({ input: glued }).meta).toMatchObject({ indexNo: '00000555M/2024-00021', docNo: '松川府发〔2024〕4号', publisher: '松川县人民政府' })
  })

  it('leaves every field null when the page has no metadata, ignoring the chrome’s date and the 文号 quoted in the body', () => {
    const report = parseReport({ input: fixture('heping-2023-no-meta.txt') })
    expect(report.meta).toEqual({ indexNo: null, docNo: null, topic: null, genre: null, publisher: null, writtenAt: null, publishedAt: null })
    expect(report.title).toBe('和平县2023年法治政府建设情况报告')
    expect(report.preamble[0]).toContain('（和府发〔2021〕5号）')
  })

  it('takes a value from the next line only when a lone label is followed by a value of the right shape', () => {
    const input = ['发文字号：', '发布机构：', '松川县人民政府', '成文日期：', '松川县2023年度法治政府建设情况报告', '一、成效'].join('\n')
    const report = parseReport({ input })
    expect(report.meta).toMatchObject({ docNo: null, publisher: '松川县人民政府', writtenAt: null })
    expect(report.title).toBe('松川县2023年度法治政府建设情况报告')
  })

  it('treats 无 and dashes as no value', () => {
    const input = ['索引号：00000555M/2024-00021', '发文字号：无', '主题分类：—', '松川县2023年度法治政府建设情况报告', '一、成效'].join('\n')
    expect(parseReport({ input }).meta).toMatchObject({ indexNo: '00000555M/2024-00021', docNo: null, topic: null })
  })

  it('keeps the title when the page prints metadata on the same line', () => {
    const input = ['首页', '松川县2023年度法治政府建设情况报告 发布时间：2024-02-26 浏览次数：3', '一、成效', '办理案件5件。'].join('\n')
    const report = parseReport({ input })
    expect(report.title).toBe('松川县2023年度法治政府建设情况报告')
    expect(report.meta.publishedAt).toBe('2024-02-26')
  })

  it('reads a publication date printed with the page tools under the title', () => {
    const input = [
      '松川县2023年度法治政府建设情况报告',
      '发布时间：2024-02-26 来源：松川县司法局 浏览次数：128 字号：【大 中 小】【打印】',
      '一、成效',
      '办理案件5件。',
    ].join('\n')
    const report = parseReport({ input })
    expect(report.meta.publishedAt).toBe('2024-02-26')
    expect(report.headerLines).toEqual([])
  })
})

describe('parseReport metadata and titles in more page layouts (invented fixtures, see fixtures/README.md)', () => {
  it('reads the six values of the table as a bulleted list without labels, by shape and position', () => {
    const report = parseReport({ input: fixture('linjiang-2023-bare-values.txt') })
    expect(report.meta).toEqual({
      indexNo: '115002242037431382/2024-00011',
      docNo: null,
      topic: '司法、公安、安全',
      genre: '报告',
      publisher: '临江县司法局',
      writtenAt: '2024-03-25',
      publishedAt: '2024-03-28',
    })
    expect(outline(report.sections)).toEqual([
      ['一、', '主要成效'],
      ['二、', '下步打算'],
    ])
  })

  it('reads the six bare values one per line without bullets', () => {
    const input = [
      '115002242037431382/2024-00011',
      '综合政务',
      '工作报告',
      '临江县人民政府',
      '2024年3月25日',
      '2024年3月28日',
      '临江县2023年度法治政府建设情况报告',
      '一、成效',
      '办理案件5件。',
    ].join('\n')
    expect(parseReport({ input }).meta).toEqual({
      indexNo: '115002242037431382/2024-00011',
      docNo: null,
      topic: '综合政务',
      genre: '工作报告',
      publisher: '临江县人民政府',
      writtenAt: '2024-03-25',
      publishedAt: '2024-03-28',
    })
  })

  it('reads 文章来源 and 更新时间 sharing one line, dropping the time part', () => {
    const report = parseReport({ input: fixture('qingshi-2023-source-time.txt') })
    expect(report.meta).toMatchObject({ publisher: '青石县司法局', publishedAt: '2024-03-29' })
  })

  it('reads 日期: with a time and 来源：', () => {
    const report = parseReport({ input: fixture('dongshan-2023-date-lines.txt') })
    expect(report.meta).toMatchObject({ publisher: '东山县人民政府办公室', publishedAt: '2024-03-28' })
    const inline = ['松川县2023年度法治政府建设情况报告', '发布时间：2024-03-28 09:18', '一、成效'].join('\n')
    expect(parseReport({ input: inline }).meta.publishedAt).toBe('2024-03-28')
  })

  it('never takes the site header’s 今天是… date for the report’s date', () => {
    for (const header of ['今天是2025年1月6日 星期一', '欢迎访问松川县人民政府网 今天是2025年1月6日 星期一', '今天是：2025-01-06']) {
      const report = parseReport({ input: [header, '松川县2023年度法治政府建设情况报告', '一、成效', '办理案件5件。'].join('\n') })
      expect(report.meta.publishedAt).toBeNull()
      expect(report.headerLines).toEqual([])
    }
    expect(parseReport({ input: fixture('linjiang-2023-bare-values.txt') }).meta.publishedAt).toBe('2024-03-28')
    expect(parseReport({ input: fixture('qingshi-2023-source-time.txt') }).meta.publishedAt).toBe('2024-03-29')
  })

  it('strips a bracketed, letter-spaced 标题 label before or above the title', () => {
    expect(parseReport({ input: fixture('linjiang-2023-bare-values.txt') }).title).toBe('临江县2023年度法治政府建设情况报告')
    expect(parseReport({ input: fixture('dongshan-2023-date-lines.txt') }).title).toBe('东山县2023年法治政府建设年度报告')
    expect(parseReport({ input: '【标题】松川县2023年度法治政府建设情况报告\n一、成效' }).title).toBe('松川县2023年度法治政府建设情况报告')
  })

  it('joins a title split over two lines: the issuing body, then 关于…的报告', () => {
    const report = parseReport({ input: fixture('qingshi-2023-source-time.txt') })
    expect(report.title).toBe('青石县人民政府关于2023年度法治政府建设情况的报告')
    expect(report.year).toBe(2023)
    expect(outline(report.sections)).toEqual([
      ['一、', '工作成效'],
      ['二、', '存在问题'],
      ['三、', '下步打算'],
    ])
  })

  it('still yields the sections of a page without any title', () => {
    const report = parseReport({ input: fixture('beihe-no-title.txt') })
    expect(report.title).toBe('')
    expect(outline(report.sections)).toEqual([
      ['一、', '工作成效'],
      ['二、', '下步打算'],
    ])
    expect(report.figures.map((figure) => figure.value)).toContain(35)
  })
})

describe('parseReportDate', () => {
  it.each([
    ['2024-02-29', '2024-02-29'],
    ['2024年2月29日', '2024-02-29'],
    ['2024/2/29', '2024-02-29'],
    ['2024.02.29', '2024-02-29'],
    ['二〇二四年二月二十九日', '2024-02-29'],
    ['成文日期：2024年02月05日 星期一', '2024-02-05'],
  ])('normalises %s to %s', (text, iso) => {
    expect(parseReportDate(text)).toBe(iso)
  })

  it.each(['2023-02-29', '2024-13-01', '秀山县人民政府', ''])('returns null for %j', (text) => {
    expect(parseReportDate(text)).toBeNull()
  })
})

describe('parseReport headings', () => {
  const parse = (lines: string[]): StructuredReport => parseReport({ input: ['某县2023年法治政府建设情况报告', ...lines].join('\n') })

  it('recognises each marker format and nests kinds in order of first appearance', () => {
    const report = parse([
      '一、总体情况',
      '（一）依法决策',
      '1．完善制度',
      '（1）规章清理',
      '(2)文件备案',
      '2、规范程序',
      '(二)严格执法',
      '1.执法培训。全年培训3次。',
      '二、存在问题',
    ])
    const markers = allSections(report.sections).map((section) => [section.level, section.marker, section.title])
    expect(markers).toEqual([
      [1, '一、', '总体情况'],
      [2, '（一）', '依法决策'],
      [3, '1．', '完善制度'],
      [4, '（1）', '规章清理'],
      [4, '(2)', '文件备案'],
      [3, '2、', '规范程序'],
      [2, '(二)', '严格执法'],
      [3, '1.', '执法培训'],
      [1, '二、', '存在问题'],
    ])
    expect(report.sections[0].children[1].children[0].paragraphs).toEqual(['全年培训3次。'])
  })

  it('makes a 1. directly under 一、 its child when no (一) came first', () => {
    const report = parseReport({ input: fixture('heping-2023-no-meta.txt') })
    expect(report.sections[0].children.map((section) => [section.level, section.marker, section.title])).toEqual([
      [2, '1.', '政务服务提速'],
      [2, '2.', '法律援助惠民'],
    ])
    expect(report.sections[1].children.map((section) => section.marker)).toEqual(['1.'])
  })

  it('keeps numbering as printed when it restarts or continues across subsections', () => {
    const report = parse(['一、工作成效', '（一）甲', '1.子一', '2.子二', '（二）乙', '3.子三', '4.子四', '（三）丙', '1.重新编号'])
    const [first] = report.sections
    expect(first.children.map((section) => section.children.map((child) => child.marker))).toEqual([['1.', '2.'], ['3.', '4.'], ['1.']])
    expect(first.children[1].children.map((child) => child.id)).toEqual(['s1-2-1', 's1-2-2'])
  })

  it('does not take lines starting with a year, a count or a decimal for headings', () => {
    const report = parse([
      '一、成效',
      '2023年,全县法治建设稳步推进。',
      '1350余名法律明白人参与调解。',
      '1.5亿元专项资金全部到位。',
      '12.5%的村完成创建。',
      '一是强化领导。二是压实责任。',
    ])
    expect(report.sections).toHaveLength(1)
    expect(report.sections[0].children).toEqual([])
    expect(report.sections[0].paragraphs).toHaveLength(5)
  })

  it('keeps a heading line without 。 entirely as its title', () => {
    const report = parse(['一、工作成效', '（一）强领导，促创建，进一步彰显法治建设成效'])
    expect(report.sections[0].children[0]).toMatchObject({ title: '强领导，促创建，进一步彰显法治建设成效', paragraphs: [] })
  })

  it('repairs a （一） that lost its opening bracket or its number from its place, in full-width brackets when the report shows no other', () => {
    const report = parse(['一、存在问题', ')甲', '）乙', '三）丙', '二、下步打算'])
    expect(report.sections[0].children.map((section) => [section.marker, section.title])).toEqual([
      ['（一）', '甲'],
      ['（二）', '乙'],
      ['（三）', '丙'],
    ])
  })

  it('takes the title of a marker printed alone from the next line', () => {
    const report = parse(['一、', '工作成效', '全年办理案件12件。'])
    expect(report.sections[0]).toMatchObject({ marker: '一、', title: '工作成效', paragraphs: ['全年办理案件12件。'] })
  })

  it('puts all paragraphs into the preamble when a report has no numbered headings', () => {
    const report = parse(['全年办理案件12件。', '群众满意度持续提升。'])
    expect(report.sections).toEqual([])
    expect(report.preamble).toEqual(['全年办理案件12件。', '群众满意度持续提升。'])
  })
})

describe('parseReport page chrome and text preservation', () => {
  it('drops widgets and the footer, keeps the issuer under the title and the signature as closing lines', () => {
    const input = fixture('qinglan-2022-spaced-labels.txt')
    const report = parseReport({ input })
    expect(report.title).toBe('青岚县2022年法治政府建设年度报告')
    expect(report.headerLines).toEqual(['青岚县人民政府'])
    expect(report.closing).toEqual(['青岚县人民政府', '2023年3月8日'])
    const text = readingText(report)
    for (const chrome of ['无障碍', '当前位置', '字号', '打印', '关闭', '上一篇', '下一篇', '主办单位', '网站标识码', 'ICP']) expect(text).not.toContain(chrome)
    expect(firstMissingHan(bodyBetween(input, { from: '青岚县2022年法治政府', before: '【打印本页】' }), text)).toBeNull()
  })

  it.each([
    ['yunxi-2023-colon-lines.txt', '云溪县人民政府关于', '扫一扫'],
    ['baishi-2023-bracket-labels.txt', '白石县2023年', null],
    ['songchuan-2023-unlabelled-values.txt', '松川县2023年度', '相关链接'],
    ['heping-2023-no-meta.txt', '和平县2023年', '分享到'],
  ])('loses no Han character of the body of %s', (name, from, before) => {
    const input = fixture(name)
    const report = parseReport({ input })
    expect(firstMissingHan(bodyBetween(input, { from, before }), readingText(report))).toBeNull()
  })

  it('stops at 相关链接 so the related reports listed after it are not taken for report text', () => {
    const report = parseReport({ input: fixture('songchuan-2023-unlabelled-values.txt') })
    expect(readingText(report)).not.toContain('2022年度')
    expect(report.sections[1].paragraphs).toEqual(['持续深化“放管服”改革。'])
  })

  it('does not end the report at a share or QR widget printed between its sections', () => {
    const lines = [
      '某县2023年法治政府建设情况报告',
      '一、成效',
      '办理案件5件。',
      '扫一扫在手机打开当前页',
      '二、问题',
      '基层力量薄弱。',
      '【打印】【关闭】',
      '上一篇：某县2022年法治政府建设情况报告',
    ]
    const report = parseReport({ input: lines.join('\n') })
    expect(outline(report.sections)).toEqual([
      ['一、', '成效'],
      ['二、', '问题'],
    ])
    expect(report.sections[1].paragraphs).toEqual(['基层力量薄弱。'])
    expect(readingText(report)).not.toMatch(/扫一扫|打印|上一篇/u)
  })

  it('keeps report sentences that merely mention a website, a login, related files or a QR code', () => {
    const body = ['依托县人民政府网站公开政府信息1200条。', '相关文件已全部完成清理。', '扫一扫二维码即可在线申请法律援助。', '开展网站ICP备案核查。']
    const lines = ['某县2023年法治政府建设情况报告', '一、政务公开', ...body, '首页', '登录注册']
    const report = parseReport({ input: lines.join('\n') })
    expect(report.sections[0].paragraphs).toEqual(body)
  })

  it('returns an empty title when the input has no report title', () => {
    const report = parseReport({ input: '一、成效\n办理案件5件。' })
    expect(report.title).toBe('')
    expect(report.sections[0].paragraphs).toEqual(['办理案件5件。'])
  })
})

describe('parseReport on an HTML page', () => {
  const html = fixture('lushan-2023-page.html')
  const report = parseReport({ input: html })

  it('detects HTML without being told and reads the metadata table', () => {
    expect(report.meta).toEqual({
      indexNo: '00000088L/2024-00005',
      docNo: null,
      topic: '综合政务',
      genre: '工作报告',
      publisher: '鹿山县人民政府',
      writtenAt: '2024-02-27',
      publishedAt: '2024-02-29',
    })
    expect(parseReport({ input: html, format: 'html' })).toEqual(report)
  })

  it('takes the h1 as title and the paragraphs as preamble and sections', () => {
    expect(report.title).toBe('鹿山县2023年度法治政府建设情况报告')
    expect(report.headerLines).toEqual(['鹿山县人民政府'])
    expect(report.preamble).toEqual(['2023年，鹿山县坚持“法治为民”理念，推进法治政府建设。'])
    expect(allSections(report.sections).map((section) => [section.level, section.marker, section.title])).toEqual([
      [1, '一、', '主要成效'],
      [2, '（一）', '政务服务更便捷'],
      [3, '1.', '数字政务提速'],
      [3, '2.', '法律服务更可及'],
      [2, '（二）', '矛盾化解更有效'],
      [1, '二、', '存在问题'],
    ])
    expect(report.sections[1].paragraphs).toEqual(['基层执法力量仍然薄弱——专业人员不足。'])
  })

  it('leaves out scripts, styles, navigation, breadcrumb, tools and footer', () => {
    const text = readingText(report)
    for (const chrome of [
      '统计代码',
      '_hmt',
      'text-indent',
      '您当前的位置',
      '政务公开',
      '字号',
      '打印',
      '分享到',
      '微信',
      '主办单位',
      '版权所有',
      '鹿山县人民政府网',
    ]) {
      expect(text).not.toContain(chrome)
    }
    // the page tools line between the title and the issuer is chrome, so the body is checked from the issuer on
    expect(firstMissingHan(bodyBetween(htmlToText(html), { from: '鹿山县人民政府\n2023年', before: '分享到' }), text)).toBeNull()
  })

  it('reads figures split by inline tags and thousands separators', () => {
    expect(figureOf(report, 5.2)).toMatchObject({ unit: '万件', change: { direction: 'up', value: 15, unit: '%' } })
    expect(figureOf(report, 91.5)).toMatchObject({ unit: '%', label: '网办率' })
    expect(figureOf(report, 3560)).toMatchObject({ unit: '件', label: '矛盾纠纷' })
  })

  it('keeps tags as literal text when told the input is text', () => {
    const asText = parseReport({ input: '<p>某县2023年法治政府建设情况报告</p>', format: 'text' })
    expect(asText.title).toBe('<p>某县2023年法治政府建设情况报告</p>')
    expect(parseReport({ input: '<p>某县2023年法治政府建设情况报告</p>' }).title).toBe('某县2023年法治政府建设情况报告')
  })
})

describe('htmlToText', () => {
  it('puts block elements on their own lines and table cells on one tab-separated line', () => {
    const text = htmlToText('<div>甲</div><p>乙<br>丙</p><table><tr><td>索引号：</td><td>123</td></tr></table><ul><li>丁</li></ul>')
    expect(text.split('\n')).toEqual(['甲', '乙', '丙', '索引号：\t123', '丁'])
  })

  it('removes scripts, styles, comments and navigation with their content', () => {
    const text = htmlToText(
      '<style>p{color:red}</style><script>var a = "<p>脚本</p>";</script><!-- 注释 --><nav><a>首页</a></nav><p>正文</p><noscript>请启用脚本</noscript>',
    )
    expect(text).toBe('正文')
  })

  it('decodes named and numeric entities after removing tags, so escaped tags stay text', () => {
    expect(htmlToText('<p>&ldquo;枫桥经验&rdquo;&nbsp;&#x4E00;&#20108;&amp;&lt;p&gt;&copy;</p>')).toBe('“枫桥经验” 一二&<p>©')
  })

  it('joins Chinese text broken across source lines without inserting a space', () => {
    expect(htmlToText('<p>推进法治\n      政府建设, and\n more</p>')).toBe('推进法治政府建设, and more')
  })
})

describe('parseReport figures', () => {
  const figuresOf = (sentence: string): ReportFigure[] => parseReport({ input: `某县2023年法治政府建设情况报告\n一、成效\n${sentence}` }).figures

  it('reads units as printed, keeps 万/余/多 in them and marks approximate numbers', () => {
    const figures = figuresOf(
      '为群众挽回经济损失1929万余元，培育法律明白人1350余名，发放资料10万余份，办理时限压缩至7个工作日，开展宣传80余场次，1,250多人受益，约300人参训，投入资金1.2亿元。',
    )
    expect(figures.map((figure) => [figure.value, figure.unit, figure.approx])).toEqual([
      [1929, '万余元', true],
      [1350, '余名', true],
      [10, '万余份', true],
      [7, '个工作日', false],
      [80, '余场次', true],
      [1250, '多人', true],
      [300, '人', true],
      [1.2, '亿元', false],
    ])
  })

  it('attaches 同比/较上年 changes to the preceding figure, as up or down', () => {
    const figures = figuresOf('全县受理案件120件，较上年下降5个百分点；申办业务3963件，同比上升17.2%；生成电子证照87613张，同比增加28.8%。')
    expect(figures.map((figure) => [figure.value, figure.change])).toEqual([
      [120, { direction: 'down', value: 5, unit: '个百分点', basis: '较上年' }],
      [3963, { direction: 'up', value: 17.2, unit: '%', basis: '同比' }],
      [87613, { direction: 'up', value: 28.8, unit: '%', basis: '同比' }],
    ])
  })

  it('makes a change that qualifies nothing before it a figure of its own, labelled by its subject', () => {
    const figures = figuresOf('办理时限压缩至5个工作日，办件量同比增长30%。行政诉讼败诉率同比下降8.3%。')
    expect(figures.map((figure) => [figure.value, figure.unit, figure.label, figure.change?.direction ?? null])).toEqual([
      [5, '个工作日', '时限压缩', null],
      [30, '%', '办件量', 'up'],
      [8.3, '%', '行政诉讼败诉率', 'down'],
    ])
  })

  it('keeps a number whose unit was lost with unit null', () => {
    const figures = figuresOf('为困难群众提供法律援助1175挽回经济损失1929万余元，举办培训班28培训2300人次。')
    expect(figures.map((figure) => [figure.value, figure.unit, figure.label])).toEqual([
      [1175, null, '法律援助'],
      [1929, '万余元', '经济损失'],
      [28, null, '培训班'],
      [2300, '人次', '培训'],
    ])
  })

  it('ignores years, dates, document numbers, book titles, ordinals, hotlines and codes', () => {
    const figures = figuresOf(
      '根据《法治政府建设实施纲要（2021—2025年）》和（某府发〔2021〕5号）要求，于2024年2月29日、3月15日召开会议，开通12345政务服务便民热线和12348法律服务热线，建成5G基站，推进第3批试点，网站支持IPv6，构建“1+3+N”体系，办理案件6件。',
    )
    expect(figures.map((figure) => [figure.value, figure.unit])).toEqual([[6, '件']])
  })

  it('reads full-width digits', () => {
    expect(figuresOf('办理行政复议案件１２０件，同比增长２０％。')).toMatchObject([{ value: 120, unit: '件', change: { value: 20, unit: '%' } }])
  })

  it('puts no figure on a tile whose words name a person, a duration or one item of a listed count', () => {
    const figures = figuresOf('成功化解张某等3户因拆迁引发的2起历时5年的纠纷，督促公安、住建3家部门整改，报备率、及时率均达100%。')
    expect(figures.map((figure) => [figure.value, figure.unit, figure.label])).toEqual([[100, '%', '及时率']])
  })

  it('labels figures with the counted thing, before the number or after its unit', () => {
    const figures = figuresOf(
      '各级调委会成功化解邻里纠纷14913件，培育1350余名村(社区“法律明白人”，县公共法律服务中心和19个公共法律服务工作站全部达标，通过率达到100%。',
    )
    expect(figures.map((figure) => figure.label)).toEqual(['邻里纠纷', '法律明白人', '公共法律服务工作站', '通过率'])
  })
})
