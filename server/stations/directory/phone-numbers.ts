/**
 * The phone cell of a county's export as people type it, read into numbers in one form:
 * full-width digits and punctuation (`023－１２３４５６７８`), area codes in brackets, spaces inside a
 * number, labels (`值班：`), extensions (`转8001`, `分机 8001`, `ext 8001`, a trailing `-8001`)
 * and several numbers in one cell (`、，,;；/ 或`, or whitespace between whole numbers).
 *
 * Forms: a landline with its area code `023-12345678` (the area code is 3 digits after 010 and
 * 02x, 4 otherwise — the national numbering plan), a landline without one as written `87654321`
 * (none is invented), a mobile `13800001111`, a hotline `12348`, `400`/`800` numbers as digits;
 * an extension follows as `转8001`. The station contract's `phone` holds them joined by `、`.
 */

export interface PhoneReading {
  /** each number in the normalised form, once */
  numbers: string[]
  /** the parts of the cell that are not a phone number, as written */
  dropped: string[]
  /** a hint when the cell looks damaged by a spreadsheet (`1.38E+10`) */
  hint: string | null
}

const DASHES = /[‐‑‒–—―−﹣]/gu
const SEPARATORS = /[、,;/|\n]|或|及/u
const EXTENSION = /(\d)\s*(?:转|分机号?|ext\.?|x|#)\s*:?\s*(?=\d)/giu
/** a label before the number: `值班电话：`, `手机`, `座机:` */
const LABEL = /^[\p{Script=Han}A-Za-z]{1,8}\s*:?\s*(?=[+(\d])/u

function digitsOf(text: string): string {
  return text.replace(/\D/gu, '')
}

/** One number without extension, in the normalised form; null when it is not a phone number. */
function formatMain(written: string): string | null {
  if (!/^\+?[\d()\-\s]+$/u.test(written)) return null
  let digits = digitsOf(written)
  if (written.startsWith('+86') || (digits.startsWith('0086') && digits.length > 12)) {
    digits = digits.slice(written.startsWith('+') ? 2 : 4)
    if (!digits.startsWith('1') && !digits.startsWith('0')) digits = `0${digits}`
  } else if (written.startsWith('+')) return null
  if (/^1[3-9]\d{9}$/u.test(digits)) return digits
  if (/^0\d{9,11}$/u.test(digits)) {
    const areaLength = /^0(?:10|2\d)/u.test(digits) ? 3 : 4
    const local = digits.slice(areaLength)
    return local.length >= 7 && local.length <= 8 ? `${digits.slice(0, areaLength)}-${local}` : null
  }
  if (/^[2-9]\d{6,7}$/u.test(digits)) return digits
  if (/^1\d{2,4}$/u.test(digits)) return digits
  if (/^[48]00\d{7}$/u.test(digits)) return digits
  return null
}

/** `023-12345678-8001` and `87654321-8001`: a last dash group after a whole landline is an extension. */
function splitDashExtension(written: string): { main: string; extension: string | null } {
  const groups = written.split('-')
  if (groups.length < 2) return { main: written, extension: null }
  const last = groups[groups.length - 1].trim()
  const rest = groups.slice(0, -1).join('-')
  const restDigits = digitsOf(rest)
  const wholeLandline = (/^0\d{9,11}$/u.test(restDigits) && groups.length >= 3) || /^[2-9]\d{6,7}$/u.test(restDigits)
  if (/^\d{1,5}$/u.test(last) && wholeLandline && formatMain(rest) !== null) return { main: rest, extension: last }
  return { main: written, extension: null }
}

function readOne(part: string): string | null {
  const unlabelled = part.replace(LABEL, '').trim()
  const [mainWritten, extension, ...more] = unlabelled.split('转')
  if (more.length > 0) return null
  let main = mainWritten.trim()
  let ext = extension === undefined ? null : extension.trim()
  if (ext !== null && !/^\d{1,6}$/u.test(ext)) return null
  if (ext === null) ({ main, extension: ext } = splitDashExtension(main))
  const formatted = formatMain(main)
  if (formatted === null) return null
  return ext === null ? formatted : `${formatted}转${ext}`
}

/**
 * Whitespace inside a number (`023 1234 5678`) or between numbers (`023-1234 5678 13800001111`):
 * a part that is not one number is cut at spaces into the fewest runs that are each a number.
 */
function splitOnSpaces(part: string): string[] {
  const pieces = part.split(/\s+/u).filter((piece) => piece !== '')
  if (pieces.length <= 1 || readOne(part) !== null) return [part]
  const fewest: Array<string[] | null> = [[], ...pieces.map(() => null)]
  for (let end = 1; end <= pieces.length; end += 1) {
    for (let start = 0; start < end; start += 1) {
      const before = fewest[start]
      const run = pieces.slice(start, end).join(' ')
      if (before === null || readOne(run) === null) continue
      const current = fewest[end]
      if (current === null || before.length + 1 < current.length) fewest[end] = [...before, run]
    }
  }
  return fewest[pieces.length] ?? [part]
}

export function readPhones(params: { value: string }): PhoneReading {
  const text = params.value.normalize('NFKC').replace(DASHES, '-').replace(EXTENSION, '$1转')
  const numbers: string[] = []
  const dropped: string[] = []
  for (const part of text.split(SEPARATORS).flatMap((piece) => splitOnSpaces(piece.trim()))) {
    if (part === '') continue
    // `023-12345678，分机8001`: an extension on its own belongs to the number before it
    const orphan = /^(?:转|分机号?|ext\.?|x)\s*:?\s*(\d{1,6})$/iu.exec(part)
    const previous = numbers.length > 0 ? numbers[numbers.length - 1] : null
    if (orphan !== null && previous !== null && !previous.includes('转')) {
      numbers[numbers.length - 1] = `${previous}转${orphan[1]}`
      continue
    }
    const number = readOne(part)
    if (number === null) dropped.push(part)
    else if (!numbers.includes(number)) numbers.push(number)
  }
  const hint = /^\d(?:\.\d+)?e\+?\d+$/iu.test(text.trim()) ? 'Excel 把号码显示成了科学计数法：请把电话列设为“文本”后重新导出' : null
  return { numbers, dropped, hint }
}

/** What the station contract's `phone` (at most 60 characters) holds: the numbers that fit, joined by `、`. */
export function joinPhones(params: { numbers: readonly string[]; maxLength: number }): { phone: string | null; left: string[] } {
  let phone = ''
  const left: string[] = []
  for (const number of params.numbers) {
    const next = phone === '' ? number : `${phone}、${number}`
    if (next.length <= params.maxLength) phone = next
    else left.push(number)
  }
  return { phone: phone === '' ? null : phone, left }
}
