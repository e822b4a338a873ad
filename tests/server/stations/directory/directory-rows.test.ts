import fs from 'node:fs'
import path from 'node:path'
import type { Station } from '../../../../contracts/station'
import { stationSchema } from '../../../../contracts/station'
import type { DirectoryParseParams } from '../../../../server/stations/directory/directory-rows'
import { parseDirectoryRows, parseDirectoryRowsSliced, parseTier } from '../../../../server/stations/directory/directory-rows'
import { haversineMeters, wgs84ToGcj02 } from '../../../../server/stations/geo'
import { DEFAULT_OPENING_HOURS } from '../../../../server/stations/station-defaults'
import { townRegistrySchema } from '../../../../server/stations/towns'

const repoRoot = path.resolve(__dirname, '../../../..')
const xiushanTowns = townRegistrySchema.parse(JSON.parse(fs.readFileSync(path.join(repoRoot, 'data/stations/xiushan-towns.json'), 'utf8')))
const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../fixtures', name), 'utf8')

/** Time is injected: verified_at after this day is in the future. */
const NOW = new Date('2026-06-01T04:00:00Z')

const HEADER = 'id,name,tier,county,town,village,address,phone,hours,services,lat,lng,datum,location_quality,source,verified_at'

function parse(params: Partial<DirectoryParseParams> & { input: string }) {
  return parseDirectoryRows({ registries: [xiushanTowns], source: '测试导入', now: NOW, ...params })
}

/** One CSV row under the standard header, columns given by name. */
function csvRow(cells: Partial<Record<string, string>>): string {
  return `${HEADER}\n${HEADER.split(',')
    .map((column) => cells[column] ?? '')
    .join(',')}\n`
}

function onlyStation(result: ReturnType<typeof parseDirectoryRows>): Station {
  expect(result.rejected).toEqual([])
  expect(result.fileErrors).toEqual([])
  expect(result.accepted).toHaveLength(1)
  return result.accepted[0]
}

function onlyReasons(result: ReturnType<typeof parseDirectoryRows>): string[] {
  expect(result.accepted).toEqual([])
  expect(result.rejected).toHaveLength(1)
  return result.rejected[0].reasons
}

describe('parseDirectoryRows', () => {
  describe('on a mixed county export (BOM, CRLF, quoted cells)', () => {
    const result = parse({ input: fixture('mixed-directory.csv') })

    it('keeps the good rows and rejects each bad one with its reason and row number', () => {
      expect(result.fileErrors).toEqual([])
      expect(result.accepted.map((station) => station.name)).toEqual([
        '中和街道公共法律服务工作站',
        '石堤镇示例村"法律之家"公共法律服务工作室',
        '孝溪示例村公共法律服务工作室（虚构）',
        '官庄街道公共法律服务工作站',
        '秀山县公共法律服务中心',
      ])
      expect(result.rejected.map(({ row, reasons }) => ({ row, reasons }))).toEqual([
        { row: 3, reasons: ['缺少名称（name）'] },
        { row: 4, reasons: ['层级「服务站」无法识别，应为 centre/workstation/workroom 或 公共法律服务中心/工作站/工作室（tier）'] },
        { row: 5, reasons: ['坐标（纬度 48.8566，经度 2.3522）不在中国范围内（lat、lng）'] },
        { row: 6, reasons: ['经纬度可能写反了：纬度约为 0~56，经度约为 72~138（lat、lng）'] },
        { row: 7, reasons: ['纬度「北纬28度」不是数字（lat）'] },
      ])
    })

    it('gives each rejection the file line it starts on and the row as read', () => {
      // row 2 spans two lines (a line break inside its quoted address), so row 3 starts on line 5
      expect(result.rejected[0].line).toBe(5)
      expect(result.rejected[0].raw).toMatchObject({ name: '', tier: 'workstation', town: '溶溪镇' })
    })

    it('reads quoted commas, escaped quotes and line breaks inside cells', () => {
      expect(result.accepted[0].address).toBe('示例路1号（虚构）, 二楼')
      expect(result.accepted[1].address).toBe('示例村村委会\r\n一楼（虚构）')
    })

    it('normalises the county name and maps former township names to current ones', () => {
      expect(new Set(result.accepted.map((station) => station.county))).toEqual(new Set(['秀山土家族苗族自治县']))
      expect(result.accepted[2].town).toBe('清溪场街道') // written 孝溪乡
      expect(result.accepted[3].town).toBe('官庄街道') // written 官庄镇
    })

    it('gives rows without an id the ids the bundled directory uses', () => {
      expect(result.accepted[0].id).toBe('500241001-ws')
      expect(result.accepted[1].id).toBe('fx-wr-1')
      expect(result.accepted[2].id).toMatch(/^500241005-wr-[0-9a-f]{8}$/)
      expect(result.accepted[3].id).toBe('500241004-ws')
      expect(result.accepted[4].id).toBe('500241-centre')
    })

    it('converts a WGS-84 point to GCJ-02 and keeps a GCJ-02 point as written', () => {
      const expected = wgs84ToGcj02({ lat: 28.4461, lng: 108.9922 })
      expect(result.accepted[3].location).toEqual(expected)
      expect(result.accepted[3].locationQuality).toBe('approximate')
      expect(result.accepted[0].location).toEqual({ lat: 28.4448, lng: 108.996 })
      expect(result.accepted[0].locationQuality).toBe('surveyed')
    })

    it('marks missing hours as defaults and keeps written hours as written', () => {
      expect(result.accepted[0].hours).toEqual({ text: '周一至周五 8:30-12:00，14:00-17:30', isDefault: false })
      expect(result.accepted[4].hours).toEqual(DEFAULT_OPENING_HOURS)
      expect(result.accepted[4].hours.isDefault).toBe(true)
    })

    it('reads services separated by 、 or ; in codes or Chinese', () => {
      expect(result.accepted[0].services).toEqual(['legal_consultation', 'mediation'])
      expect(result.accepted[1].services).toEqual(['legal_consultation', 'village_legal_adviser'])
    })

    it('invents nothing: blank address, phone and location stay null', () => {
      const centre = result.accepted[4]
      expect(centre).toMatchObject({ address: null, phone: null, location: null, locationQuality: 'unknown', verifiedAt: null, town: null, source: '测试导入' })
    })

    it('produces stations that satisfy the station schema', () => {
      for (const station of result.accepted) expect(stationSchema.safeParse(station).success).toBe(true)
    })
  })

  describe('rejection reasons', () => {
    it('rejects a row without a name', () => {
      expect(onlyReasons(parse({ input: csvRow({ tier: 'workstation', town: '溶溪镇', county: '秀山县' }) }))).toEqual(['缺少名称（name）'])
    })

    it('rejects an unknown tier and a missing tier the name does not reveal', () => {
      expect(onlyReasons(parse({ input: csvRow({ name: '某服务点（虚构）', tier: 'office', county: '秀山县', town: '溶溪镇' }) }))[0]).toMatch(
        /^层级「office」无法识别.*（tier）$/u,
      )
      expect(onlyReasons(parse({ input: csvRow({ name: '某服务点（虚构）', county: '秀山县', town: '溶溪镇' }) }))).toEqual([
        '缺少层级，且无法从名称判断（应为 公共法律服务中心/工作站/工作室）（tier）',
      ])
    })

    it('rejects coordinates outside China', () => {
      const reasons = onlyReasons(
        parse({ input: csvRow({ name: '悉尼示例站（虚构）', tier: 'workroom', county: '秀山县', town: '溶溪镇', lat: '-33.86', lng: '151.21' }) }),
      )
      expect(reasons).toEqual(['坐标（纬度 -33.86，经度 151.21）不在中国范围内（lat、lng）'])
    })

    it('rejects latitude and longitude that look swapped', () => {
      const reasons = onlyReasons(parse({ input: csvRow({ name: '溶溪镇公共法律服务工作站', county: '秀山县', town: '溶溪镇', lat: '108.9', lng: '28.4' }) }))
      expect(reasons).toEqual(['经纬度可能写反了：纬度约为 0~56，经度约为 72~138（lat、lng）'])
    })

    it('rejects non-numeric coordinates, naming each bad column', () => {
      const reasons = onlyReasons(
        parse({ input: csvRow({ name: '溶溪镇公共法律服务工作站', county: '秀山县', town: '溶溪镇', lat: '28.4N', lng: '一百零九' }) }),
      )
      expect(reasons).toEqual(['纬度「28.4N」不是数字（lat）', '经度「一百零九」不是数字（lng）'])
    })

    it('rejects a latitude without a longitude', () => {
      expect(onlyReasons(parse({ input: csvRow({ name: '溶溪镇公共法律服务工作站', county: '秀山县', town: '溶溪镇', lat: '28.4' }) }))).toEqual([
        '纬度和经度要么都填，要么都不填（lat、lng）',
      ])
    })

    it('rejects unknown datums instead of guessing', () => {
      const base = { name: '溶溪镇公共法律服务工作站', county: '秀山县', town: '溶溪镇', lat: '28.4', lng: '109' }
      expect(onlyReasons(parse({ input: csvRow({ ...base, datum: 'cgcs2000x' }) }))).toEqual([
        '坐标系「cgcs2000x」无法识别，应为 gcj02（高德、腾讯、国测局）、wgs84（GPS、天地图）或 bd09（百度）（datum）',
      ])
    })

    it('rejects a point marked as of unknown quality', () => {
      const input = csvRow({ name: '溶溪镇公共法律服务工作站', county: '秀山县', town: '溶溪镇', lat: '28.4', lng: '109', location_quality: 'unknown' })
      expect(onlyReasons(parse({ input }))[0]).toMatch(/（location_quality）$/u)
    })

    it('rejects a township that is not in the county, and a workstation without a township', () => {
      expect(onlyReasons(parse({ input: csvRow({ name: '某镇公共法律服务工作站（虚构）', county: '秀山县', town: '某某镇' }) }))).toEqual([
        '乡镇（街道）「某某镇」不在秀山土家族苗族自治县的乡镇名录中（town）',
      ])
      expect(onlyReasons(parse({ input: csvRow({ name: '某公共法律服务工作站', county: '秀山县' }) }))).toEqual([
        '工作站和工作室需要填写所属乡镇（街道）（town）',
      ])
    })

    it('rejects a row without a county when no default county is given and its name names none', () => {
      expect(onlyReasons(parse({ input: csvRow({ name: '某公共法律服务中心' }) }))).toEqual([
        '缺少区县，名称中也没有写明是哪个区县：请填写区县列（只有一个区县的文件，可在导入时用 --county 区县名 指定）（county）',
      ])
      expect(onlyReasons(parse({ input: csvRow({ tier: 'centre' }) }))).toEqual(['缺少名称（name）', '缺少区县（county）'])
    })

    it('rejects unknown services, a bad phone, a bad id and a bad or future verification date', () => {
      const reasons = onlyReasons(
        parse({
          input: csvRow({
            id: '站 1',
            name: '溶溪镇公共法律服务工作站',
            county: '秀山县',
            town: '溶溪镇',
            services: '法律咨询、算命',
            phone: 'call me',
            verified_at: '2026-06-02',
          }),
        }),
      )
      expect(reasons).toEqual([
        '电话「call me」格式不正确：固定电话写作 023-12345678，手机 11 位，分机写作 转8001，几个号码用、分隔（phone）',
        '服务项目无法识别：「算命」（可用：法律咨询、法律援助受理、人民调解、值班律师、公证/司法鉴定引导、法治宣传、村（居）法律顾问）（services）',
        '核实日期 2026-06-02 晚于今天（2026-06-01）（verified_at）',
        '编号「站 1」只能包含英文字母、数字、- 和 _，且不超过 80 个字符（id）',
      ])
      expect(onlyReasons(parse({ input: csvRow({ name: '溶溪镇公共法律服务工作站', county: '秀山县', town: '溶溪镇', verified_at: '2025-02-30' }) }))).toEqual([
        '核实日期「2025-02-30」应为 YYYY-MM-DD 格式的日期（verified_at）',
      ])
    })

    it('rejects text longer than a station may hold, in Chinese', () => {
      expect(onlyReasons(parse({ input: csvRow({ name: '溶溪镇公共法律服务工作站', county: '秀山县', address: '很长的地址'.repeat(41) }) }))).toEqual([
        '地址超过 200 个字（address）',
      ])
    })

    it('gives every reason of a row with several problems at once', () => {
      const reasons = onlyReasons(parse({ input: csvRow({ tier: '服务站', county: '秀山县', town: '溶溪镇', lat: 'x', lng: '109' }) }))
      expect(reasons).toEqual([
        '缺少名称（name）',
        '层级「服务站」无法识别，应为 centre/workstation/workroom 或 公共法律服务中心/工作站/工作室（tier）',
        '纬度「x」不是数字（lat）',
      ])
    })

    it('rejects a row with more cells than the header (an unquoted comma)', () => {
      const input = `${HEADER}\n,溶溪镇公共法律服务工作站,workstation,秀山县,溶溪镇,,示例路1号, 二楼,,,,,,,,,\n`
      expect(onlyReasons(parse({ input }))).toEqual(['这一行比表头多 1 列：地址等内容里有逗号时，要用英文双引号把整格括起来（row）'])
    })
  })

  describe('accepted variants', () => {
    it('a workroom row for a village the registry lists takes the bundled workroom id (<village code>-wr), so it replaces that entry instead of standing beside it', () => {
      const named = onlyStation(
        parse({
          input: csvRow({ name: '坝芒村公共法律服务工作室', tier: 'workroom', county: '秀山土家族苗族自治县', town: '隘口镇', village: '坝芒村', source: 'x' }),
        }),
      )
      expect(named.id).toBe('500241103212-wr')
      // the committee's official name and the name without 村 find the same village
      const official = onlyStation(
        parse({
          input: csvRow({
            name: '坝芒村公共法律服务工作室',
            tier: 'workroom',
            county: '秀山土家族苗族自治县',
            town: '隘口镇',
            village: '坝芒村村民委员会',
            source: 'x',
          }),
        }),
      )
      expect(official.id).toBe('500241103212-wr')
      // a village the registry does not list keeps a generated id
      const unlisted = onlyStation(
        parse({
          input: csvRow({
            name: '新村公共法律服务工作室',
            tier: 'workroom',
            county: '秀山土家族苗族自治县',
            town: '隘口镇',
            village: '不在名单村',
            source: 'x',
          }),
        }),
      )
      expect(unlisted.id).toMatch(/^500241103-wr-[0-9a-f]{8}$/)
    })

    it('accepts the Chinese tier words', () => {
      expect(parseTier({ value: '公共法律服务中心' })).toBe('centre')
      expect(parseTier({ value: '工作站' })).toBe('workstation')
      expect(parseTier({ value: '乡镇（街道）公共法律服务工作站' })).toBe('workstation')
      expect(parseTier({ value: '工作室' })).toBe('workroom')
      expect(parseTier({ value: '村(居)公共法律服务工作室' })).toBe('workroom')
      expect(parseTier({ value: 'Centre' })).toBe('centre')
      expect(parseTier({ value: '法律援助中心站' })).toBeNull()
    })

    it('takes the tier and the township from a name like 中和街道公共法律服务工作站', () => {
      const station = onlyStation(parse({ input: csvRow({ name: '清溪场镇公共法律服务工作站', county: '秀山' }) }))
      expect(station).toMatchObject({ tier: 'workstation', town: '清溪场街道', id: '500241005-ws' })
    })

    it('maps each recorded former township name and suffix-only renames to the current township', () => {
      for (const [written, current] of [
        ['清溪场镇', '清溪场街道'],
        ['孝溪乡', '清溪场街道'],
        ['官庄镇', '官庄街道'],
        ['涌洞乡', '涌洞镇'],
        ['膏田乡', '膏田镇'],
        ['秀山县中和镇', '中和街道'],
      ]) {
        const station = onlyStation(
          parse({ input: csvRow({ name: '示例村公共法律服务工作室（虚构）', tier: 'workroom', county: '秀山县', town: written, village: '示例村' }) }),
        )
        expect(station.town).toBe(current)
      }
    })

    it('uses the default county for rows that leave it blank', () => {
      const station = onlyStation(parse({ input: csvRow({ name: '兰桥镇公共法律服务工作站' }), defaultCounty: '秀山县' }))
      expect(station).toMatchObject({ county: '秀山土家族苗族自治县', town: '兰桥镇', id: '500241113-ws' })
    })

    it('keeps a county it has no township list for as written, with a hashed id', () => {
      const station = onlyStation(
        parse({ input: csvRow({ name: '示例镇公共法律服务工作站（虚构）', tier: 'workstation', county: '示例县（虚构）', town: '示例镇' }) }),
      )
      expect(station.county).toBe('示例县（虚构）')
      expect(station.id).toMatch(/^st-[0-9a-f]{8}$/)
      const again = onlyStation(
        parse({ input: csvRow({ name: '示例镇公共法律服务工作站（虚构）', tier: 'workstation', county: '示例县（虚构）', town: '示例镇' }) }),
      )
      expect(again.id).toBe(station.id)
    })

    it('reads Chinese headers, full-width digits and 2025年5月6日 dates', () => {
      const input = '名称,层级,区县,乡镇,纬度,经度,坐标系,核实日期\n雅江镇公共法律服务工作站,工作站,秀山县,雅江镇,２８.５,１０９.１,GCJ-02,2025年5月6日\n'
      const station = onlyStation(parse({ input }))
      expect(station).toMatchObject({ location: { lat: 28.5, lng: 109.1 }, locationQuality: 'approximate', verifiedAt: '2025-05-06' })
    })

    it('reads a WGS-84 point about 560 m away from where it is stored', () => {
      const station = onlyStation(
        parse({ input: csvRow({ name: '中和街道公共法律服务工作站', county: '秀山县', lat: '28.4461', lng: '108.9922', datum: 'wgs84' }) }),
      )
      const moved = haversineMeters({ from: { lat: 28.4461, lng: 108.9922 }, to: station.location as { lat: number; lng: number } })
      expect(moved).toBeGreaterThan(200)
      expect(moved).toBeLessThan(1000)
    })

    it('lists headers it does not know instead of failing', () => {
      const result = parse({ input: 'name,tier,county,town,备注\n溶溪镇公共法律服务工作站,workstation,秀山县,溶溪镇,随便写写\n' })
      expect(result.accepted).toHaveLength(1)
      expect(result.ignoredColumns).toEqual(['备注'])
    })

    it('skips rows that are entirely blank', () => {
      const result = parse({ input: `${HEADER}\n,,,,,,,,,,,,,,,\n${csvRow({ name: '溶溪镇公共法律服务工作站', county: '秀山县' }).split('\n')[1]}\n` })
      expect(result.rejected).toEqual([])
      expect(result.accepted).toHaveLength(1)
    })
  })

  describe('on JSON', () => {
    it('reads { stations: [...] } with station-shaped rows, rejecting non-objects and duplicate ids', () => {
      const result = parse({ input: fixture('directory.json') })
      expect(result.fileErrors).toEqual([])
      expect(result.accepted.map((station) => station.id)).toEqual(['fx-ws-1', '500241207-ws'])
      expect(result.accepted[0]).toMatchObject({
        town: '钟灵镇',
        hours: { text: '周一至周五 9:00-17:00', isDefault: false },
        location: { lat: 28.3, lng: 109.1 },
        locationQuality: 'surveyed',
        verifiedAt: '2025-05-20',
      })
      expect(result.accepted[1]).toMatchObject({ tier: 'workstation', town: '海洋乡', services: ['legal_aid_intake', 'mediation'], location: null })
      expect(result.rejected.map(({ row, line, reasons }) => ({ row, line, reasons }))).toEqual([
        { row: 2, line: null, reasons: ['这一行不是对象（row）'] },
        { row: 3, line: null, reasons: ['编号「fx-ws-1」与第 1 行重复（id）'] },
      ])
      expect(result.ignoredColumns).toEqual([])
    })

    it('rejects a location given as an array instead of guessing its order', () => {
      const input = JSON.stringify([{ name: '梅江镇公共法律服务工作站', county: '秀山县', location: [109.0, 28.3] }])
      expect(onlyReasons(parse({ input }))).toEqual(['location 应为 { "lat": 纬度, "lng": 经度 } 或 null（lat、lng）'])
    })

    it('reads a plain array and numbers given as numbers', () => {
      const input = JSON.stringify([{ name: '梅江镇公共法律服务工作站', county: '秀山县', lat: 28.3, lng: 109.0, datum: 'wgs84' }])
      expect(onlyStation(parse({ input })).location).toEqual(wgs84ToGcj02({ lat: 28.3, lng: 109.0 }))
    })
  })

  describe('file errors', () => {
    it('reports broken JSON, a JSON document of the wrong shape, an unclosed quote, a missing name column and an empty file', () => {
      expect(parse({ input: '[{"name": ' }).fileErrors[0]).toMatch(/^JSON 格式错误：/u)
      expect(parse({ input: '{"rows": []}' }).fileErrors).toEqual(['JSON 应为站点数组，或 { "stations": [...] }'])
      expect(parse({ input: 'name,address\n中心,"未闭合\n' }).fileErrors).toEqual(['CSV 格式错误：第 2 行开始的引号没有闭合'])
      expect(parse({ input: 'id,tier\n1,centre\n' }).fileErrors).toEqual(['表头缺少名称列（name）：表头应有「名称」「机构名称」或「站点名称」等列'])
      expect(parse({ input: 'name,名称\n' }).fileErrors).toEqual(['表头中 name（名称）列出现了不止一次'])
      expect(parse({ input: '' }).fileErrors).toEqual(['文件是空的：第一行应为表头（id,name,tier,…）'])
    })

    it('reads no rows when the file is broken', () => {
      const result = parse({ input: 'id,tier\n1,centre\n' })
      expect(result.accepted).toEqual([])
      expect(result.rejected).toEqual([])
    })
  })
})

describe('a large directory, read in slices (parseDirectoryRowsSliced) and with a row cap', () => {
  /** valid JSON that is not a usable directory, or not valid JSON at all: the sliced reader must agree with JSON.parse */
  const documents: [string, string][] = [
    ['the JSON fixture', fixture('directory.json')],
    ['the CSV fixture', fixture('mixed-directory.csv')],
    ['the bundled directory', fs.readFileSync(path.join(repoRoot, 'data/stations/xiushan.json'), 'utf8')],
    [
      'a wrapper with other keys around the array',
      JSON.stringify({
        county: '秀山县',
        note: { text: '含 "引号" 和 \\ 与 ] } 的说明', list: [1, [2]] },
        stations: JSON.parse(fixture('directory.json')),
        after: null,
      }),
    ],
    ['an empty array', '[]'],
    ['an empty object', ' {} '],
    ['a number', '42'],
    ['stations that is not an array', '{"stations": "none"}'],
    ['elements that are not objects', '[1, "two", null, [3], {"name": "中和街道公共法律服务工作站", "county": "秀山县"}]'],
    ['escapes inside strings', JSON.stringify([{ name: '中和街道公共法律服务工作站', county: '秀山县', address: 'a"b\\c]}{[', source: '\u2028' }])],
  ]

  it.each(documents)('gives the same result as the one-go reader for %s', async (_name, input) => {
    expect(await parseDirectoryRowsSliced({ registries: [xiushanTowns], source: '测试导入', now: NOW, input, sliceMs: 0 })).toEqual(parse({ input }))
  })

  it.each([
    ['[{"name": '],
    ['[{"name": "a"},]'],
    ['[{"name": "a"} {"name": "b"}]'],
    ['[{"name": tru}]'],
    ['[{"name": "a"}] x'],
    ['{"stations": [], "x": tru}'],
    ['{stations: []}'],
    ['{"stations" []}'],
    ['[{"name": "a\\u00"}]'],
    ['{"stations": [{"name": "a"}]'],
  ])('refuses the broken document %s as a whole, as JSON.parse would', (input) => {
    expect(() => JSON.parse(input)).toThrow()
    const result = parse({ input })
    expect(result.fileErrors).toHaveLength(1)
    expect(result.fileErrors[0]).toMatch(/^JSON 格式错误：/u)
    expect(result.accepted).toEqual([])
  })

  it('refuses a document with more rows than maxRows, JSON or CSV, before reading any row', () => {
    const rows = Array.from({ length: 12 }, (_, index) => ({
      name: `中和街道第${index}村公共法律服务工作室`,
      county: '秀山县',
      town: '中和街道',
      village: `第${index}村`,
    }))
    for (const input of [
      JSON.stringify(rows),
      JSON.stringify({ stations: rows }),
      `name,county,town,village\n${rows.map((row) => [row.name, row.county, row.town, row.village].join(',')).join('\n')}\n`,
    ]) {
      expect(parse({ input, maxRows: 12 }).accepted).toHaveLength(12)
      const refused = parse({ input, maxRows: 11 })
      expect(refused.fileErrors).toEqual(['名录超过 11 行的上限，整份没有读取（上限由 DIRECTORY_MAX_ROWS 设置）'])
      expect(refused.accepted).toEqual([])
      expect(refused.rejected).toEqual([])
    }
  })

  it('gives the event loop a turn while it reads many rows', async () => {
    const rows = Array.from({ length: 3000 }, (_, index) => ({
      name: `中和街道第${index}村公共法律服务工作室`,
      county: '秀山县',
      town: '中和街道',
      village: `第${index}村`,
      lat: 28.4,
      lng: 109.0,
    }))
    let turns = 0
    const ticker = setInterval(() => (turns += 1), 0)
    try {
      const result = await parseDirectoryRowsSliced({ registries: [xiushanTowns], source: '测试导入', now: NOW, input: JSON.stringify(rows), sliceMs: 1 })
      expect(result.accepted).toHaveLength(3000)
    } finally {
      clearInterval(ticker)
    }
    expect(turns).toBeGreaterThan(1)
  })
})
