import type { CreateFollowUpRequest, CreateMediationRequest, MediationRecord, MediationStatsResponse } from '../../contracts/mediations'
import { createFollowUp, createMediation, getMediation, listMediations, mediationStats, updateMediation } from '../../contracts/endpoints/mediations'
import { currentSession, sessionCall, type Session } from './session'

/** The calls to `/api/mediations`, all through `sessionCall()` (a 401 ends the sign-in that got it): the volunteer's and the county's. */

/** A 回访 as the phone keeps it: the request and the record it belongs to. */
export type FollowUpPayload = CreateFollowUpRequest & { recordId: string }

export function fetchRecord(id: string, session?: Session): Promise<MediationRecord> {
  return sessionCall(getMediation, { role: 'volunteer', session, params: { id } })
}

/** `POST /api/mediations`: 201 when new, 200 with the stored record when that id exists. */
export function createRecord(record: CreateMediationRequest, session?: Session): Promise<MediationRecord> {
  return sessionCall(createMediation, { role: 'volunteer', session, body: record })
}

/** `PATCH /api/mediations/:id` with the version the edit was made from. */
export function updateRecord(params: { record: CreateMediationRequest; version: number }, session?: Session): Promise<MediationRecord> {
  return sessionCall(updateMediation, {
    role: 'volunteer',
    session,
    params: { id: params.record.id },
    body: { version: params.version, record: params.record },
  })
}

/** `POST /api/mediations/:id/follow-ups`: 201 with the record, now listing it; 200 when that id is stored already. */
export function createFollowUpRecord(payload: FollowUpPayload, session?: Session): Promise<MediationRecord> {
  const { recordId, ...body } = payload
  return sessionCall(createFollowUp, { role: 'volunteer', session, params: { id: recordId }, body })
}

// the county's view

/** The county administrator signed in on this device (through 县司法局：核实服务站信息), or `null`. */
export function countySession(now: Date = new Date()): Session | null {
  return currentSession({ role: 'admin', now })
}

/** The county's `GET /api/mediations/stats` with the administrator's sign-in (counts under 5 come as `<5`). */
export function fetchCountyStats(params: { from?: string; to?: string } = {}): Promise<MediationStatsResponse> {
  return sessionCall(mediationStats, { role: 'admin', query: { from: params.from, to: params.to } })
}

/** The county's latest records (`GET /api/mediations`, newest first, at most 500), each with its 回访. */
export async function fetchCountyRecords(): Promise<MediationRecord[]> {
  return (await sessionCall(listMediations, { role: 'admin' })).records
}

/** `GET /api/mediations/stats?from=YYYY-MM&to=YYYY-MM` */
export function fetchStats(params: { from?: string; to?: string } = {}): Promise<MediationStatsResponse> {
  return sessionCall(mediationStats, { role: 'volunteer', query: { from: params.from, to: params.to } })
}
