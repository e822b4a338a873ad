import * as z from 'zod/mini'
import { appPages } from './app-routes'

/**
 * The `scene` of a 小程序码 (getwxacodeunlimit): at most 32 visible characters from WeChat's
 * allowed set. Ours are short codes such as `r=K7Q2` (report) or `s=9XPA` (station).
 */
export const sceneSchema = z
  .string()
  .check(z.minLength(1, '场景码不能为空'), z.maxLength(32, '场景码最多 32 个字符'), z.regex(/^[0-9A-Za-z!#$&'()*+,/:;=?@._~-]+$/, '场景码含有不允许的字符'))

/** Where a scanned 小程序码 leads: a page of the app and its query. */
export const sceneTargetSchema = z.object({ page: z.enum(appPages), query: z.record(z.string(), z.string()) })
export type SceneTarget = z.infer<typeof sceneTargetSchema>
