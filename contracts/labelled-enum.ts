import * as z from 'zod/mini'

/**
 * An enum whose every value has a label people read: the values are the labels' keys, so they are
 * written once, in one order (the schema's, and the order choices are offered in).
 */
export function labelledEnum<const L extends Record<string, string>>(labels: L) {
  const values = Object.keys(labels) as Extract<keyof L, string>[]
  return { schema: z.enum(values), labels: labels as Readonly<Record<Extract<keyof L, string>, string>> }
}
