import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { isUtf8 } from 'node:buffer'
import type { Station } from '../../../contracts/station'
import { stationSchema } from '../../../contracts/station'
import type { DirectoryParseParams } from '../../../server/stations/directory/directory-rows'
import { parseDatum, parseDirectoryRows, parseTier } from '../../../server/stations/directory/directory-rows'
import { bd09ToGcj02, wgs84ToGcj02 } from '../../../server/stations/geo'
import { townRegistrySchema } from '../../../server/stations/towns'
import { openStorage, type Storage } from '../../../server/storage/database'
import { decodeText, detectTextEncoding } from '../../../server/upstream/text-encoding'
import { createUpstreamClient } from '../../../server/upstream/upstream-client'
import { startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream'
import { testDirectory } from '../support/test-app'

/**
 * A county 司法局's spreadsheet as it comes (fixtures/README.md): GBK from Excel on Chinese
 * Windows with a title row and no county column, UTF-8 with a BOM and its own header words,
 * BD-09 points, full-width phones, blank rows at the end.
 */

const repoRoot = path.resolve(__dirname, '../../..')
const xiushanTowns = townRegistrySchema.parse(JSON.parse(fs.readFileSync(path.join(repoRoot, 'data/stations/xiushan-towns.json'), 'utf8')))
const fixtureBytes = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', name))
const NOW = new Date('2026-06-01T04:00:00Z')

function parse(params: Partial<DirectoryParseParams> & { input: string | Uint8Array }) {
  return parseDirectoryRows({ registries: [xiushanTowns], source: '测试导入', now: NOW, ...params })
}

function byName(stations: Station[], name: string): Station {
  const station = stations.find((candidate) => candidate.name === name)
  if (station === undefined) throw new Error(`no station ${name}`)
  return station
}

describe('decodeText', () => {
  it('reads valid UTF-8 as UTF-8, with or without a BOM', () => {
    expect(decodeText({ bytes: Buffer.from('名称\n中心', 'utf8') })).toEqual({ text: '名称\n中心', encoding: 'utf-8', undecodable: 0 })
    expect(decodeText({ bytes: Buffer.from('\uFEFF名称', 'utf8') })).toEqual({ text: '名称', encoding: 'utf-8-bom', undecodable: 0 })
    expect(detectTextEncoding({ bytes: Buffer.from('name,tier\n') })).toBe('utf-8')
  })

  it('reads bytes that are not UTF-8 as GB18030 (GBK)', () => {
    const gbk = Buffer.from([0xb7, 0xa8, 0xd6, 0xce]) // 法治
    expect(isUtf8(gbk)).toBe(false)
    expect(decodeText({ bytes: gbk })).toEqual({ text: '法治', encoding: 'gb18030', undecodable: 0 })
  })

  it('reads UTF-16 with a BOM, either byte order', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('名称\t层级', 'utf16le')])
    expect(decodeText({ bytes: le })).toEqual({ text: '名称\t层级', encoding: 'utf-16le', undecodable: 0 })
    const be = Buffer.from(le.subarray(2)).swap16()
    expect(decodeText({ bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), be]) })).toEqual({ text: '名称\t层级', encoding: 'utf-16be', undecodable: 0 })
  })

  it('counts the bytes that GB18030 cannot read either', () => {
    const broken = Buffer.concat([Buffer.from([0xb7, 0xa8]), Buffer.from([0x81])]) // 法, then a lead byte cut short
    const decoded = decodeText({ bytes: broken })
    expect(decoded).toMatchObject({ encoding: 'gb18030', undecodable: 1 })
    expect(decoded.text.startsWith('法')).toBe(true)
  })
})

describe('a GBK export with a title row and no county column (fixtures/sifaju-export.gbk.csv)', () => {
  const bytes = fixtureBytes('sifaju-export.gbk.csv')

  it('is really GBK: not valid UTF-8, and decodes to its UTF-8 twin', () => {
    expect(isUtf8(bytes)).toBe(false)
    expect(decodeText({ bytes })).toEqual({ text: fixtureBytes('sifaju-export.utf8.csv').toString('utf8'), encoding: 'gb18030', undecodable: 0 })
  })

  describe('with a default county (--county 秀山县)', () => {
    const result = parse({ input: bytes, defaultCounty: '秀山县' })

    it('accepts all four rows, says how it read the file, and skips the title row and the blank rows', () => {
      expect(result.fileErrors).toEqual([])
      expect(result.encoding).toBe('gb18030')
      expect(result.notes).toEqual(['表头在文件第 2 行，前面的 1 行（标题等）没有读取'])
      expect(result.rejected).toEqual([])
      expect(result.warnings).toEqual([])
      expect(result.ignoredColumns).toEqual(['序号'])
      expect(result.accepted.map((station) => [station.id, station.name, station.tier, station.town, station.village])).toEqual([
        ['500241-centre', '秀山土家族苗族自治县公共法律服务中心', 'centre', null, null],
        ['500241005-ws', '清溪场街道公共法律服务工作站', 'workstation', '清溪场街道', null],
        [expect.stringMatching(/^500241103-wr-[0-9a-f]{8}$/u), '示例村公共法律服务工作室（虚构）', 'workroom', '隘口镇', '示例村（虚构）'],
        [expect.stringMatching(/^500241004-wr-[0-9a-f]{8}$/u), '官庄示例社区公共法律服务工作室（虚构）', 'workroom', '官庄街道', '示例社区（虚构）'],
      ])
      for (const station of result.accepted) {
        expect(station.county).toBe('秀山土家族苗族自治县')
        expect(stationSchema.safeParse(station).success).toBe(true)
      }
    })

    it('normalises full-width phones, keeps an extension as 转 and several numbers joined by 、', () => {
      expect(result.accepted.map((station) => station.phone)).toEqual([
        '023-06661234', // written ０２３－０６６６１２３４
        '023-06662001转8001',
        '13800000011、023-06663001',
        '023-06664001、023-06664002',
      ])
    })

    it('converts BD-09 (百度坐标, BD-09) and GPS points to GCJ-02 and leaves a blank point unknown', () => {
      const [centre, workstation, village, community] = result.accepted
      expect(centre.location).toEqual(bd09ToGcj02({ lat: 28.4508, lng: 109.0071 }))
      expect(workstation.location).toEqual(bd09ToGcj02({ lat: 28.471, lng: 109.021 }))
      expect(village).toMatchObject({ location: null, locationQuality: 'unknown' })
      expect(community.location).toEqual(wgs84ToGcj02({ lat: 28.446, lng: 108.992 }))
      expect(centre.locationQuality).toBe('approximate')
    })

    it('reads the hours and the services as written', () => {
      expect(result.accepted[0].hours).toEqual({ text: '周一至周五 9:00-12:00，14:00-17:30', isDefault: false })
      expect(result.accepted[0].services).toEqual(['legal_consultation', 'legal_aid_intake', 'mediation'])
      expect(result.accepted[2].services).toEqual(['legal_consultation', 'village_legal_adviser'])
      expect(result.accepted[3].hours.isDefault).toBe(true)
    })
  })

  it('without a county takes it from a name that says it, and gives every other row a Chinese reason', () => {
    const result = parse({ input: bytes })
    expect(result.accepted.map((station) => [station.id, station.county])).toEqual([['500241-centre', '秀山土家族苗族自治县']])
    expect(result.rejected.map(({ row, line, reasons }) => ({ row, line, reasons }))).toEqual(
      [2, 3, 4].map((row) => ({
        row,
        line: row + 2,
        reasons: ['缺少区县，名称中也没有写明是哪个区县：请填写区县列（只有一个区县的文件，可在导入时用 --county 区县名 指定）（county）'],
      })),
    )
  })
})

describe('a UTF-8 export with a BOM and its own header words (fixtures/county-export.bom.csv)', () => {
  const result = parse({ input: fixtureBytes('county-export.bom.csv') })

  it('reads its headers, keeps the good rows and ignores the blank ones at the end', () => {
    expect(result.fileErrors).toEqual([])
    expect(result.encoding).toBe('utf-8-bom')
    expect(result.ignoredColumns).toEqual([])
    expect(result.accepted.map((station) => [station.id, station.tier, station.town])).toEqual([
      ['500241-centre', 'centre', null],
      ['500241003-ws', 'workstation', '平凯街道'],
      [expect.stringMatching(/^500241112-wr-/u), 'workroom', '梅江镇'],
    ])
    expect(result.rejected.map(({ row, reasons }) => ({ row, reasons }))).toEqual([
      { row: 4, reasons: ['电话「待定」格式不正确：固定电话写作 023-12345678，手机 11 位，分机写作 转8001，几个号码用、分隔（phone）'] },
      { row: 5, reasons: ['坐标系「北京54」无法识别，应为 gcj02（高德、腾讯、国测局）、wgs84（GPS、天地图）或 bd09（百度）（datum）'] },
    ])
  })

  it('maps a county written after its municipality (重庆市秀山土家族苗族自治县)', () => {
    expect(result.accepted[0]).toMatchObject({ county: '秀山土家族苗族自治县', verifiedAt: '2025-05-06', location: { lat: 28.4448, lng: 108.996 } })
  })

  it('reads phones with a hotline, brackets, a dash extension and numbers separated by spaces, warning about the rest', () => {
    expect(result.accepted.map((station) => station.phone)).toEqual(['12348、023-06661234', '023-06665001转8002', '023-06666001、13800000066'])
    expect(result.warnings).toEqual([{ row: 3, line: 4, messages: ['电话中的「待定」不是电话号码，没有导入（phone）'] }])
  })

  it('converts 百度经纬度 and WGS-84 points, keeps a 高德 point as written', () => {
    expect(byName(result.accepted, '平凯街道公共法律服务工作站').location).toEqual(bd09ToGcj02({ lat: 28.4498, lng: 109.0104 }))
    expect(result.accepted[2].location).toEqual(wgs84ToGcj02({ lat: 28.3, lng: 109.1 }))
  })

  it('reads the same rows from the file saved without a BOM, in UTF-16, or tab-separated', () => {
    const text = fixtureBytes('county-export.bom.csv').toString('utf8').slice(1)
    const withoutBom = parse({ input: Buffer.from(text, 'utf8') })
    expect(withoutBom.encoding).toBe('utf-8')
    expect(withoutBom.accepted).toEqual(result.accepted)
    // Excel's "Unicode 文本": UTF-16LE with a BOM, tab-separated (no cell here holds a comma)
    const tsv = text.replace(/,/gu, '\t')
    const utf16 = parse({ input: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]) })
    expect(utf16.encoding).toBe('utf-16le')
    expect(utf16.accepted).toEqual(result.accepted)
    expect(utf16.rejected.map(({ row }) => row)).toEqual([4, 5])
  })
})

describe('the words exports use', () => {
  it.each([
    ['县级中心', 'centre'],
    ['县公共法律服务中心', 'centre'],
    ['县级公共法律服务中心', 'centre'],
    ['县级', 'centre'],
    ['区县级', 'centre'],
    ['乡镇工作站', 'workstation'],
    ['乡镇（街道）工作站', 'workstation'],
    ['乡镇(街道)公共法律服务工作站', 'workstation'],
    ['街道工作站', 'workstation'],
    ['乡镇级', 'workstation'],
    ['镇街', 'workstation'],
    ['村（居）工作室', 'workroom'],
    ['村居工作室', 'workroom'],
    ['社区工作室', 'workroom'],
    ['村(社区)工作室', 'workroom'],
    ['村级', 'workroom'],
    ['村（居）', 'workroom'],
  ])('reads the tier %s', (value, tier) => {
    expect(parseTier({ value })).toBe(tier)
  })

  it.each([['村级中心'], ['县级工作室'], ['服务站'], ['法律援助中心站'], ['站']])('does not guess the tier %s', (value) => {
    expect(parseTier({ value })).toBeNull()
  })

  it.each([
    ['bd09', 'bd09'],
    ['BD-09', 'bd09'],
    ['百度', 'bd09'],
    ['百度坐标', 'bd09'],
    ['百度经纬度', 'bd09'],
    ['BD09LL', 'bd09'],
    ['wgs84', 'wgs84'],
    ['WGS-84', 'wgs84'],
    ['GPS', 'wgs84'],
    ['GPS坐标', 'wgs84'],
    ['WGS84坐标系', 'wgs84'],
    ['CGCS2000', 'wgs84'],
    ['天地图', 'wgs84'],
    ['gcj02', 'gcj02'],
    ['GCJ-02', 'gcj02'],
    ['国测局', 'gcj02'],
    ['国测局坐标（GCJ-02）', 'gcj02'],
    ['火星坐标系', 'gcj02'],
    ['高德', 'gcj02'],
    ['高德地图', 'gcj02'],
    ['腾讯坐标', 'gcj02'],
  ])('reads the datum %s', (value, datum) => {
    expect(parseDatum({ value })).toBe(datum)
  })

  it.each([['北京54'], ['西安80'], ['bd09mc'], ['墨卡托']])('does not guess the datum %s', (value) => {
    expect(parseDatum({ value })).toBeNull()
  })

  it('matches header words with either width of brackets, spaces, _ or a required-column *', () => {
    const header = '*机构名称,机构 类型,所属区县,所属乡镇（街道）,所属村(居),详细_地址,值班电话,服务时间,服务内容,经度,纬度,坐标类型,数据来源'
    const row = '梅江镇公共法律服务工作站,乡镇工作站,秀山县,梅江镇,,示例路（虚构）,023-06669001,全天,普法,109.1,28.3,百度,测试（虚构）'
    const result = parse({ input: `${header}\n${row}\n` })
    expect(result.ignoredColumns).toEqual([])
    expect(result.rejected).toEqual([])
    expect(result.accepted[0]).toMatchObject({
      tier: 'workstation',
      town: '梅江镇',
      address: '示例路（虚构）',
      phone: '023-06669001',
      hours: { text: '全天' },
      services: ['legal_publicity'],
      source: '测试（虚构）',
    })
    expect(result.accepted[0].location).toEqual(bd09ToGcj02({ lat: 28.3, lng: 109.1 }))
  })

  it('takes a default datum for rows without one (--datum bd09)', () => {
    const result = parse({ input: '名称,县,经度,纬度\n梅江镇公共法律服务工作站,秀山县,109.1,28.3\n', defaultDatum: 'bd09' })
    expect(result.accepted[0].location).toEqual(bd09ToGcj02({ lat: 28.3, lng: 109.1 }))
  })

  it('does not take a county from a bare short name (秀山路) in a station name', () => {
    expect(parse({ input: '名称\n秀山路社区公共法律服务中心（虚构）\n' }).rejected[0].reasons[0]).toMatch(/^缺少区县/u)
    expect(parse({ input: '名称\n秀山县公共法律服务中心\n' }).accepted[0].county).toBe('秀山土家族苗族自治县')
  })
})

describe('DIRECTORY_URL serving a GBK CSV without a charset', () => {
  let upstream: FakeUpstream
  let storage: Storage
  let dir: string

  beforeEach(async () => {
    upstream = await startFakeUpstream()
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-gbk-'))
    storage = await openStorage({ kind: 'sqlite', sqlitePath: path.join(dir, 'dir.db') })
  })
  afterEach(async () => {
    await upstream.close()
    await storage.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('decodes it by its bytes: the centre is read, the rows without a county are reported', async () => {
    upstream.respond((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/csv' })
      res.end(fixtureBytes('sifaju-export.gbk.csv'))
    })
    const directory = await testDirectory(storage, { url: `${upstream.baseUrl}/directory.csv`, client: createUpstreamClient({ timeoutMs: 1000 }) })
    expect(await directory.refresh()).toEqual({ status: 'updated' })
    const centre = directory.snapshot().stations.find((station) => station.id === '500241-centre')
    expect(centre).toMatchObject({ name: '秀山土家族苗族自治县公共法律服务中心', phone: '023-06661234' })
    expect(directory.status().upstream?.rejectedRows.map((row) => row.row)).toEqual([2, 3, 4])
  })
})
