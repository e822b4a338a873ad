import { z } from 'zod'

export const storageKindSchema = z.enum(['sqlite', 'postgres'])
export type StorageKind = z.infer<typeof storageKindSchema>

export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  storage: storageKindSchema,
  version: z.string(),
  /** the station directory: how much is served and, with DIRECTORY_URL, the upstream's state */
  directory: z
    .object({
      stations: z.number().int(),
      withoutLocation: z.number().int(),
      upstream: z
        .object({
          url: z.string(),
          stale: z.boolean(),
          fetchedAt: z.string().nullable(),
          lastError: z.string().nullable(),
          rejectedRows: z.array(z.object({ row: z.number().int(), reasons: z.array(z.string()) })),
        })
        .nullable(),
    })
    .optional(),
})
export type HealthResponse = z.infer<typeof healthResponseSchema>
