import * as z from 'zod/mini'
import { USER_ROLES } from '../auth'
import { defineEndpoint } from '../endpoint'
import {
  createFollowUpRequestSchema,
  createMediationRequestSchema,
  mediationListResponseSchema,
  mediationRecordSchema,
  mediationStatsQuerySchema,
  mediationStatsResponseSchema,
  updateMediationRequestSchema,
} from '../mediations'

/** 法律明白人 mediation records: volunteers log their own, staff and administrators read and count. */

const everyone = USER_ROLES
const recordParams = z.object({ id: z.uuid() })

/** 409 on PATCH: someone changed the record first; `current` is what the server now holds. */
export const versionConflictSchema = z.object({
  error: z.object({ code: z.literal('VERSION_CONFLICT'), message: z.string() }),
  current: z.nullable(mediationRecordSchema),
})
export type VersionConflict = z.infer<typeof versionConflictSchema>

export const listMediations = defineEndpoint({
  method: 'GET',
  path: '/api/mediations',
  tag: 'mediations',
  auth: everyone,
  responses: { 200: mediationListResponseSchema },
  errors: ['UNAUTHORIZED'],
})

export const createMediation = defineEndpoint({
  method: 'POST',
  path: '/api/mediations',
  tag: 'mediations',
  auth: ['volunteer'],
  body: createMediationRequestSchema,
  responses: { 201: mediationRecordSchema, 200: mediationRecordSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND', 'ID_TAKEN', 'OTHER_TOWN'],
})

export const mediationStats = defineEndpoint({
  method: 'GET',
  path: '/api/mediations/stats',
  tag: 'mediations',
  auth: everyone,
  query: mediationStatsQuerySchema,
  responses: { 200: mediationStatsResponseSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND'],
})

export const exportMediations = defineEndpoint({
  method: 'GET',
  path: '/api/mediations/export.csv',
  tag: 'mediations',
  auth: ['admin'],
  responses: { 200: { raw: 'text/csv', description: 'UTF-8 CSV' } },
  errors: ['UNAUTHORIZED', 'NOT_FOUND'],
})

export const getMediation = defineEndpoint({
  method: 'GET',
  path: '/api/mediations/:id',
  tag: 'mediations',
  auth: everyone,
  params: recordParams,
  responses: { 200: mediationRecordSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND'],
})

export const updateMediation = defineEndpoint({
  method: 'PATCH',
  path: '/api/mediations/:id',
  tag: 'mediations',
  auth: ['volunteer'],
  params: recordParams,
  body: updateMediationRequestSchema,
  responses: { 200: mediationRecordSchema, 409: versionConflictSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND', 'VERSION_CONFLICT', 'EDIT_WINDOW_CLOSED', 'OTHER_TOWN'],
})

/** 回访: 201 with the record, now listing it; the same id again is 200 (a retried sync stores once). */
export const createFollowUp = defineEndpoint({
  method: 'POST',
  path: '/api/mediations/:id/follow-ups',
  tag: 'mediations',
  auth: ['volunteer'],
  params: recordParams,
  body: createFollowUpRequestSchema,
  responses: { 201: mediationRecordSchema, 200: mediationRecordSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND', 'ID_TAKEN', 'FOLLOW_UP_RECORDED'],
})
