import * as z from 'zod/mini'

export const storageKindSchema = z.enum(['sqlite', 'postgres'])
export type StorageKind = z.infer<typeof storageKindSchema>

export const healthResponseSchema = z.object({
  /** ok: serving; degraded: the database does not answer; draining: shutting down (SIGTERM), take it out of the balancer */
  status: z.enum(['ok', 'degraded', 'draining']),
  storage: storageKindSchema,
  version: z.string(),
  /** the station directory: how much is served and, with DIRECTORY_URL, the upstream's state */
  directory: z.optional(
    z.object({
      stations: z.number().check(z.int()),
      withoutLocation: z.number().check(z.int()),
      upstream: z.nullable(
        z.object({
          url: z.string(),
          stale: z.boolean(),
          fetchedAt: z.nullable(z.string()),
          lastError: z.nullable(z.string()),
          rejectedRows: z.array(z.object({ row: z.number().check(z.int()), reasons: z.array(z.string()) })),
        }),
      ),
    }),
  ),
})
export type HealthResponse = z.infer<typeof healthResponseSchema>
