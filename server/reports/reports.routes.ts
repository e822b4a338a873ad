import { Router } from 'express'
import { z } from 'zod'
import type { ReportListResponse } from '../../contracts'
import { parseInput } from '../http/validation'
import type { ReportsService } from './reports.service'

const reportParamsSchema = z.object({ id: z.string().min(1).max(64) })

export function reportsRoutes(service: ReportsService): Router {
  const router = Router()
  router.get('/', async (_req, res) => {
    const body: ReportListResponse = { reports: await service.list() }
    res.json(body)
  })
  router.get('/:id', async (req, res) => {
    const { id } = parseInput({ schema: reportParamsSchema, value: req.params, source: 'params' })
    const report = await service.get(id)
    res.json({ ...report.document, id: report.id, county: report.county, year: report.year, importedAt: report.importedAt })
  })
  return router
}
