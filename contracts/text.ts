import * as z from 'zod/mini'

/**
 * Free text that people type: never control characters (U+0000–U+001F, U+007F), except tab and
 * newline in multi-line text, and never a lone UTF-16 surrogate (half of an emoji, as a broken
 * client or a fuzzer sends it). PostgreSQL refuses NUL in text and stores a lone surrogate as
 * U+FFFD, SQLite keeps both: checked here, both databases answer the same 400.
 */

const TAB = 0x09
const NEWLINE = 0x0a

/** Whether `text` holds a control character; `multiline` allows tab and newline. */
export function hasControlCharacter(text: string, options: { multiline: boolean }): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index)
    if (code > 0x1f && code !== 0x7f) continue
    if (options.multiline && (code === TAB || code === NEWLINE)) continue
    return true
  }
  return false
}

/** Whether `text` holds a high surrogate without its low half, or a low one without its high half. */
export function hasLoneSurrogate(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index)
    if (code < 0xd800 || code > 0xdfff) continue
    const next = index + 1 < text.length ? text.charCodeAt(index + 1) : 0
    if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      index += 1
      continue
    }
    return true
  }
  return false
}

export const CONTROL_CHARACTER_MESSAGE = '不能包含控制字符（如 \\u0000），请删除后重试'
export const LINE_BREAK_MESSAGE = '只能写一行，不能包含换行或控制字符'
export const LONE_SURROGATE_MESSAGE = '含有无法识别的字符，请删除后重试'

/** The two checks of every free-text field, for strings that need their own other checks. */
export function plainTextChecks(options: { multiline?: boolean } = {}) {
  const multiline = options.multiline ?? false
  return [
    z.refine<string>((value) => !hasControlCharacter(value, { multiline }), multiline ? CONTROL_CHARACTER_MESSAGE : LINE_BREAK_MESSAGE),
    z.refine<string>((value) => !hasLoneSurrogate(value), LONE_SURROGATE_MESSAGE),
  ] as const
}

/**
 * How many characters a person sees: Unicode code points, so an emoji or a rare character outside
 * the BMP (𠀀) counts once, as the forms' counters show it — not twice, as JavaScript's `length`
 * (UTF-16 units) and zod's `maxLength` would. Every length limit on free text uses this, on the
 * phone and on the server alike.
 */
export function characterCount(text: string): number {
  let count = 0
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index)
    // a surrogate pair is one character
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00) index += 1
    count += 1
  }
  return count
}

/** The first `max` characters (code points) of `text`: what a form keeps when more is typed or pasted. */
export function clipCharacters(text: string, max: number): string {
  return characterCount(text) <= max ? text : Array.from(text).slice(0, max).join('')
}

/** Length limits counted in characters (characterCount), reported as zod's too_small / too_big. */
function characterLength(options: { min?: number; max: number; tooShort?: string; tooLong?: string }) {
  return z.check<string>((ctx) => {
    const count = characterCount(ctx.value)
    if (options.min !== undefined && count < options.min) {
      ctx.issues.push({
        code: 'too_small',
        origin: 'string',
        minimum: options.min,
        inclusive: true,
        input: ctx.value,
        message: options.tooShort ?? (options.min === 1 ? '必填' : `至少 ${options.min} 个字`),
      })
    }
    if (count > options.max) {
      ctx.issues.push({
        code: 'too_big',
        origin: 'string',
        maximum: options.max,
        inclusive: true,
        input: ctx.value,
        message: options.tooLong ?? `最多 ${options.max} 个字`,
      })
    }
  })
}

/**
 * A free-text field: trimmed (unless `trim: false`, e.g. a password), then checked for control
 * characters and lone surrogates, then for length in characters (characterCount).
 * Single-line unless `multiline`.
 */
export function plainText(options: { max: number; min?: number; multiline?: boolean; trim?: boolean; tooShort?: string; tooLong?: string }) {
  const checks = [...(options.trim === false ? [] : [z.trim()]), ...plainTextChecks({ multiline: options.multiline }), characterLength(options)]
  return z.string().check(...checks)
}
