import { chinaDate } from '../../../contracts/china-time'
import type { Station } from '../../../contracts/station'
import { decodeText, TEXT_ENCODING_LABELS, type TextEncodingName } from '../../upstream/text-encoding'
import type { TownRegistry } from '../towns'
import type { DatumReading } from './directory-cells'
import { rowToStation, type RowContext } from './directory-row'
import { DIRECTORY_COLUMNS, isBlankRow, readCsvRows, readJsonRows, type DirectoryColumn, type Steps } from './directory-text'

/**
 * Reads an upstream station directory (a county's CSV export as it comes — GBK or UTF-8, its own
 * header words — or JSON: an array of rows or `{ stations: [...] }`) into stations, row by row: a
 * good row is kept even when its neighbours are bad, and a bad row comes back with every reason in
 * Chinese, naming the column, so an administrator can fix the file. Former township names are
 * mapped to current ones, a missing county is taken from the station's name, phones are
 * normalised, WGS-84 and BD-09 coordinates are converted to GCJ-02, and nothing missing is
 * invented (a blank address stays `null`; blank hours become the default hours, marked as defaults).
 *
 * The file format itself is directory-text.ts; one row directory-row.ts; one cell (with the words
 * exports use for tiers, counties and datums) directory-cells.ts; the phone cell phone-numbers.ts;
 * the bytes text-encoding.ts.
 */

export { DIRECTORY_COLUMNS, type DirectoryColumn }
export { parseDatum, parseTier, registryOf, type DatumReading } from './directory-cells'

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
