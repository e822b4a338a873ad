import type { Station, StationTier } from '../../../contracts/station'
import { stationIdSchema, stationSchema } from '../../../contracts/station'
import type { Town, TownRegistry } from '../towns'
import { resolveTown, resolveVillage } from '../towns'
import {
  parseTier,
  readHours,
  readLocation,
  readPhone,
  readServices,
  readText,
  readVerifiedAt,
  reason,
  registryOf,
  type DatumReading,
  type Report,
} from './directory-cells'
import type { DirectoryColumn, RawRow } from './directory-text'

/** One row of a directory into a station, or every reason it is not one (the cells: directory-cells.ts). */

export interface RowContext {
  registries: readonly TownRegistry[]
  defaultCounty: string | null
  defaultDatum: DatumReading
  source: string
  today: string
}

export type RowResult = { ok: true; station: Station; warnings: string[] } | { ok: false; reasons: string[] }

export function rowToStation(params: { fields: RawRow; context: RowContext }): RowResult {
  const { fields, context } = params
  const reasons: string[] = []
  const warnings: string[] = []
  const report = (message: string, ...columns: DirectoryColumn[]) => reasons.push(reason({ message, columns }))
  const text = (column: DirectoryColumn): string | null => readText({ value: fields[column], column, report })

  const name = text('name')
  if (name === null) report('缺少名称', 'name')

  const tier = readTier({ tierText: text('tier'), name, report })
  const { registry, county, town, townName } = readPlace({ text, name, tier, context, report })

  const village = text('village')
  const address = text('address')
  const phone = readPhone({ value: text('phone'), report, warn: (message) => warnings.push(reason({ message, columns: ['phone'] })) })

  const hours = readHours({ value: fields.hours, report })
  const services = readServices({ value: fields.services, report })
  const location = readLocation({ fields, defaultDatum: context.defaultDatum, report })
  const verifiedAt = readVerifiedAt({ value: text('verified_at'), today: context.today, report })
  const source = text('source') ?? context.source

  const idText = text('id')
  if (idText !== null && !stationIdSchema.safeParse(idText).success) report(`编号「${idText}」只能包含英文字母、数字、- 和 _，且不超过 80 个字符`, 'id')

  if (reasons.length > 0 || name === null || tier === null || county === null || location === 'invalid') {
    return { ok: false, reasons }
  }

  const candidate = {
    id: idText ?? generatedStationId({ tier, name, county, townName, village, registry, town }),
    name,
    tier,
    county,
    town: townName,
    village,
    address,
    phone,
    hours,
    services,
    location: location.point,
    locationQuality: location.quality,
    source,
    verifiedAt,
  }
  const checked = stationSchema.safeParse(candidate)
  if (!checked.success) {
    // a backstop: the checks above should have caught everything the schema knows
    return { ok: false, reasons: checked.error.issues.map((issue) => `字段不符合要求：${issue.message}（${issue.path.join('.') || 'row'}）`) }
  }
  return { ok: true, station: checked.data, warnings }
}

/** The tier column, or the tier the name ends with (`中和街道公共法律服务工作站` says it). */
function readTier(params: { tierText: string | null; name: string | null; report: Report }): StationTier | null {
  const { tierText, name, report } = params
  if (tierText !== null) {
    const tier = parseTier({ value: tierText })
    if (tier === null) report(`层级「${tierText}」无法识别，应为 centre/workstation/workroom 或 公共法律服务中心/工作站/工作室`, 'tier')
    return tier
  }
  if (name === null) return null
  const tier = parseTier({ value: name, suffixOnly: true })
  if (tier === null) report('缺少层级，且无法从名称判断（应为 公共法律服务中心/工作站/工作室）', 'tier')
  return tier
}

interface Place {
  registry: TownRegistry | undefined
  county: string | null
  town: Town | null
  townName: string | null
}

/** The county (written, the import's default, or named in the station's name) and the township, checked against the registry. */
function readPlace(params: {
  /** reads a cell (in the row's order: the county's reasons come before the township's) */
  text: (column: DirectoryColumn) => string | null
  name: string | null
  tier: StationTier | null
  context: RowContext
  report: Report
}): Place {
  const { name, tier, context, report } = params
  const countyText = params.text('county') ?? context.defaultCounty
  const registry =
    countyText !== null
      ? registryOf({ county: countyText, registries: context.registries })
      : name !== null
        ? registryInName({ name, registries: context.registries })
        : undefined
  const county = registry?.county.name ?? countyText
  if (county === null && name !== null)
    report('缺少区县，名称中也没有写明是哪个区县：请填写区县列（只有一个区县的文件，可在导入时用 --county 区县名 指定）', 'county')
  else if (county === null) report('缺少区县', 'county')

  const townText = params.text('town')
  let town: Town | null = null
  let townName: string | null = townText
  if (registry !== undefined) {
    if (townText !== null) {
      town = resolveTown({ name: townText, registry })?.town ?? null
      if (town === null) report(`乡镇（街道）「${townText}」不在${registry.county.name}的乡镇名录中`, 'town')
    } else if (name !== null && tier !== 'centre') {
      town = townInName({ name, registry })
    }
    townName = town?.name ?? townText
  }
  if (townName === null && tier !== null && tier !== 'centre') {
    report('工作站和工作室需要填写所属乡镇（街道）', 'town')
  }
  return { registry, county, town, townName }
}

/**
 * The county a station's name says it belongs to (`秀山土家族苗族自治县公共法律服务中心`,
 * `秀山县中和街道公共法律服务工作站`), when exactly one registry's county is named in full. A
 * bare alias without 县/区/市 (`秀山`) is not enough: 秀山路社区 is a place name, not the county.
 */
function registryInName(params: { name: string; registries: readonly TownRegistry[] }): TownRegistry | undefined {
  const name = params.name.normalize('NFKC').replace(/\s+/gu, '')
  const named = params.registries.filter((registry) =>
    [registry.county.name, ...registry.county.aliases].some((county) => /[县区市旗]$/u.test(county) && name.includes(county)),
  )
  return named.length === 1 ? named[0] : undefined
}

/** A township named in the station's name (`中和街道公共法律服务工作站`), when exactly one is. */
function townInName(params: { name: string; registry: TownRegistry }): Town | null {
  const matches = params.registry.towns.filter((town) =>
    [town.name, ...town.formerNames.map((former) => former.name)].some((townName) => params.name.includes(townName)),
  )
  return matches.length === 1 ? matches[0] : null
}

/** FNV-1a, 32 bits: a short stable hash so a re-import gives a row without id the same id again. */
function fnv1a(params: { text: string }): string {
  let hash = 0x811c9dc5
  for (let index = 0; index < params.text.length; index += 1) {
    hash ^= params.text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, '0')
}

/**
 * Ids for rows without one, stable across imports: from the NBS codes when the county is known
 * (`500241-centre`, `500241001-ws`: the same ids the bundled directory uses, so an imported row
 * replaces the unverified bundled entry), else from a hash of the names.
 */
function generatedStationId(params: {
  tier: StationTier
  name: string
  county: string
  townName: string | null
  village: string | null
  registry: TownRegistry | undefined
  town: Town | null
}): string {
  const { tier, registry, town } = params
  if (registry !== undefined && tier === 'centre') return `${registry.county.code}-centre`
  if (town !== null && tier === 'workstation') return `${town.code}-ws`
  // a village the registry knows keeps the bundled workroom's id, so the county's row replaces that entry
  const village = town !== null && tier === 'workroom' && params.village !== null ? resolveVillage({ name: params.village, town }) : null
  if (village !== null) return `${village.code}-wr`
  if (town !== null && tier === 'workroom') return `${town.code}-wr-${fnv1a({ text: `${params.village ?? ''}|${params.name}` })}`
  return `st-${fnv1a({ text: [params.county, params.townName ?? '', params.village ?? '', params.name, tier].join('|') })}`
}
