import * as z from 'zod/mini'
import { USER_ROLES } from '../auth'
import { endpointGroup } from '../endpoint'
import {
  createFollowUpRequestSchema,
  createMediationRequestSchema,
  mediationListResponseSchema,
  mediationRecordSchema,
  mediationStatsQuerySchema,
  mediationStatsResponseSchema,
  updateMediationRequestSchema,
} from '../mediations'
import { uuidParams } from './groups'

/** 法律明白人 mediation records: volunteers log their own, staff and administrators read and count. */

const everyone = USER_ROLES

/** 409 on PATCH: someone changed the record first; `current` is what the server now holds. */
export const versionConflictSchema = z.object({
  error: z.object({ code: z.literal('VERSION_CONFLICT'), message: z.string() }),
  current: z.nullable(mediationRecordSchema),
})
export type VersionConflict = z.infer<typeof versionConflictSchema>

/** Signed in, or 401; a record or a county outside the caller's reach is 404. */
const mediationEndpoint = endpointGroup({ tag: 'mediations', errors: ['UNAUTHORIZED'] })
/** A volunteer's own record (`:id`); the answer is the record. */
const ownRecordEndpoint = endpointGroup({ tag: 'mediations', auth: ['volunteer'], params: uuidParams, errors: ['UNAUTHORIZED', 'NOT_FOUND'] })

export const listMediations = mediationEndpoint('GET', '/api/mediations', { auth: everyone, responses: { 200: mediationListResponseSchema } })

export const createMediation = mediationEndpoint('POST', '/api/mediations', {
  auth: ['volunteer'],
  body: createMediationRequestSchema,
  responses: { 201: mediationRecordSchema, 200: mediationRecordSchema },
  errors: ['NOT_FOUND', 'ID_TAKEN', 'OTHER_TOWN'],
})

export const mediationStats = mediationEndpoint('GET', '/api/mediations/stats', {
  auth: everyone,
  query: mediationStatsQuerySchema,
  responses: { 200: mediationStatsResponseSchema },
  errors: ['NOT_FOUND'],
})

export const exportMediations = mediationEndpoint('GET', '/api/mediations/export.csv', {
  auth: ['admin'],
  responses: { 200: { raw: 'text/csv', description: 'UTF-8 CSV' } },
  errors: ['NOT_FOUND'],
})

export const getMediation = mediationEndpoint('GET', '/api/mediations/:id', {
  auth: everyone,
  params: uuidParams,
  responses: { 200: mediationRecordSchema },
  errors: ['NOT_FOUND'],
})

export const updateMediation = ownRecordEndpoint('PATCH', '/api/mediations/:id', {
  body: updateMediationRequestSchema,
  responses: { 200: mediationRecordSchema, 409: versionConflictSchema },
  errors: ['VERSION_CONFLICT', 'EDIT_WINDOW_CLOSED', 'OTHER_TOWN'],
})

/** 回访: 201 with the record, now listing it; the same id again is 200 (a retried sync stores once). */
export const createFollowUp = ownRecordEndpoint('POST', '/api/mediations/:id/follow-ups', {
  body: createFollowUpRequestSchema,
  responses: { 201: mediationRecordSchema, 200: mediationRecordSchema },
  errors: ['ID_TAKEN', 'FOLLOW_UP_RECORDED'],
})
