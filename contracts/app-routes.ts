import * as z from 'zod/mini'
import { appPages } from './app-pages'

export * from './app-pages'

/** `/pages/<name>/index` (or a subpackage page) with an optional plain query string, nothing else. */
export const appPathSchema = z.string().check(
  z.maxLength(300, '路径太长'),
  z.refine((value) => {
    const match = /^\/([A-Za-z0-9/-]+)(\?[A-Za-z0-9_.~%=&-]*)?$/.exec(value)
    return match !== null && (appPages as readonly string[]).includes(match[1])
  }, '只能是本应用的页面路径，如 /pages/report/index?id=…'),
)

export const qrQuerySchema = z.object({ path: appPathSchema, format: z._default(z.enum(['svg', 'png']), 'svg') })
export type QrQuery = z.infer<typeof qrQuerySchema>
