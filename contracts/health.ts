import { z } from 'zod'

export const storageKindSchema = z.enum(['sqlite', 'postgres'])
export type StorageKind = z.infer<typeof storageKindSchema>

export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  storage: storageKindSchema,
  version: z.string(),
})
export type HealthResponse = z.infer<typeof healthResponseSchema>
