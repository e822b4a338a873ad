import { Router } from 'express'
import { z } from 'zod'
import { reportSearchQuerySchema, type ReportListResponse } from '../../contracts'
import { reportIdSchema } from '../../contracts/reports-api'
import { EncodedBodyCache, sendEncoded } from '../http/encoded-body'
import { parseInput } from '../http/validation'
import type { ReportsService } from './reports.service'

const reportParamsSchema = z.object({ id: reportIdSchema })

export function reportsRoutes(service: ReportsService): Router {
  const router = Router()
  const encodedDetails = new EncodedBodyCache()
  router.get('/', async (_req, res) => {
    const body: ReportListResponse = { reports: await service.list() }
    res.json(body)
  })
  router.get('/:id', async (req, res) => {
    const { id } = parseInput({ schema: reportParamsSchema, value: req.params, source: 'params' })
    const { json, contentHash } = await service.detail(id)
    // the content hash is a strong validator: a phone that has the report gets 304, not 30 KB again
    const etag = `"${contentHash}"`
    res.set({ ETag: etag, 'Cache-Control': 'no-cache' })
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end()
      return
    }
    // ~42 KB of JSON: compressed once per version (keyed by the ETag), not once per request
    sendEncoded({ req, res, bodies: await encodedDetails.get({ key: etag, body: json }), contentType: 'json' })
  })
  router.get('/:id/search', async (req, res) => {
    const { id } = parseInput({ schema: reportParamsSchema, value: req.params, source: 'params' })
    const { q } = parseInput({ schema: reportSearchQuerySchema, value: req.query, source: 'query' })
    res.json(await service.search({ id, query: q }))
  })
  return router
}
