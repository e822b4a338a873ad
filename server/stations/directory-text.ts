import { parseCsvSteps } from './csv'

/**
 * The directory file as text: its columns and their spellings, CSV and JSON read into rows of raw
 * fields (a large JSON document in steps, so a running server keeps answering). What a row's
 * fields mean is directory-rows.ts.
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
export const COLUMN_LABELS: Readonly<Record<DirectoryColumn, string>> = {
  id: '编号', name: '名称', tier: '层级', county: '区县', town: '乡镇（街道）', village: '村（社区）',
  address: '地址', phone: '电话', hours: '开放时间', services: '服务项目', lat: '纬度', lng: '经度',
  datum: '坐标系', location_quality: '位置质量', source: '来源', verified_at: '核实日期',
}

export function headerKey(header: string): string {
  return header.normalize('NFKC').trim().toLowerCase().replace(/[\s_]+/gu, '')
}

export const COLUMN_BY_HEADER: ReadonlyMap<string, DirectoryColumn> = new Map(
  DIRECTORY_COLUMNS.flatMap((column) => COLUMN_SPELLINGS[column].map((spelling) => [headerKey(spelling), column] as const)),
)

export type RawRow = Partial<Record<DirectoryColumn, unknown>>

/** A unit of parsing work; the driver may yield to the event loop at every `yield`. */
export type Steps<T> = Generator<void, T, void>

export function tooManyRows(maxRows: number): string {
  return `名录超过 ${maxRows.toLocaleString('en')} 行的上限，整份没有读取（上限由 DIRECTORY_MAX_ROWS 设置）`
}

// ---------------------------------------------------------------- reading the file

export interface ReadRow {
  row: number
  line: number | null
  fields: RawRow
  /** problems with the row's shape (not an object, more cells than the header) that make its fields unreliable */
  shapeProblems: string[]
  raw: unknown
}

export interface ReadRows {
  rows: ReadRow[]
  fileErrors: string[]
  ignoredColumns: string[]
}

export function* readCsvRows(params: { text: string; maxRows: number }): Steps<ReadRows> {
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

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function* readJsonRows(params: { text: string; maxRows: number }): Steps<ReadRows> {
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

export function isBlankRow(params: { fields: RawRow }): boolean {
  return Object.values(params.fields).every((value) => value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
}

