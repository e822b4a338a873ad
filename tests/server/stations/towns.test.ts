import fs from 'node:fs'
import path from 'node:path'
import type { TownRegistry } from '../../../server/stations/towns'
import { isRegistryCounty, resolveTown, townRegistrySchema } from '../../../server/stations/towns'

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
        { code: '500241901', name: '示例镇', type: '镇', formerNames: [] },
        { code: '500241902', name: '示例乡', type: '乡', formerNames: [] },
      ],
    }
    expect(resolveTown({ name: '示例', registry: ambiguous })).toBeNull()
    expect(resolveTown({ name: '示例乡', registry: ambiguous })?.town.code).toBe('500241902')
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
