import { isUtf8 } from 'node:buffer'

/**
 * Which encoding a document without a declared charset is in. Spreadsheets saved on Chinese
 * Windows (Excel 另存为 CSV, WPS) are GBK; newer tools write UTF-8, often with a BOM; Excel's
 * "Unicode 文本" is UTF-16 with a BOM. The rule is principled, not a guess from letter
 * frequencies: a byte-order mark says so; otherwise bytes that are valid UTF-8 are UTF-8 (random
 * GBK text is almost never valid UTF-8: its lead bytes 0x81–0xFE are mostly not followed by the
 * continuation bytes UTF-8 requires); anything else is read as GB18030, the superset of GBK and
 * GB2312 that Node's full ICU decodes.
 */

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030'

/** How each encoding is named to people (CLI summary). */
export const TEXT_ENCODING_LABELS: Readonly<Record<TextEncodingName, string>> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8（带 BOM）',
  'utf-16le': 'UTF-16LE（带 BOM）',
  'utf-16be': 'UTF-16BE（带 BOM）',
  gb18030: 'GB18030（GBK）',
}

/** The WHATWG label TextDecoder takes for each (it drops a BOM of its own encoding). */
export const TEXT_DECODER_LABELS: Readonly<Record<TextEncodingName, string>> = {
  'utf-8': 'utf-8',
  'utf-8-bom': 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  gb18030: 'gb18030',
}

export function detectTextEncoding(params: { bytes: Uint8Array }): TextEncodingName {
  const { bytes } = params
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8-bom'
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  return isUtf8(bytes) ? 'utf-8' : 'gb18030'
}

export interface DecodedText {
  /** the text, without a byte-order mark */
  text: string
  encoding: TextEncodingName
  /** byte sequences that were not valid in that encoding either, each read as U+FFFD */
  undecodable: number
}

export function decodeText(params: { bytes: Uint8Array }): DecodedText {
  const encoding = detectTextEncoding(params)
  const label = TEXT_DECODER_LABELS[encoding]
  try {
    return { text: new TextDecoder(label, { fatal: true }).decode(params.bytes), encoding, undecodable: 0 }
  } catch {
    // only GB18030 and UTF-16 get here (UTF-8 was checked to be valid): keep what can be read, say how much could not
    const text = new TextDecoder(label).decode(params.bytes)
    return { text, encoding, undecodable: text.split('\uFFFD').length - 1 }
  }
}
