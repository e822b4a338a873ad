import * as z from 'zod/mini'
import { defineEndpoint } from '../endpoint'
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
import { adminEndpoint, staffEndpoint, stationParams, uuidParams } from './groups'

/**
 * Keeping the directory true: staff keep their own station (服务站自报), county administrators
 * verify, reject and edit their county's stations, residents report errors. A station of another
 * station's staff or of another county is 404, like one that does not exist.
 */

export const getStaffStationProfile = staffEndpoint({
  method: 'GET',
  path: '/api/staff/stations/:id/profile',
  params: stationParams,
  responses: { 200: stationProfileResponseSchema },
})

export const saveStaffStationProfile = staffEndpoint({
  method: 'PUT',
  path: '/api/staff/stations/:id/profile',
  params: stationParams,
  body: stationProfileUpdateSchema,
  responses: { 200: stationProfileResponseSchema },
  errors: ['VERSION_CONFLICT'],
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

export const adminQueue = adminEndpoint({ method: 'GET', path: '/api/admin/queue', responses: { 200: adminQueueResponseSchema } })

export const getAdminStationProfile = adminEndpoint({
  method: 'GET',
  path: '/api/admin/stations/:id/profile',
  params: stationParams,
  responses: { 200: stationProfileResponseSchema },
})

export const saveAdminStationProfile = adminEndpoint({
  method: 'PUT',
  path: '/api/admin/stations/:id/profile',
  params: stationParams,
  body: stationProfileUpdateSchema,
  responses: { 200: stationProfileResponseSchema },
  errors: ['VERSION_CONFLICT'],
})

export const verifyStation = adminEndpoint({
  method: 'POST',
  path: '/api/admin/stations/:id/verify',
  params: stationParams,
  body: verifyStationRequestSchema,
  responses: { 200: stationProfileResponseSchema },
  errors: ['VERSION_CONFLICT'],
})

export const rejectStationReport = adminEndpoint({
  method: 'POST',
  path: '/api/admin/stations/:id/reject',
  params: stationParams,
  body: rejectStationRequestSchema,
  responses: { 200: stationProfileResponseSchema },
  errors: ['VERSION_CONFLICT', 'NO_PENDING_REPORT'],
})

export const resolveCorrection = adminEndpoint({
  method: 'POST',
  path: '/api/admin/corrections/:id/resolve',
  params: uuidParams,
  body: resolveCorrectionRequestSchema,
  responses: { 200: correctionSchema },
  errors: ['CORRECTION_RESOLVED'],
})

export const revealCorrectionPhone = adminEndpoint({
  method: 'POST',
  path: '/api/admin/corrections/:id/reveal-phone',
  params: uuidParams,
  responses: { 200: z.object({ phone: z.string() }) },
  errors: ['PHONE_ERASED'],
})
