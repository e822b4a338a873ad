import type { Datum, GeoPoint, LocationQuality, OpeningHours, StationService, StationTier } from '../../../contracts/station'
import { STATION_SERVICE_LABELS, stationDateSchema, stationPhoneSchema, stationServiceSchema, stationTierSchema } from '../../../contracts/station'
import { bd09ToGcj02, isInChina, wgs84ToGcj02 } from '../geo'
import { DEFAULT_OPENING_HOURS } from '../station-defaults'
import { isRegistryCounty, type TownRegistry } from '../towns'
import { COLUMN_LABELS, isPlainObject, type DirectoryColumn, type RawRow } from './directory-text'
import { joinPhones, readPhones } from './phone-numbers'

/**
 * One reader per cell of a directory row, each with the words exports use (tiers, counties,
 * services, datums) and its Chinese reasons naming the column; the row is directory-row.ts.
 */

export function reason(params: { message: string; columns: readonly DirectoryColumn[] }): string {
  return `${params.message}（${params.columns.join('、')}）`
}

export type Report = (message: string, ...columns: DirectoryColumn[]) => void

/** The station schema's length limits, checked here so the reason is in Chinese. */
const MAX_TEXT_LENGTH: Readonly<Partial<Record<DirectoryColumn, number>>> = {
  name: 100,
  county: 50,
  town: 50,
  village: 50,
  address: 200,
  hours: 200,
  source: 1000,
}

export function readText(params: { value: unknown; column: DirectoryColumn; report: Report }): string | null {
  const { value, column } = params
  if (value === undefined || value === null) return null
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value !== 'string') {
    params.report(`${COLUMN_LABELS[column]}应为文字`, column)
    return null
  }
  const trimmed = value.trim()
  if (trimmed === '') return null
  const maxLength = MAX_TEXT_LENGTH[column]
  if (maxLength !== undefined && trimmed.length > maxLength) {
    params.report(`${COLUMN_LABELS[column]}超过 ${maxLength} 个字`, column)
    return null
  }
  return trimmed
}

const TIER_BY_WORD: Readonly<Record<string, StationTier>> = { 中心: 'centre', 工作站: 'workstation', 工作室: 'workroom' }
/** the tier word at the end of a name, before an optional remark in brackets (`…工作站（临时）`) */
const TIER_SUFFIX = /公共法律服务(中心|工作站|工作室)(?:[（(][^（()）]*[）)])?$/u
/** `县级中心`, `乡镇（街道）工作站`, `村居公共法律服务工作室`: a level, then the tier word */
const TIER_WORDS = /^(.*?)(?:公共法律服务)?(中心|工作站|工作室)$/u
/** the level words of a tier column, brackets removed (`村（居）` → `村居`), `级` optional */
const LEVEL_WORDS: Readonly<Record<StationTier, readonly string[]>> = {
  centre: ['县', '区', '区县', '县区', '县市区', '县级以上'],
  workstation: ['乡镇', '乡镇街道', '街道', '镇', '乡', '镇街', '镇乡', '乡街道'],
  workroom: ['村', '村居', '社区', '村社区', '居', '村居委'],
}
const TIER_BY_LEVEL: ReadonlyMap<string, StationTier> = new Map(
  stationTierSchema.options.flatMap((tier) =>
    LEVEL_WORDS[tier].flatMap(
      (word) =>
        [
          [word, tier],
          [`${word}级`, tier],
        ] as const,
    ),
  ),
)

/**
 * `centre`/`workstation`/`workroom`, the Chinese words (`县级中心`, `乡镇（街道）工作站`,
 * `村（居）公共法律服务工作室`, `村居工作室`, `社区工作室`) or a level alone (`县级`, `乡镇`,
 * `村（居）`); with `suffixOnly`, the tier a station name ends with. A level that contradicts the
 * tier word (`村级中心`) is not guessed at.
 */
export function parseTier(params: { value: string; suffixOnly?: boolean }): StationTier | null {
  const value = params.value.normalize('NFKC').replace(/\s+/gu, '')
  if (params.suffixOnly) {
    const match = TIER_SUFFIX.exec(value)
    return match ? TIER_BY_WORD[match[1]] : null
  }
  const lower = value.toLowerCase()
  if (lower === 'centre' || lower === 'center') return 'centre'
  if (lower === 'workstation' || lower === 'workroom') return lower
  const key = value.replace(/[()]/gu, '')
  const match = TIER_WORDS.exec(key)
  if (match === null) return TIER_BY_LEVEL.get(key) ?? null
  const tier = TIER_BY_WORD[match[2]]
  return match[1] === '' || TIER_BY_LEVEL.get(match[1]) === tier ? tier : null
}

/** A county as written: the registry's name or an alias, also after a province or city (`重庆市秀山县`). */
export function registryOf(params: { county: string; registries: readonly TownRegistry[] }): TownRegistry | undefined {
  const written = params.county.normalize('NFKC').replace(/\s+/gu, '')
  return params.registries.find((registry) => {
    if (isRegistryCounty({ name: written, registry })) return true
    return [registry.county.name, ...registry.county.aliases].some(
      (name) => written.endsWith(name) && /^(?:\p{Script=Han}{1,8}?(?:省|自治区|市))+$/u.test(written.slice(0, -name.length)),
    )
  })
}

/** The station's numbers in one form (phone-numbers.ts), joined by `、`; parts that are not a number are warned about, not stored. */
export function readPhone(params: { value: string | null; report: Report; warn: (message: string) => void }): string | null {
  if (params.value === null) return null
  const reading = readPhones({ value: params.value })
  const { phone, left } = joinPhones({ numbers: reading.numbers, maxLength: MAX_PHONE_LENGTH })
  if (phone === null || !stationPhoneSchema.safeParse(phone).success) {
    const hint = reading.hint ?? '固定电话写作 023-12345678，手机 11 位，分机写作 转8001，几个号码用、分隔'
    params.report(`电话「${params.value}」格式不正确：${hint}`, 'phone')
    return null
  }
  if (reading.dropped.length > 0) params.warn(`电话中的${reading.dropped.map((part) => `「${part}」`).join('')}不是电话号码，没有导入`)
  if (left.length > 0) params.warn(`电话一栏最多 ${MAX_PHONE_LENGTH} 个字符，${left.join('、')} 没有导入`)
  return phone
}

/** The station contract's limit on `phone`. */
const MAX_PHONE_LENGTH = 60

export function readHours(params: { value: unknown; report: Report }): OpeningHours {
  // JSON rows may carry the station shape `{ text, isDefault }`; CSV cells are the text alone
  const shaped = isPlainObject(params.value) ? params.value : null
  const text = readText({ value: shaped === null ? params.value : shaped.text, column: 'hours', report: params.report })
  if (text === null) return { ...DEFAULT_OPENING_HOURS }
  return { text, isDefault: shaped?.isDefault === true }
}

/** Words upstream directories use for each service, besides the code and its label. */
const SERVICE_SYNONYMS: Readonly<Record<string, StationService>> = {
  咨询: 'legal_consultation',
  法律援助: 'legal_aid_intake',
  法律援助申请: 'legal_aid_intake',
  调解: 'mediation',
  矛盾纠纷调解: 'mediation',
  公证: 'notary_forensic_guidance',
  司法鉴定: 'notary_forensic_guidance',
  公证引导: 'notary_forensic_guidance',
  司法鉴定引导: 'notary_forensic_guidance',
  公证司法鉴定引导: 'notary_forensic_guidance',
  普法: 'legal_publicity',
  普法宣传: 'legal_publicity',
  法律顾问: 'village_legal_adviser',
  村居法律顾问: 'village_legal_adviser',
}

/** `Legal_Consultation`, `公证/司法鉴定引导` and `公证 司法鉴定引导` read alike. */
function serviceKey(word: string): string {
  return word
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s()（）/、]/gu, '')
}

const SERVICE_BY_WORD: ReadonlyMap<string, StationService> = new Map([
  ...stationServiceSchema.options.map((code) => [code, code] as const),
  ...stationServiceSchema.options.map((code) => [serviceKey(STATION_SERVICE_LABELS[code]), code] as const),
  ...Object.entries(SERVICE_SYNONYMS).map(([word, code]) => [serviceKey(word), code] as const),
])

export function readServices(params: { value: unknown; report: Report }): StationService[] {
  const { value } = params
  let words: unknown[]
  if (value === undefined || value === null) return []
  if (typeof value === 'string') words = value.split(/[;；、,，|\n]/u)
  else if (Array.isArray(value)) words = value
  else {
    params.report('服务项目应为文字，用 ; 或 、 分隔', 'services')
    return []
  }
  const services: StationService[] = []
  const unknown: string[] = []
  for (const word of words) {
    if (typeof word !== 'string') {
      unknown.push(String(word))
      continue
    }
    if (word.trim() === '') continue
    const code = SERVICE_BY_WORD.get(serviceKey(word))
    if (code === undefined) unknown.push(word.trim())
    else if (!services.includes(code)) services.push(code)
  }
  if (unknown.length > 0) {
    params.report(`服务项目无法识别：${unknown.map((word) => `「${word}」`).join('')}（可用：${Object.values(STATION_SERVICE_LABELS).join('、')}）`, 'services')
  }
  return services
}

const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)$/u

/** A number, `null` when blank, `'invalid'` when something else was written. */
function readCoordinate(params: { value: unknown; column: 'lat' | 'lng'; report: Report }): number | null | 'invalid' {
  const { value } = params
  if (value === undefined || value === null) return null
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value
  } else if (typeof value === 'string') {
    const normalised = value.normalize('NFKC').trim()
    if (normalised === '') return null
    if (DECIMAL.test(normalised)) return Number(normalised)
  }
  params.report(`${COLUMN_LABELS[params.column]}「${typeof value === 'string' ? value.trim() : JSON.stringify(value)}」不是数字`, params.column)
  return 'invalid'
}

/** The datums an export may be in; BD-09 (百度坐标) is read and converted, never stored. */
export type DatumReading = Datum | 'bd09'

const DATUM_WORDS: Readonly<Record<DatumReading, readonly string[]>> = {
  gcj02: ['gcj02', 'gcj', '火星', '国测局', '高德', '腾讯', '腾讯高德'],
  // CGCS2000 (天地图, the national datum) and WGS-84 differ by centimetres
  wgs84: ['wgs84', 'wgs', 'gps', 'epsg4326', 'cgcs2000', '2000国家大地', '国家2000', '天地图'],
  bd09: ['bd09', 'bd09ll', 'bd', '百度'],
}
const DATUM_BY_WORD: ReadonlyMap<string, DatumReading> = new Map(
  (Object.keys(DATUM_WORDS) as DatumReading[]).flatMap((datum) => DATUM_WORDS[datum].map((word) => [word, datum] as const)),
)

/** `BD-09`, `百度坐标`, `百度经纬度`, `高德地图`, `GPS坐标`, `WGS-84坐标系`, `国测局坐标（GCJ-02）`… */
export function parseDatum(params: { value: string }): DatumReading | null {
  const key = params.value
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.]/gu, '')
  const bare = key.replace(/\(.*\)$/u, '')
  for (const candidate of [key, bare, bare.replace(/(?:坐标系统|坐标系|坐标|经纬度|地图|系)+$/u, '')]) {
    const datum = DATUM_BY_WORD.get(candidate)
    if (datum !== undefined) return datum
  }
  return null
}

const LOCATION_QUALITY_WORDS: Readonly<Record<string, LocationQuality>> = {
  surveyed: 'surveyed',
  实测: 'surveyed',
  精确: 'surveyed',
  approximate: 'approximate',
  近似: 'approximate',
  大致: 'approximate',
  unknown: 'unknown',
  未知: 'unknown',
}

type LocationReading = { point: GeoPoint | null; quality: LocationQuality } | 'invalid'

export function readLocation(params: { fields: RawRow; defaultDatum: DatumReading; report: Report }): LocationReading {
  const { fields, report } = params
  const lat = readCoordinate({ value: fields.lat, column: 'lat', report })
  const lng = readCoordinate({ value: fields.lng, column: 'lng', report })
  const qualityText = readText({ value: fields.location_quality, column: 'location_quality', report })
  const datumText = readText({ value: fields.datum, column: 'datum', report })

  let quality: LocationQuality | null = null
  if (qualityText !== null) {
    quality = LOCATION_QUALITY_WORDS[qualityText.toLowerCase()] ?? null
    if (quality === null) report(`位置质量「${qualityText}」无法识别，应为 surveyed/approximate/unknown（实测/近似/未知）`, 'location_quality')
  }
  if (lat === 'invalid' || lng === 'invalid') return 'invalid'
  if (lat === null && lng === null) return { point: null, quality: 'unknown' }
  if (lat === null || lng === null) {
    report('纬度和经度要么都填，要么都不填', 'lat', 'lng')
    return 'invalid'
  }

  const written: GeoPoint = { lat, lng }
  if (!isInChina(written)) {
    if (isInChina({ lat: lng, lng: lat })) report('经纬度可能写反了：纬度约为 0~56，经度约为 72~138', 'lat', 'lng')
    else report(`坐标（纬度 ${lat}，经度 ${lng}）不在中国范围内`, 'lat', 'lng')
    return 'invalid'
  }

  let datum = params.defaultDatum
  if (datumText !== null) {
    const reading = parseDatum({ value: datumText })
    if (reading === null) {
      report(`坐标系「${datumText}」无法识别，应为 gcj02（高德、腾讯、国测局）、wgs84（GPS、天地图）或 bd09（百度）`, 'datum')
      return 'invalid'
    }
    datum = reading
  }
  if (quality === 'unknown') {
    report('填了坐标，位置质量却是 unknown：请填 surveyed（实测）或 approximate（近似）', 'location_quality')
    return 'invalid'
  }
  // a point whose quality nobody stated is not claimed to be surveyed
  const point = datum === 'wgs84' ? wgs84ToGcj02(written) : datum === 'bd09' ? bd09ToGcj02(written) : written
  return { point, quality: quality ?? 'approximate' }
}

/** `2024-05-06`, `2024/5/6`, `2024.5.6` and `2024年5月6日` → `2024-05-06`. */
export function readVerifiedAt(params: { value: string | null; today: string; report: Report }): string | null {
  if (params.value === null) return null
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/u.exec(params.value.normalize('NFKC'))
  const date = match ? `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}` : null
  if (date === null || !stationDateSchema.safeParse(date).success) {
    params.report(`核实日期「${params.value}」应为 YYYY-MM-DD 格式的日期`, 'verified_at')
    return null
  }
  if (date > params.today) {
    params.report(`核实日期 ${date} 晚于今天（${params.today}）`, 'verified_at')
    return null
  }
  return date
}
