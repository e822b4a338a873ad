import { z } from 'zod'
import { stationDateSchema, stationSchema } from '../../../contracts/station'

/**
 * A bundled directory snapshot (`data/stations/<county>.json`): the stations plus when and from
 * what it was compiled. It is served when the county's own directory cannot be fetched, so every
 * entry must already be a valid station and ids must be unique.
 */
export const stationDirectoryFileSchema = z
  .object({
    county: z.string().min(1),
    /** NBS county code */
    countyCode: z.string().regex(/^\d{6}$/),
    /** the day the snapshot was compiled */
    compiledAt: stationDateSchema,
    /** what the snapshot is and what it does not contain, for people */
    note: z.string().min(1),
    stations: z.array(stationSchema),
  })
  .superRefine((file, context) => {
    const seen = new Set<string>()
    file.stations.forEach((station, index) => {
      if (seen.has(station.id)) context.addIssue({ code: 'custom', path: ['stations', index, 'id'], message: `duplicate id ${station.id}` })
      seen.add(station.id)
    })
  })
export type StationDirectoryFile = z.infer<typeof stationDirectoryFileSchema>
