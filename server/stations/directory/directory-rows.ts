import { chinaDate } from '../../../contracts/china-time'
import type { Datum, GeoPoint, LocationQuality, OpeningHours, Station, StationService, StationTier } from '../../../contracts/station'
import {
  STATION_SERVICE_LABELS,
  stationDateSchema,
  stationIdSchema,
  stationPhoneSchema,
  stationSchema,
  stationServiceSchema,
  stationTierSchema,
} from '../../../contracts/station'
import { decodeText, TEXT_ENCODING_LABELS, type TextEncodingName } from '../../upstream/text-encoding'
import {
  COLUMN_LABELS,
  DIRECTORY_COLUMNS,
  isBlankRow,
  isPlainObject,
  readCsvRows,
  readJsonRows,
  type DirectoryColumn,
  type RawRow,
  type Steps,
} from './directory-text'
import { bd09ToGcj02, isInChina, wgs84ToGcj02 } from '../geo'
import { joinPhones, readPhones } from './phone-numbers'
import { DEFAULT_OPENING_HOURS } from '../station-defaults'
import type { Town, TownRegistry } from '../towns'
import { isRegistryCounty, resolveTown, resolveVillage } from '../towns'

/**
 * Reads an upstream station directory (a county's CSV export as it comes — GBK or UTF-8, its own
 * header words — or JSON: an array of rows or `{ stations: [...] }`) into stations, row by row: a
 * good row is kept even when its neighbours are bad, and a bad row comes back with every reason in
 * Chinese, naming the column, so an administrator can fix the file. Former township names are
 * mapped to current ones, a missing county is taken from the station's name, phones are
 * normalised, WGS-84 and BD-09 coordinates are converted to GCJ-02, and nothing missing is
 * invented (a blank address stays `null`; blank hours become the default hours, marked as defaults).
 *
 * Over 400 lines on purpose: one reader per column (with the words exports use for tiers, counties
 * and datums), each with its Chinese reasons, read top to bottom as the row is; the file format
 * itself is directory-text.ts, the phone cell phone-numbers.ts, the bytes text-encoding.ts.
 */

export { DIRECTORY_COLUMNS, type DirectoryColumn }

export interface DirectoryRejection {
  /** 1-based position among the data rows (the CSV header is not a data row) */
  row: number
  /** 1-based line of a CSV file where the row starts; `null` for JSON */
  line: number | null
  /** every problem found, in Chinese, each naming its column: `经纬度可能写反了（lat、lng）` */
  reasons: string[]
  /** the row as read: CSV cells by header, or the JSON element */
  raw: unknown
}

/** An accepted row with something a person should check (a part of the phone cell that was left out). */
export interface DirectoryWarning {
  row: number
  line: number | null
  /** in Chinese, each naming its column */
  messages: string[]
}

export interface DirectoryParseResult {
  accepted: Station[]
  rejected: DirectoryRejection[]
  /** problems with the file as a whole (bad JSON, unclosed quote, no name column); no rows are read then */
  fileErrors: string[]
  /** CSV headers or JSON keys that are not directory columns and were not read */
  ignoredColumns: string[]
  /** how the bytes were read (given bytes), `null` when the input was already text */
  encoding: TextEncodingName | null
  /** about the file as a whole: title rows skipped, bytes that could not be decoded */
  notes: string[]
  warnings: DirectoryWarning[]
}

export interface DirectoryParseParams {
  /** the file's bytes (the encoding is detected: text-encoding.ts), or text already decoded */
  input: string | Uint8Array
  /** absent: JSON when the text starts with `[` or `{`, CSV otherwise */
  format?: 'csv' | 'json'
  /** township lists of the counties the directory may cover: names are checked and mapped with them */
  registries?: readonly TownRegistry[]
  /** county for rows that leave it blank (a single-county export often does); without it, the county a station's name starts with */
  defaultCounty?: string
  /** datum of rows that leave `datum` blank; Chinese exports are normally GCJ-02 */
  defaultDatum?: DatumReading
  /** `source` of rows that leave it blank, e.g. `秀山县司法局名录导入 2025-06-01` */
  source: string
  /** the import time: a `verified_at` after this day (China time) is rejected */
  now: Date
  /** more data rows than this: the whole file is refused (fileErrors), nothing is read */
  maxRows?: number
}

interface RowContext {
  registries: readonly TownRegistry[]
  defaultCounty: string | null
  defaultDatum: DatumReading
  source: string
  today: string
}

export function parseDirectoryRows(params: DirectoryParseParams): DirectoryParseResult {
  const steps = parseSteps(params)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/**
 * parseDirectoryRows for large documents in a running server: the same work, cut into slices of
 * about `sliceMs` (default 10 ms) with a turn of the event loop between them, so requests keep
 * being answered while a directory of many megabytes is read.
 */
export async function parseDirectoryRowsSliced(params: DirectoryParseParams & { sliceMs?: number }): Promise<DirectoryParseResult> {
  const sliceMs = params.sliceMs ?? 10
  const steps = parseSteps(params)
  let sliceStart = performance.now()
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise((resolve) => setImmediate(resolve))
      sliceStart = performance.now()
    }
  }
}

function* parseSteps(params: DirectoryParseParams): Steps<DirectoryParseResult> {
  const decoded = typeof params.input === 'string' ? null : decodeText({ bytes: params.input })
  const text = decoded?.text ?? (params.input as string)
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text
  const encoding = decoded?.encoding ?? null
  const notes: string[] = []
  if (decoded !== null && decoded.undecodable > 0) {
    notes.push(`文件按 ${TEXT_ENCODING_LABELS[decoded.encoding]} 读取，有 ${decoded.undecodable} 处字节无法识别（显示为 �）：请另存为 UTF-8 或 GBK 编码的 CSV`)
  }
  const format = params.format ?? (/^\s*[[{]/u.test(input) ? 'json' : 'csv')
  const maxRows = params.maxRows ?? Number.POSITIVE_INFINITY
  const read = format === 'json' ? yield* readJsonRows({ text: input, maxRows }) : yield* readCsvRows({ text: input, maxRows })
  notes.push(...read.notes)
  if (read.fileErrors.length > 0)
    return { accepted: [], rejected: [], fileErrors: read.fileErrors, ignoredColumns: read.ignoredColumns, encoding, notes, warnings: [] }

  const context: RowContext = {
    registries: params.registries ?? [],
    defaultCounty: params.defaultCounty?.trim() || null,
    defaultDatum: params.defaultDatum ?? 'gcj02',
    source: params.source,
    today: chinaDate({ now: params.now }),
  }
  const accepted: Station[] = []
  const rejected: DirectoryRejection[] = []
  const warnings: DirectoryWarning[] = []
  const rowById = new Map<string, number>()
  for (const entry of read.rows) {
    yield
    if (entry.shapeProblems.length > 0) {
      rejected.push({ row: entry.row, line: entry.line, reasons: entry.shapeProblems, raw: entry.raw })
      continue
    }
    if (isBlankRow({ fields: entry.fields })) continue
    const result = rowToStation({ fields: entry.fields, context })
    if (!result.ok) {
      rejected.push({ row: entry.row, line: entry.line, reasons: result.reasons, raw: entry.raw })
      continue
    }
    const firstRow = rowById.get(result.station.id)
    if (firstRow !== undefined) {
      rejected.push({ row: entry.row, line: entry.line, reasons: [`编号「${result.station.id}」与第 ${firstRow} 行重复（id）`], raw: entry.raw })
      continue
    }
    rowById.set(result.station.id, entry.row)
    accepted.push(result.station)
    if (result.warnings.length > 0) warnings.push({ row: entry.row, line: entry.line, messages: result.warnings })
  }
  return { accepted, rejected, fileErrors: [], ignoredColumns: read.ignoredColumns, encoding, notes, warnings }
}

// ---------------------------------------------------------------- one row

type RowResult = { ok: true; station: Station; warnings: string[] } | { ok: false; reasons: string[] }

function reason(params: { message: string; columns: readonly DirectoryColumn[] }): string {
  return `${params.message}（${params.columns.join('、')}）`
}

function rowToStation(params: { fields: RawRow; context: RowContext }): RowResult {
  const { fields, context } = params
  const reasons: string[] = []
  const warnings: string[] = []
  const report = (message: string, ...columns: DirectoryColumn[]) => reasons.push(reason({ message, columns }))
  const text = (column: DirectoryColumn): string | null => readText({ value: fields[column], column, report })

  const name = text('name')
  if (name === null) report('缺少名称', 'name')

  const tierText = text('tier')
  let tier: StationTier | null = null
  if (tierText !== null) {
    tier = parseTier({ value: tierText })
    if (tier === null) report(`层级「${tierText}」无法识别，应为 centre/workstation/workroom 或 公共法律服务中心/工作站/工作室`, 'tier')
  } else if (name !== null) {
    // `中和街道公共法律服务工作站` says its tier in its name
    tier = parseTier({ value: name, suffixOnly: true })
    if (tier === null) report('缺少层级，且无法从名称判断（应为 公共法律服务中心/工作站/工作室）', 'tier')
  }

  const countyText = text('county') ?? context.defaultCounty
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

  const townText = text('town')
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

type Report = (message: string, ...columns: DirectoryColumn[]) => void

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

function readText(params: { value: unknown; column: DirectoryColumn; report: Report }): string | null {
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

/** The station's numbers in one form (phone-numbers.ts), joined by `、`; parts that are not a number are warned about, not stored. */
function readPhone(params: { value: string | null; report: Report; warn: (message: string) => void }): string | null {
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

/** A township named in the station's name (`中和街道公共法律服务工作站`), when exactly one is. */
function townInName(params: { name: string; registry: TownRegistry }): Town | null {
  const matches = params.registry.towns.filter((town) =>
    [town.name, ...town.formerNames.map((former) => former.name)].some((townName) => params.name.includes(townName)),
  )
  return matches.length === 1 ? matches[0] : null
}

function readHours(params: { value: unknown; report: Report }): OpeningHours {
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

function readServices(params: { value: unknown; report: Report }): StationService[] {
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

function readLocation(params: { fields: RawRow; defaultDatum: DatumReading; report: Report }): LocationReading {
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
function readVerifiedAt(params: { value: string | null; today: string; report: Report }): string | null {
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
