import * as z from 'zod/mini'

/** Every 4xx/5xx answer of the BFF has this shape; `message` is Chinese, for the user. */
export const apiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), fields: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))) }),
})
export type ApiError = z.infer<typeof apiErrorSchema>
export type ApiErrorField = NonNullable<ApiError['error']['fields']>[number]
