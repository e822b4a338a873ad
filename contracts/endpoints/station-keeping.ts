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
import { adminCorrectionEndpoint, adminEndpoint, adminStationEndpoint, staffStationEndpoint, stationParams } from './groups'

/**
 * Keeping the directory true: staff keep their own station (服务站自报), county administrators
 * verify, reject and edit their county's stations, residents report errors. A station of another
 * station's staff or of another county is 404, like one that does not exist.
 */

export const getStaffStationProfile = staffStationEndpoint('GET', '/api/staff/stations/:id/profile', { responses: { 200: stationProfileResponseSchema } })

export const saveStaffStationProfile = staffStationEndpoint('PUT', '/api/staff/stations/:id/profile', {
  body: stationProfileUpdateSchema,
  responses: { 200: stationProfileResponseSchema },
  errors: ['VERSION_CONFLICT'],
})

export const reportStationCorrection = defineEndpoint('POST', '/api/stations/:id/corrections', {
  tag: 'stations',
  params: stationParams,
  body: correctionRequestSchema,
  responses: { 201: correctionSchema },
  errors: ['NOT_FOUND', 'RATE_LIMITED', 'CORRECTIONS_FULL'],
})

export const adminQueue = adminEndpoint('GET', '/api/admin/queue', { responses: { 200: adminQueueResponseSchema } })

export const getAdminStationProfile = adminStationEndpoint('GET', '/api/admin/stations/:id/profile', { responses: { 200: stationProfileResponseSchema } })

export const saveAdminStationProfile = adminStationEndpoint('PUT', '/api/admin/stations/:id/profile', {
  body: stationProfileUpdateSchema,
  responses: { 200: stationProfileResponseSchema },
  errors: ['VERSION_CONFLICT'],
})

export const verifyStation = adminStationEndpoint('POST', '/api/admin/stations/:id/verify', {
  body: verifyStationRequestSchema,
  responses: { 200: stationProfileResponseSchema },
  errors: ['VERSION_CONFLICT'],
})

export const rejectStationReport = adminStationEndpoint('POST', '/api/admin/stations/:id/reject', {
  body: rejectStationRequestSchema,
  responses: { 200: stationProfileResponseSchema },
  errors: ['VERSION_CONFLICT', 'NO_PENDING_REPORT'],
})

export const resolveCorrection = adminCorrectionEndpoint('POST', '/api/admin/corrections/:id/resolve', {
  body: resolveCorrectionRequestSchema,
  responses: { 200: correctionSchema },
  errors: ['CORRECTION_RESOLVED'],
})

export const revealCorrectionPhone = adminCorrectionEndpoint('POST', '/api/admin/corrections/:id/reveal-phone', {
  responses: { 200: z.object({ phone: z.string() }) },
  errors: ['PHONE_ERASED'],
})
