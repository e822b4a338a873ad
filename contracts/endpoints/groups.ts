import * as z from 'zod/mini'
import { endpointGroup } from '../endpoint'
import { stationIdSchema } from '../station'

/** Parts several endpoint files share (not endpoints themselves: endpoints/index.ts does not list this file). */

/** `:id` of a station. */
export const stationParams = z.object({ id: stationIdSchema })
/** `:id` of a booking, a mediation record or a correction. */
export const uuidParams = z.object({ id: z.uuid() })

/** A station's own staff: without a session 401, another station's (or a missing) station or booking 404. */
export const staffEndpoint = endpointGroup({ tag: 'staff', auth: ['staff'], errors: ['UNAUTHORIZED', 'NOT_FOUND'] })

/** A county administrator keeping the directory: another county's station is 404, like one that does not exist. */
export const adminEndpoint = endpointGroup({ tag: 'stations', auth: ['admin'], errors: ['UNAUTHORIZED', 'NOT_FOUND'] })

/** The 小程序码 of a report's or a station's page: an image, or why WeChat drew none. */
export const wxacodeEndpoint = endpointGroup({
  tag: 'scenes',
  responses: { 200: { raw: 'image/*', description: '小程序码图片' } },
  errors: ['NOT_FOUND', 'WXACODE_UNAVAILABLE', 'WXACODE_FAILED'],
})
