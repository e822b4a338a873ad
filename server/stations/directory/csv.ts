/**
 * A small RFC 4180 reader for directory exports (Excel, WPS, government portals): comma
 * separated (tab separated when the caller says so, as Excel's "Unicode 文本" is), fields
 * optionally in double quotes, `""` for a quote inside quotes, commas and line breaks allowed
 * inside quotes, CRLF / LF / CR line ends, a leading UTF-8 BOM ignored, and no empty record for a
 * final line break or a blank line. It is lenient where spreadsheets are sloppy (a stray quote
 * inside an unquoted field is kept as text) and strict where data would be lost (an unclosed
 * quote is an error, not a silently swallowed rest of file).
 */

export interface CsvRecord {
  /** the cells as written, quotes removed */
  cells: string[]
  /** 1-based line of the file the record starts on (records may span lines) */
  line: number
}

export type CsvParseResult = { ok: true; records: CsvRecord[] } | { ok: false; error: string; line: number }

export interface CsvParseParams {
  text: string
  /** `,` unless given */
  delimiter?: ',' | '\t'
}

export function parseCsv(params: CsvParseParams): CsvParseResult {
  const steps = parseCsvSteps(params)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/** Characters read between two points where a caller may yield to the event loop. */
const CHARS_PER_STEP = 1 << 16

/**
 * parseCsv as a generator: it pauses (yields) every 64K characters, so a caller reading a large
 * file can give the event loop a turn between steps (see directory-rows' sliced parse).
 */
export function* parseCsvSteps(params: CsvParseParams): Generator<void, CsvParseResult, void> {
  const text = params.text.startsWith('\uFEFF') ? params.text.slice(1) : params.text
  const delimiter = params.delimiter ?? ','
  const records: CsvRecord[] = []
  let cells: string[] = []
  let cell = ''
  let line = 1
  let recordLine = 1
  let quoteOpenedOnLine = 0
  let inQuotes = false
  // whether the current record has any content yet, so a final line break adds no empty record
  let recordStarted = false

  const endCell = () => {
    cells.push(cell)
    cell = ''
  }
  const endRecord = () => {
    endCell()
    records.push({ cells, line: recordLine })
    cells = []
    recordStarted = false
  }

  let nextStep = CHARS_PER_STEP
  for (let index = 0; index < text.length; index += 1) {
    if (index >= nextStep) {
      nextStep = index + CHARS_PER_STEP
      yield
    }
    const char = text[index]
    if (inQuotes) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          cell += '"'
          index += 1
        } else {
          inQuotes = false
        }
      } else {
        if (char === '\n' || (char === '\r' && text[index + 1] !== '\n')) line += 1
        cell += char
      }
      continue
    }
    if (char === '"' && cell === '') {
      inQuotes = true
      quoteOpenedOnLine = line
      if (!recordStarted) recordLine = line
      recordStarted = true
    } else if (char === delimiter) {
      if (!recordStarted) recordLine = line
      recordStarted = true
      endCell()
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && text[index + 1] === '\n') index += 1
      // a blank line carries no record (spreadsheets leave them between blocks)
      if (recordStarted) endRecord()
      line += 1
    } else {
      if (!recordStarted) recordLine = line
      recordStarted = true
      cell += char
    }
  }
  if (inQuotes) return { ok: false, error: `第 ${quoteOpenedOnLine} 行开始的引号没有闭合`, line: quoteOpenedOnLine }
  if (recordStarted) endRecord()
  return { ok: true, records }
}
