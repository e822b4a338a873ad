import { parseCsvSteps } from './csv'

/**
 * The directory file as text: its columns and their spellings, CSV and JSON read into rows of raw
 * fields (a large JSON document in steps, so a running server keeps answering). What a row's
 * fields mean is directory-rows.ts.
 */

export const DIRECTORY_COLUMNS = [
  'id',
  'name',
  'tier',
  'county',
  'town',
  'village',
  'address',
  'phone',
  'hours',
  'services',
  'lat',
  'lng',
  'datum',
  'location_quality',
  'source',
  'verified_at',
] as const
export type DirectoryColumn = (typeof DIRECTORY_COLUMNS)[number]

/**
 * Header spellings seen in exports (a 司法局's spreadsheet names its columns its own way), matched
 * by `headerKey`: lower-cased, without spaces, `_`, brackets of either width or a required-column
 * `*`, so `所属村（社区）`, `所属村(社区)` and `所属村社区` are one spelling. Deliberately not read:
 * `序号` (a row count, not an id), `联系人` and `联系方式` (a person and their own number, not the
 * station's).
 */
const COLUMN_SPELLINGS: Readonly<Record<DirectoryColumn, readonly string[]>> = {
  id: ['id', '编号', '站点编号', '机构编号'],
  name: ['name', '名称', '站点名称', '机构名称', '单位名称', '服务站名称', '站点', '机构'],
  tier: ['tier', '层级', '级别', '类型', '机构类型', '站点类型', '机构层级', '站点层级', '类别'],
  county: ['county', '区县', '县', '县区', '所属区县', '所属县', '区县名称'],
  town: ['town', '乡镇', '乡镇（街道）', '街道', '镇街', '所属乡镇', '所属街道', '所属乡镇（街道）', '所属镇街', '乡镇名称'],
  village: [
    'village',
    '村',
    '村（社区）',
    '村居',
    '村（居）',
    '社区',
    '所属村',
    '所属社区',
    '所属村（社区）',
    '所属村（居）',
    '所属村居',
    '村（居）委会',
    '村名称',
  ],
  address: ['address', '地址', '详细地址', '办公地址', '服务地址', '所在地址', '地点'],
  phone: ['phone', 'tel', '电话', '联系电话', '值班电话', '咨询电话', '办公电话', '服务电话', '电话号码'],
  hours: ['hours', '开放时间', '办公时间', '服务时间', '工作时间', '接待时间'],
  services: ['services', '服务', '服务项目', '服务内容', '服务事项'],
  lat: ['lat', 'latitude', '纬度', '纬度坐标'],
  lng: ['lng', 'lon', 'longitude', '经度', '经度坐标'],
  datum: ['datum', '坐标系', '坐标类型', '坐标系统', '坐标体系'],
  location_quality: ['location_quality', 'locationquality', '位置质量'],
  source: ['source', '来源', '数据来源'],
  verified_at: ['verified_at', 'verifiedat', '核实日期', '核实时间'],
}

/** Chinese name of each column, used in rejection reasons (`缺少名称（name）`). */
export const COLUMN_LABELS: Readonly<Record<DirectoryColumn, string>> = {
  id: '编号',
  name: '名称',
  tier: '层级',
  county: '区县',
  town: '乡镇（街道）',
  village: '村（社区）',
  address: '地址',
  phone: '电话',
  hours: '开放时间',
  services: '服务项目',
  lat: '纬度',
  lng: '经度',
  datum: '坐标系',
  location_quality: '位置质量',
  source: '来源',
  verified_at: '核实日期',
}

export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_()[\]【】〔〕*]+/gu, '')
}

export const COLUMN_BY_HEADER: ReadonlyMap<string, DirectoryColumn> = (() => {
  const byHeader = new Map<string, DirectoryColumn>()
  for (const column of DIRECTORY_COLUMNS) {
    for (const spelling of COLUMN_SPELLINGS[column]) {
      const key = headerKey(spelling)
      const owner = byHeader.get(key)
      if (owner !== undefined && owner !== column) throw new Error(`header spelling ${spelling} names both ${owner} and ${column}`)
      byHeader.set(key, column)
    }
  }
  return byHeader
})()

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
  /** what was done to the file as a whole that a person should know (title rows skipped) */
  notes: string[]
}

/** Records searched for the header when the first is not one (a title row such as `秀山县公共法律服务站点名录`). */
const HEADER_SEARCH_RECORDS = 10

function columnsOf(cells: readonly string[]): Array<DirectoryColumn | null> {
  return cells.map((cell) => COLUMN_BY_HEADER.get(headerKey(cell)) ?? null)
}

/** Excel's "Unicode 文本" (UTF-16) is tab-separated: a first line with tabs and no comma says so. */
function delimiterOf(text: string): ',' | '\t' {
  const firstLine = text.slice(0, text.search(/\r|\n/u) === -1 ? text.length : text.search(/\r|\n/u))
  return firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ','
}

function isBlankCell(cell: string): boolean {
  return cell.trim() === ''
}

export function* readCsvRows(params: { text: string; maxRows: number }): Steps<ReadRows> {
  const parsed = yield* parseCsvSteps({ text: params.text, delimiter: delimiterOf(params.text) })
  if (!parsed.ok) return { rows: [], fileErrors: [`CSV 格式错误：${parsed.error}`], ignoredColumns: [], notes: [] }
  if (parsed.records.length === 0) return { rows: [], fileErrors: ['文件是空的：第一行应为表头（id,name,tier,…）'], ignoredColumns: [], notes: [] }
  // the header is the first record, or the first of the next few that names a name column (title rows above it)
  let headerIndex = 0
  if (!columnsOf(parsed.records[0].cells).includes('name')) {
    const found = parsed.records.slice(0, HEADER_SEARCH_RECORDS).findIndex((record) => columnsOf(record.cells).includes('name'))
    if (found > 0) headerIndex = found
  }
  const header = parsed.records[headerIndex]
  const dataRecords = parsed.records.slice(headerIndex + 1)
  const notes = headerIndex === 0 ? [] : [`表头在文件第 ${header.line} 行，前面的 ${headerIndex} 行（标题等）没有读取`]
  if (dataRecords.length > params.maxRows) return { rows: [], fileErrors: [tooManyRows(params.maxRows)], ignoredColumns: [], notes }

  const columns = columnsOf(header.cells)
  const ignoredColumns = header.cells.filter((_, index) => columns[index] === null && header.cells[index].trim() !== '').map((cell) => cell.trim())
  const fileErrors: string[] = []
  if (!columns.includes('name')) fileErrors.push('表头缺少名称列（name）：表头应有「名称」「机构名称」或「站点名称」等列')
  for (const column of DIRECTORY_COLUMNS) {
    if (columns.filter((candidate) => candidate === column).length > 1) fileErrors.push(`表头中 ${column}（${COLUMN_LABELS[column]}）列出现了不止一次`)
  }
  if (fileErrors.length > 0) return { rows: [], fileErrors, ignoredColumns, notes }

  const rows = dataRecords.map((record, index): ReadRow => {
    const raw: Record<string, string> = {}
    const fields: RawRow = {}
    header.cells.forEach((headerCell, cellIndex) => {
      const value = record.cells[cellIndex] ?? ''
      raw[headerCell.trim() || `列${cellIndex + 1}`] = value
      const column = columns[cellIndex]
      if (column !== null) fields[column] = value
    })
    // a row of nothing but commas and spaces (spreadsheets leave them at the end) is blank however wide;
    // a row with content and more cells keeps its shape problem: an unquoted comma shifts every later cell
    const extraCells = record.cells.every(isBlankCell) ? 0 : record.cells.length - header.cells.length
    if (extraCells <= 0) return { row: index + 1, line: record.line, fields, shapeProblems: [], raw }
    raw['多出的列'] = record.cells.slice(header.cells.length).join(',')
    // more cells than headers nearly always means an unquoted comma inside an address: every later
    // cell is shifted, so their own errors would only mislead
    const problem = `这一行比表头多 ${extraCells} 列：地址等内容里有逗号时，要用英文双引号把整格括起来（row）`
    return { row: index + 1, line: record.line, fields, shapeProblems: [problem], raw }
  })
  return { rows, fileErrors: [], ignoredColumns, notes }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function* readJsonRows(params: { text: string; maxRows: number }): Steps<ReadRows> {
  const split = yield* splitJsonDocument({ text: params.text, maxRows: params.maxRows })
  if (!split.ok) return { rows: [], fileErrors: [split.error], ignoredColumns: [], notes: [] }
  if (split.elements === null) return { rows: [], fileErrors: ['JSON 应为站点数组，或 { "stations": [...] }'], ignoredColumns: [], notes: [] }

  const ignored = new Set<string>()
  const rows: ReadRow[] = []
  for (const [index, text] of split.elements.entries()) {
    if (index % 64 === 0) yield
    let element: unknown
    try {
      element = JSON.parse(text)
    } catch (error) {
      return {
        rows: [],
        fileErrors: [`JSON 格式错误：第 ${index + 1} 个站点：${error instanceof Error ? error.message : String(error)}`],
        ignoredColumns: [],
        notes: [],
      }
    }
    rows.push(jsonRow({ element, index, ignored }))
  }
  return { rows, fileErrors: [], ignoredColumns: [...ignored], notes: [] }
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
  const scanner = new JsonScanner(params)
  scanner.skipSpace()
  const opening = scanner.char()
  let split: JsonSplit
  if (opening === '[') split = yield* scanner.splitArray()
  else if (opening === '{') split = yield* scanner.splitObject()
  else {
    // a string, number or literal: valid JSON that is not a directory, or not JSON at all
    const parsed = parseJsonText(params.text)
    return parsed.ok ? { ok: true, elements: null } : parsed
  }
  if (!split.ok) return split
  scanner.skipSpace()
  if (!scanner.atEnd()) return scanner.syntaxError('文档末尾有多余的内容')
  return split
}

function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    return { ok: false, error: `JSON 格式错误：${error instanceof Error ? error.message : String(error)}` }
  }
}

/** A cursor over a JSON document that steps over values without parsing them, yielding every JSON_CHARS_PER_STEP characters. */
class JsonScanner {
  private position = 0
  private nextStep = JSON_CHARS_PER_STEP
  private readonly text: string
  private readonly maxRows: number

  constructor(params: { text: string; maxRows: number }) {
    this.text = params.text
    this.maxRows = params.maxRows
  }

  char(): string | undefined {
    return this.text[this.position]
  }

  atEnd(): boolean {
    return this.position >= this.text.length
  }

  syntaxError(what: string): JsonSplit {
    return { ok: false, error: `JSON 格式错误：${what}（第 ${lineAt(this.text, this.position)} 行附近）` }
  }

  skipSpace(): void {
    const { text } = this
    while (
      this.position < text.length &&
      (text[this.position] === ' ' || text[this.position] === '\n' || text[this.position] === '\r' || text[this.position] === '\t')
    )
      this.position += 1
  }

  /** Moves past one value (string, number, literal, object or array); false when it is cut short. */
  *skipValue(): Steps<boolean> {
    const { text } = this
    let depth = 0
    while (this.position < text.length) {
      if (this.position >= this.nextStep) {
        this.nextStep = this.position + JSON_CHARS_PER_STEP
        yield
      }
      const char = text[this.position]
      if (char === '"') {
        this.position += 1
        while (this.position < text.length && text[this.position] !== '"') this.position += text[this.position] === '\\' ? 2 : 1
        if (this.position >= text.length) return false
        this.position += 1
        if (depth === 0) return true
        continue
      }
      if (char === '{' || char === '[') depth += 1
      else if (char === '}' || char === ']') {
        if (depth === 0) return true
        depth -= 1
        this.position += 1
        if (depth === 0) return true
        continue
      } else if (depth === 0 && (char === ',' || char === ' ' || char === '\n' || char === '\r' || char === '\t')) return true
      this.position += 1
    }
    return depth === 0
  }

  /** Moves past an opening bracket; true when the array or object closes at once (and moves past that too). */
  private enterEmpty(close: ']' | '}'): boolean {
    this.position += 1
    this.skipSpace()
    if (this.char() !== close) return false
    this.position += 1
    return true
  }

  /** After a member: `more` past a comma, `end` past the closing bracket, null when neither follows. */
  private separator(close: ']' | '}'): 'more' | 'end' | null {
    this.skipSpace()
    const char = this.char()
    if (char !== ',' && char !== close) return null
    this.position += 1
    return char === ',' ? 'more' : 'end'
  }

  /** At `[`: the text of each element. */
  *splitArray(): Steps<JsonSplit> {
    const elements: string[] = []
    if (this.enterEmpty(']')) return { ok: true, elements }
    for (;;) {
      this.skipSpace()
      const start = this.position
      if (!(yield* this.skipValue()) || this.position === start) return this.syntaxError('数组没有正确结束')
      elements.push(this.text.slice(start, this.position))
      if (elements.length > this.maxRows) return { ok: false, error: tooManyRows(this.maxRows) }
      const after = this.separator(']')
      if (after === null) return this.syntaxError('数组元素之间应有逗号')
      if (after === 'end') return { ok: true, elements }
    }
  }

  /** At `{`: the elements of its `stations` array (null without one); the other values are parsed whole, to check them. */
  *splitObject(): Steps<JsonSplit> {
    let elements: string[] | null = null
    if (this.enterEmpty('}')) return { ok: true, elements }
    for (;;) {
      this.skipSpace()
      const keyStart = this.position
      if (this.char() !== '"' || !(yield* this.skipValue())) return this.syntaxError('对象的键应为带引号的文字')
      const key = parseJsonText(this.text.slice(keyStart, this.position))
      if (!key.ok) return this.syntaxError('对象的键写得不对')
      this.skipSpace()
      if (this.char() !== ':') return this.syntaxError('键后面应有冒号')
      this.position += 1
      this.skipSpace()
      if (key.value === 'stations' && this.char() === '[') {
        const split = yield* this.splitArray()
        if (!split.ok) return split
        elements = split.elements
      } else {
        const valueStart = this.position
        if (!(yield* this.skipValue()) || this.position === valueStart) return this.syntaxError('值没有正确结束')
        const value = parseJsonText(this.text.slice(valueStart, this.position))
        if (!value.ok) return value
        // `"stations": "…"` (not an array) leaves no station array, as a later key may not fix
        if (key.value === 'stations') elements = null
      }
      const after = this.separator('}')
      if (after === null) return this.syntaxError('对象的成员之间应有逗号')
      if (after === 'end') return { ok: true, elements }
    }
  }
}

function lineAt(text: string, position: number): number {
  let line = 1
  for (let index = text.indexOf('\n'); index !== -1 && index < position; index = text.indexOf('\n', index + 1)) line += 1
  return line
}

export function isBlankRow(params: { fields: RawRow }): boolean {
  return Object.values(params.fields).every((value) => value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
}
