import * as z from 'zod/mini'
import { defineEndpoint } from '../endpoint'
import { stationIdSchema } from '../station'
import {
  adminQueueResponseSchema,
  correctionRequestSchema,
  correctionSchema,
  rejectStationRequestSchema,
  resolveCorrectionRequestSchema,
  stationProfileResponseSchema,
  stationProfileUpdateSchema,
  verifyStationRequestSchema,
} from '../station-keeping'

/**
 * Keeping the directory true: staff keep their own station (服务站自报), county administrators
 * verify, reject and edit their county's stations, residents report errors. A station of another
 * station's staff or of another county is 404, like one that does not exist.
 */

const stationParams = z.object({ id: stationIdSchema })

export const getStaffStationProfile = defineEndpoint({
  method: 'GET',
  path: '/api/staff/stations/:id/profile',
  tag: 'staff',
  auth: ['staff'],
  params: stationParams,
  responses: { 200: stationProfileResponseSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND'],
})

export const saveStaffStationProfile = defineEndpoint({
  method: 'PUT',
  path: '/api/staff/stations/:id/profile',
  tag: 'staff',
  auth: ['staff'],
  params: stationParams,
  body: stationProfileUpdateSchema,
  responses: { 200: stationProfileResponseSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND', 'VERSION_CONFLICT'],
})

export const reportStationCorrection = defineEndpoint({
  method: 'POST',
  path: '/api/stations/:id/corrections',
  tag: 'stations',
  params: stationParams,
  body: correctionRequestSchema,
  responses: { 201: correctionSchema },
  errors: ['NOT_FOUND', 'RATE_LIMITED', 'CORRECTIONS_FULL'],
})

export const adminQueue = defineEndpoint({
  method: 'GET',
  path: '/api/admin/queue',
  tag: 'stations',
  auth: ['admin'],
  responses: { 200: adminQueueResponseSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND'],
})

export const getAdminStationProfile = defineEndpoint({
  method: 'GET',
  path: '/api/admin/stations/:id/profile',
  tag: 'stations',
  auth: ['admin'],
  params: stationParams,
  responses: { 200: stationProfileResponseSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND'],
})

export const saveAdminStationProfile = defineEndpoint({
  method: 'PUT',
  path: '/api/admin/stations/:id/profile',
  tag: 'stations',
  auth: ['admin'],
  params: stationParams,
  body: stationProfileUpdateSchema,
  responses: { 200: stationProfileResponseSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND', 'VERSION_CONFLICT'],
})

export const verifyStation = defineEndpoint({
  method: 'POST',
  path: '/api/admin/stations/:id/verify',
  tag: 'stations',
  auth: ['admin'],
  params: stationParams,
  body: verifyStationRequestSchema,
  responses: { 200: stationProfileResponseSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND', 'VERSION_CONFLICT'],
})

export const rejectStationReport = defineEndpoint({
  method: 'POST',
  path: '/api/admin/stations/:id/reject',
  tag: 'stations',
  auth: ['admin'],
  params: stationParams,
  body: rejectStationRequestSchema,
  responses: { 200: stationProfileResponseSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND', 'VERSION_CONFLICT', 'NO_PENDING_REPORT'],
})

export const resolveCorrection = defineEndpoint({
  method: 'POST',
  path: '/api/admin/corrections/:id/resolve',
  tag: 'stations',
  auth: ['admin'],
  params: z.object({ id: z.uuid() }),
  body: resolveCorrectionRequestSchema,
  responses: { 200: correctionSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND', 'CORRECTION_RESOLVED'],
})

export const revealCorrectionPhone = defineEndpoint({
  method: 'POST',
  path: '/api/admin/corrections/:id/reveal-phone',
  tag: 'stations',
  auth: ['admin'],
  params: z.object({ id: z.uuid() }),
  responses: { 200: z.object({ phone: z.string() }) },
  errors: ['UNAUTHORIZED', 'NOT_FOUND', 'PHONE_ERASED'],
})
