import * as z from 'zod/mini'
import { endpointGroup } from '../endpoint'
import { stationIdSchema } from '../station'

/** Parts several endpoint files share (not endpoints themselves: endpoints/index.ts does not list this file). */

/** `:id` of a station. */
export const stationParams = z.object({ id: stationIdSchema })
/** `:id` of a booking, a mediation record or a correction. */
export const uuidParams = z.object({ id: z.uuid() })

/** A station's own staff: without a session 401, another station's (or a missing) station or booking 404. */
const staffOnly = { tag: 'staff', auth: ['staff'], errors: ['UNAUTHORIZED', 'NOT_FOUND'] } as const
export const staffEndpoint = endpointGroup(staffOnly)
/** …about their station (`:id`). */
export const staffStationEndpoint = endpointGroup({ ...staffOnly, params: stationParams })
/** …about one of their station's bookings (`:id`). */
export const staffBookingEndpoint = endpointGroup({ ...staffOnly, params: uuidParams })

/** A county administrator keeping the directory: another county's station is 404, like one that does not exist. */
const adminOnly = { tag: 'stations', auth: ['admin'], errors: ['UNAUTHORIZED', 'NOT_FOUND'] } as const
export const adminEndpoint = endpointGroup(adminOnly)
/** …about a station of their county (`:id`). */
export const adminStationEndpoint = endpointGroup({ ...adminOnly, params: stationParams })
/** …about a resident's correction (`:id`). */
export const adminCorrectionEndpoint = endpointGroup({ ...adminOnly, params: uuidParams })

/** The 小程序码 of a report's or a station's page: an image, or why WeChat drew none. */
export const wxacodeEndpoint = endpointGroup({
  tag: 'scenes',
  responses: { 200: { raw: 'image/*', description: '小程序码图片' } },
  errors: ['NOT_FOUND', 'WXACODE_UNAVAILABLE', 'WXACODE_FAILED'],
})
