import * as z from 'zod/mini'
import { defineEndpoint } from '../endpoint'
import {
  createMediationRequestSchema,
  mediationListResponseSchema,
  mediationRecordSchema,
  mediationStatsQuerySchema,
  mediationStatsResponseSchema,
  updateMediationRequestSchema,
} from '../mediations'

/** 法律明白人 mediation records: volunteers log their own, staff and administrators read and count. */

const everyone = ['volunteer', 'staff', 'admin'] as const
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
  summary: '调解记录：法律明白人看自己的，工作人员看本乡镇的，管理员看全县的（最近 500 条）',
  tag: 'mediations',
  auth: everyone,
  responses: { 200: mediationListResponseSchema },
  errors: ['UNAUTHORIZED'],
})

export const createMediation = defineEndpoint({
  method: 'POST',
  path: '/api/mediations',
  summary: '法律明白人登记一次调解或本月零报告；编号由手机生成，重发同一编号得到同一条（200）',
  tag: 'mediations',
  auth: ['volunteer'],
  body: createMediationRequestSchema,
  responses: { 201: mediationRecordSchema, 200: mediationRecordSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND', 'ID_TAKEN'],
})

export const mediationStats = defineEndpoint({
  method: 'GET',
  path: '/api/mediations/stats',
  summary: '调解统计（按类型、结果、乡镇、月份；他人可见的小于 5 的数显示为 <5）',
  tag: 'mediations',
  auth: everyone,
  query: mediationStatsQuerySchema,
  responses: { 200: mediationStatsResponseSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND'],
})

export const exportMediations = defineEndpoint({
  method: 'GET',
  path: '/api/mediations/export.csv',
  summary: '管理员：全县调解记录导出为 CSV（当事人姓名已遮蔽）',
  tag: 'mediations',
  auth: ['admin'],
  responses: { 200: { raw: 'text/csv', description: 'UTF-8 CSV' } },
  errors: ['UNAUTHORIZED', 'NOT_FOUND'],
})

export const getMediation = defineEndpoint({
  method: 'GET',
  path: '/api/mediations/:id',
  summary: '一条调解记录',
  tag: 'mediations',
  auth: everyone,
  params: recordParams,
  responses: { 200: mediationRecordSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND'],
})

export const updateMediation = defineEndpoint({
  method: 'PATCH',
  path: '/api/mediations/:id',
  summary: '法律明白人 7 天内修改自己的记录；version 不是最新时 409 并附上最新内容',
  tag: 'mediations',
  auth: ['volunteer'],
  params: recordParams,
  body: updateMediationRequestSchema,
  responses: { 200: mediationRecordSchema, 409: versionConflictSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND', 'VERSION_CONFLICT', 'EDIT_WINDOW_CLOSED'],
})
