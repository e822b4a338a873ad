import { chinaDate } from '../../contracts/china-time'
import type { Datum, GeoPoint, LocationQuality, OpeningHours, Station, StationService, StationTier } from '../../contracts/station'
import { STATION_SERVICE_LABELS, stationDateSchema, stationIdSchema, stationPhoneSchema, stationSchema, stationServiceSchema } from '../../contracts/station'
import { parseCsvSteps } from './csv'
import { isInChina, wgs84ToGcj02 } from './geo'
import { DEFAULT_OPENING_HOURS } from './station-defaults'
import type { Town, TownRegistry } from './towns'
import { isRegistryCounty, resolveTown } from './towns'

/**
 * Reads an upstream station directory (a county's CSV export, or JSON: an array of rows or
 * `{ stations: [...] }`) into stations, row by row: a good row is kept even when its neighbours are
 * bad, and a bad row comes back with every reason in Chinese, naming the column, so an
 * administrator can fix the file. Former township names are mapped to current ones, WGS-84
 * coordinates are converted to GCJ-02, and nothing missing is invented (a blank address stays
 * `null`; blank hours become the default hours, marked as defaults).
 */

export const DIRECTORY_COLUMNS = [
  'id', 'name', 'tier', 'county', 'town', 'village', 'address', 'phone', 'hours', 'services',
  'lat', 'lng', 'datum', 'location_quality', 'source', 'verified_at',
] as const
export type DirectoryColumn = (typeof DIRECTORY_COLUMNS)[number]

/** Header spellings seen in exports; matched after trimming, lower-casing and removing spaces and `_`. */
const COLUMN_SPELLINGS: Readonly<Record<DirectoryColumn, readonly string[]>> = {
  id: ['id', '编号'],
  name: ['name', '名称', '站点名称', '机构名称'],
  tier: ['tier', '层级', '级别', '类型'],
  county: ['county', '区县', '县'],
  town: ['town', '乡镇', '乡镇（街道）', '乡镇(街道)', '街道'],
  village: ['village', '村', '村（社区）', '村(社区)', '村居'],
  address: ['address', '地址'],
  phone: ['phone', '电话', '联系电话'],
  hours: ['hours', '开放时间', '办公时间'],
  services: ['services', '服务', '服务项目'],
  lat: ['lat', 'latitude', '纬度'],
  lng: ['lng', 'lon', 'longitude', '经度'],
  datum: ['datum', '坐标系'],
  location_quality: ['location_quality', 'locationquality', '位置质量'],
  source: ['source', '来源'],
  verified_at: ['verified_at', 'verifiedat', '核实日期'],
}

/** Chinese name of each column, used in rejection reasons (`缺少名称（name）`). */
const COLUMN_LABELS: Readonly<Record<DirectoryColumn, string>> = {
  id: '编号', name: '名称', tier: '层级', county: '区县', town: '乡镇（街道）', village: '村（社区）',
  address: '地址', phone: '电话', hours: '开放时间', services: '服务项目', lat: '纬度', lng: '经度',
  datum: '坐标系', location_quality: '位置质量', source: '来源', verified_at: '核实日期',
}

function headerKey(header: string): string {
  return header.normalize('NFKC').trim().toLowerCase().replace(/[\s_]+/gu, '')
}

const COLUMN_BY_HEADER: ReadonlyMap<string, DirectoryColumn> = new Map(
  DIRECTORY_COLUMNS.flatMap((column) => COLUMN_SPELLINGS[column].map((spelling) => [headerKey(spelling), column] as const)),
)

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

export interface DirectoryParseResult {
  accepted: Station[]
  rejected: DirectoryRejection[]
  /** problems with the file as a whole (bad JSON, unclosed quote, no name column); no rows are read then */
  fileErrors: string[]
  /** CSV headers or JSON keys that are not directory columns and were not read */
  ignoredColumns: string[]
}

export interface DirectoryParseParams {
  input: string
  /** absent: JSON when the text starts with `[` or `{`, CSV otherwise */
  format?: 'csv' | 'json'
  /** township lists of the counties the directory may cover: names are checked and mapped with them */
  registries?: readonly TownRegistry[]
  /** county for rows that leave it blank (a single-county export often does) */
  defaultCounty?: string
  /** datum of rows that leave `datum` blank; Chinese exports are normally GCJ-02 */
  defaultDatum?: Datum
  /** `source` of rows that leave it blank, e.g. `秀山县司法局名录导入 2025-06-01` */
  source: string
  /** the import time: a `verified_at` after this day (China time) is rejected */
  now: Date
  /** more data rows than this: the whole file is refused (fileErrors), nothing is read */
  maxRows?: number
}

type RawRow = Partial<Record<DirectoryColumn, unknown>>

interface RowContext {
  registries: readonly TownRegistry[]
  defaultCounty: string | null
  defaultDatum: Datum
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

/** A unit of parsing work; the driver may yield to the event loop at every `yield`. */
type Steps<T> = Generator<void, T, void>

function tooManyRows(maxRows: number): string {
  return `名录超过 ${maxRows.toLocaleString('en')} 行的上限，整份没有读取（上限由 DIRECTORY_MAX_ROWS 设置）`
}

function* parseSteps(params: DirectoryParseParams): Steps<DirectoryParseResult> {
  const input = params.input.startsWith('\uFEFF') ? params.input.slice(1) : params.input
  const format = params.format ?? (/^\s*[[{]/u.test(input) ? 'json' : 'csv')
  const maxRows = params.maxRows ?? Number.POSITIVE_INFINITY
  const read = format === 'json' ? yield* readJsonRows({ text: input, maxRows }) : yield* readCsvRows({ text: input, maxRows })
  if (read.fileErrors.length > 0) return { accepted: [], rejected: [], fileErrors: read.fileErrors, ignoredColumns: read.ignoredColumns }

  const context: RowContext = {
    registries: params.registries ?? [],
    defaultCounty: params.defaultCounty?.trim() || null,
    defaultDatum: params.defaultDatum ?? 'gcj02',
    source: params.source,
    today: chinaDate({ now: params.now }),
  }
  const accepted: Station[] = []
  const rejected: DirectoryRejection[] = []
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
  }
  return { accepted, rejected, fileErrors: [], ignoredColumns: read.ignoredColumns }
}

// ---------------------------------------------------------------- reading the file

interface ReadRow {
  row: number
  line: number | null
  fields: RawRow
  /** problems with the row's shape (not an object, more cells than the header) that make its fields unreliable */
  shapeProblems: string[]
  raw: unknown
}

interface ReadRows {
  rows: ReadRow[]
  fileErrors: string[]
  ignoredColumns: string[]
}

function* readCsvRows(params: { text: string; maxRows: number }): Steps<ReadRows> {
  const parsed = yield* parseCsvSteps({ text: params.text })
  if (!parsed.ok) return { rows: [], fileErrors: [`CSV 格式错误：${parsed.error}`], ignoredColumns: [] }
  const [header, ...dataRecords] = parsed.records
  if (header === undefined) return { rows: [], fileErrors: ['文件是空的：第一行应为表头（id,name,tier,…）'], ignoredColumns: [] }
  if (dataRecords.length > params.maxRows) return { rows: [], fileErrors: [tooManyRows(params.maxRows)], ignoredColumns: [] }

  const columns: Array<DirectoryColumn | null> = header.cells.map((cell) => COLUMN_BY_HEADER.get(headerKey(cell)) ?? null)
  const ignoredColumns = header.cells.filter((_, index) => columns[index] === null && header.cells[index].trim() !== '').map((cell) => cell.trim())
  const fileErrors: string[] = []
  if (!columns.includes('name')) fileErrors.push('表头缺少名称列（name）')
  for (const column of DIRECTORY_COLUMNS) {
    if (columns.filter((candidate) => candidate === column).length > 1) fileErrors.push(`表头中 ${column}（${COLUMN_LABELS[column]}）列出现了不止一次`)
  }
  if (fileErrors.length > 0) return { rows: [], fileErrors, ignoredColumns }

  const rows = dataRecords.map((record, index): ReadRow => {
    const raw: Record<string, string> = {}
    const fields: RawRow = {}
    header.cells.forEach((headerCell, cellIndex) => {
      const value = record.cells[cellIndex] ?? ''
      raw[headerCell.trim() || `列${cellIndex + 1}`] = value
      const column = columns[cellIndex]
      if (column !== null) fields[column] = value
    })
    const extraCells = record.cells.length - header.cells.length
    if (extraCells <= 0) return { row: index + 1, line: record.line, fields, shapeProblems: [], raw }
    raw['多出的列'] = record.cells.slice(header.cells.length).join(',')
    // more cells than headers nearly always means an unquoted comma inside an address: every later
    // cell is shifted, so their own errors would only mislead
    const problem = `这一行比表头多 ${extraCells} 列：地址等内容里有逗号时，要用英文双引号把整格括起来（row）`
    return { row: index + 1, line: record.line, fields, shapeProblems: [problem], raw }
  })
  return { rows, fileErrors: [], ignoredColumns }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function* readJsonRows(params: { text: string; maxRows: number }): Steps<ReadRows> {
  const split = yield* splitJsonDocument({ text: params.text, maxRows: params.maxRows })
  if (!split.ok) return { rows: [], fileErrors: [split.error], ignoredColumns: [] }
  if (split.elements === null) return { rows: [], fileErrors: ['JSON 应为站点数组，或 { "stations": [...] }'], ignoredColumns: [] }

  const ignored = new Set<string>()
  const rows: ReadRow[] = []
  for (const [index, text] of split.elements.entries()) {
    if (index % 64 === 0) yield
    let element: unknown
    try {
      element = JSON.parse(text)
    } catch (error) {
      return { rows: [], fileErrors: [`JSON 格式错误：第 ${index + 1} 个站点：${error instanceof Error ? error.message : String(error)}`], ignoredColumns: [] }
    }
    rows.push(jsonRow({ element, index, ignored }))
  }
  return { rows, fileErrors: [], ignoredColumns: [...ignored] }
}

function jsonRow(params: { element: unknown; index: number; ignored: Set<string> }): ReadRow {
  const { element, index, ignored } = params
  if (!isPlainObject(element)) return { row: index + 1, line: null, fields: {}, shapeProblems: ['这一行不是对象（row）'], raw: element }
  const fields: RawRow = {}
  const shapeProblems: string[] = []
  for (const [key, value] of Object.entries(element)) {
    // the station shape itself (`location: { lat, lng }`) is accepted as well as the flat columns
    if (key === 'location') {
      if (isPlainObject(value)) {
        fields.lat = value.lat
        fields.lng = value.lng
      } else if (value !== null && value !== undefined) {
        // an array could be [lng, lat] (GeoJSON) or [lat, lng]: guessing would misplace the station
        shapeProblems.push('location 应为 { "lat": 纬度, "lng": 经度 } 或 null（lat、lng）')
      }
      continue
    }
    const column = COLUMN_BY_HEADER.get(headerKey(key))
    if (column === undefined) ignored.add(key)
    else fields[column] = value
  }
  return { row: index + 1, line: null, fields, shapeProblems, raw: element }
}

// ---------------------------------------------------------------- a large JSON document, in steps

type JsonSplit = { ok: true; elements: string[] | null } | { ok: false; error: string }

const JSON_CHARS_PER_STEP = 1 << 16

/**
 * Finds the station array of a JSON document (`[...]` or `{ "stations": [...] }`) and cuts it
 * into the text of its elements, without parsing the whole document at once: JSON.parse of a
 * document of many megabytes holds the event loop for hundreds of milliseconds, while each
 * element is small. Other values of the wrapping object are parsed (checked) whole. `elements`
 * is null when the document holds no station array.
 */
function* splitJsonDocument(params: { text: string; maxRows: number }): Steps<JsonSplit> {
  const { text } = params
  let position = 0
  let nextStep = JSON_CHARS_PER_STEP
  const syntaxError = (what: string): JsonSplit => ({ ok: false, error: `JSON 格式错误：${what}（第 ${lineAt(text, position)} 行附近）` })
  const skipSpace = () => {
    while (position < text.length && (text[position] === ' ' || text[position] === '\n' || text[position] === '\r' || text[position] === '\t')) position += 1
  }
  /** Moves past one value (string, number, literal, object or array); false when it is cut short. */
  function* skipValue(): Steps<boolean> {
    let depth = 0
    while (position < text.length) {
      if (position >= nextStep) {
        nextStep = position + JSON_CHARS_PER_STEP
        yield
      }
      const char = text[position]
      if (char === '"') {
        position += 1
        while (position < text.length && text[position] !== '"') position += text[position] === '\\' ? 2 : 1
        if (position >= text.length) return false
        position += 1
        if (depth === 0) return true
        continue
      }
      if (char === '{' || char === '[') depth += 1
      else if (char === '}' || char === ']') {
        if (depth === 0) return true
        depth -= 1
        position += 1
        if (depth === 0) return true
        continue
      } else if (depth === 0 && (char === ',' || char === ' ' || char === '\n' || char === '\r' || char === '\t')) return true
      position += 1
    }
    return depth === 0
  }
  function* splitArray(): Steps<JsonSplit> {
    const elements: string[] = []
    position += 1
    skipSpace()
    if (text[position] === ']') {
      position += 1
      return { ok: true, elements }
    }
    for (;;) {
      skipSpace()
      const start = position
      if (!(yield* skipValue()) || position === start) return syntaxError('数组没有正确结束')
      elements.push(text.slice(start, position))
      if (elements.length > params.maxRows) return { ok: false, error: tooManyRows(params.maxRows) }
      skipSpace()
      if (text[position] === ',') position += 1
      else if (text[position] === ']') {
        position += 1
        return { ok: true, elements }
      } else return syntaxError('数组元素之间应有逗号')
    }
  }

  skipSpace()
  let elements: string[] | null = null
  if (text[position] === '[') {
    const split = yield* splitArray()
    if (!split.ok) return split
    elements = split.elements
  } else if (text[position] === '{') {
    position += 1
    skipSpace()
    if (text[position] === '}') position += 1
    else {
      for (;;) {
        skipSpace()
        const keyStart = position
        if (text[position] !== '"' || !(yield* skipValue())) return syntaxError('对象的键应为带引号的文字')
        let key: unknown
        try {
          key = JSON.parse(text.slice(keyStart, position))
        } catch {
          return syntaxError('对象的键写得不对')
        }
        skipSpace()
        if (text[position] !== ':') return syntaxError('键后面应有冒号')
        position += 1
        skipSpace()
        if (key === 'stations' && text[position] === '[') {
          const split = yield* splitArray()
          if (!split.ok) return split
          elements = split.elements
        } else {
          const valueStart = position
          if (!(yield* skipValue()) || position === valueStart) return syntaxError('值没有正确结束')
          try {
            JSON.parse(text.slice(valueStart, position))
          } catch (error) {
            return { ok: false, error: `JSON 格式错误：${error instanceof Error ? error.message : String(error)}` }
          }
          // `"stations": "…"` (not an array) leaves no station array, as a later key may not fix
          if (key === 'stations') elements = null
        }
        skipSpace()
        if (text[position] === ',') position += 1
        else if (text[position] === '}') {
          position += 1
          break
        } else return syntaxError('对象的成员之间应有逗号')
      }
    }
  } else {
    // a string, number or literal: valid JSON that is not a directory, or not JSON at all
    try {
      JSON.parse(text)
    } catch (error) {
      return { ok: false, error: `JSON 格式错误：${error instanceof Error ? error.message : String(error)}` }
    }
    return { ok: true, elements: null }
  }
  skipSpace()
  if (position < text.length) return syntaxError('文档末尾有多余的内容')
  return { ok: true, elements }
}

function lineAt(text: string, position: number): number {
  let line = 1
  for (let index = text.indexOf('\n'); index !== -1 && index < position; index = text.indexOf('\n', index + 1)) line += 1
  return line
}

function isBlankRow(params: { fields: RawRow }): boolean {
  return Object.values(params.fields).every((value) => value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
}

// ---------------------------------------------------------------- one row

type RowResult = { ok: true; station: Station } | { ok: false; reasons: string[] }

function reason(params: { message: string; columns: readonly DirectoryColumn[] }): string {
  return `${params.message}（${params.columns.join('、')}）`
}

function rowToStation(params: { fields: RawRow; context: RowContext }): RowResult {
  const { fields, context } = params
  const reasons: string[] = []
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
  const registry = countyText === null ? undefined : context.registries.find((candidate) => isRegistryCounty({ name: countyText, registry: candidate }))
  const county = registry?.county.name ?? countyText
  if (county === null) report('缺少区县', 'county')

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
  const phone = text('phone')
  if (phone !== null && !stationPhoneSchema.safeParse(phone).success) report(`电话「${phone}」格式不正确`, 'phone')

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
    return {
      ok: false,
      reasons: checked.error.issues.map((issue) => `字段不符合要求：${issue.message}（${issue.path.join('.') || 'row'}）`),
    }
  }
  return { ok: true, station: checked.data }
}

type Report = (message: string, ...columns: DirectoryColumn[]) => void

/** The station schema's length limits, checked here so the reason is in Chinese. */
const MAX_TEXT_LENGTH: Readonly<Partial<Record<DirectoryColumn, number>>> = {
  name: 100, county: 50, town: 50, village: 50, address: 200, hours: 200, source: 1000,
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

const TIER_WORDS = /^(?:县级?|区县|乡镇(?:（街道）|\(街道\))?|街道|村(?:（居）|\(居\)|（社区）|\(社区\))?|社区)?(?:公共法律服务)?(中心|工作站|工作室)$/u
const TIER_BY_WORD: Readonly<Record<string, StationTier>> = { 中心: 'centre', 工作站: 'workstation', 工作室: 'workroom' }
/** the tier word at the end of a name, before an optional remark in brackets (`…工作站（临时）`) */
const TIER_SUFFIX = /公共法律服务(中心|工作站|工作室)(?:[（(][^（()）]*[）)])?$/u

/** `centre`/`workstation`/`workroom` or the Chinese words; with `suffixOnly`, the tier a station name ends with. */
export function parseTier(params: { value: string; suffixOnly?: boolean }): StationTier | null {
  const value = params.value.normalize('NFKC').replace(/\s+/gu, '')
  if (params.suffixOnly) {
    const match = TIER_SUFFIX.exec(value)
    return match ? TIER_BY_WORD[match[1]] : null
  }
  const lower = value.toLowerCase()
  if (lower === 'centre' || lower === 'center') return 'centre'
  if (lower === 'workstation' || lower === 'workroom') return lower
  const match = TIER_WORDS.exec(value.replace(/\(/gu, '（').replace(/\)/gu, '）')) ?? TIER_WORDS.exec(value)
  return match ? TIER_BY_WORD[match[1]] : null
}

/** A township named in the station's name (`中和街道公共法律服务工作站`), when exactly one is. */
function townInName(params: { name: string; registry: TownRegistry }): Town | null {
  const matches = params.registry.towns.filter((town) => [town.name, ...town.formerNames.map((former) => former.name)].some((townName) => params.name.includes(townName)))
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
  return word.normalize('NFKC').toLowerCase().replace(/[\s()（）/、]/gu, '')
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

type DatumReading = Datum | 'bd09' | null

function parseDatum(params: { value: string }): DatumReading {
  const key = params.value.normalize('NFKC').toLowerCase().replace(/[\s_-]/gu, '')
  if (['gcj02', 'gcj', '火星坐标', '火星坐标系', '国测局', '国测局坐标', '高德', '腾讯'].includes(key)) return 'gcj02'
  if (['wgs84', 'wgs', 'gps', 'epsg4326'].includes(key)) return 'wgs84'
  if (['bd09', 'bd09ll', '百度', '百度坐标'].includes(key)) return 'bd09'
  return null
}

const LOCATION_QUALITY_WORDS: Readonly<Record<string, LocationQuality>> = {
  surveyed: 'surveyed', 实测: 'surveyed', 精确: 'surveyed',
  approximate: 'approximate', 近似: 'approximate', 大致: 'approximate',
  unknown: 'unknown', 未知: 'unknown',
}

type LocationReading = { point: GeoPoint | null; quality: LocationQuality } | 'invalid'

function readLocation(params: { fields: RawRow; defaultDatum: Datum; report: Report }): LocationReading {
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

  let datum: Datum = params.defaultDatum
  if (datumText !== null) {
    const reading = parseDatum({ value: datumText })
    if (reading === 'bd09') {
      report('暂不接受百度坐标（BD-09），请转换为 GCJ-02 或 WGS-84', 'datum')
      return 'invalid'
    }
    if (reading === null) {
      report(`坐标系「${datumText}」无法识别，应为 gcj02 或 wgs84`, 'datum')
      return 'invalid'
    }
    datum = reading
  }
  if (quality === 'unknown') {
    report('填了坐标，位置质量却是 unknown：请填 surveyed（实测）或 approximate（近似）', 'location_quality')
    return 'invalid'
  }
  // a point whose quality nobody stated is not claimed to be surveyed
  return { point: datum === 'wgs84' ? wgs84ToGcj02(written) : written, quality: quality ?? 'approximate' }
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
  if (town !== null && tier === 'workroom') return `${town.code}-wr-${fnv1a({ text: `${params.village ?? ''}|${params.name}` })}`
  return `st-${fnv1a({ text: [params.county, params.townName ?? '', params.village ?? '', params.name, tier].join('|') })}`
}
