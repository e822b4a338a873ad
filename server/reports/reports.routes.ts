import { getReport, getReportSource, listReports, searchReport } from '../../contracts/endpoints/public'
import { endpointRouter, ok, SENT } from '../http/endpoint-router'
import { EncodedBodyCache, sendEncoded } from '../http/encoded-body'
import type { ReportsService } from './reports.service'

export function reportsRoutes(service: ReportsService, options: { checkResponses?: boolean } = {}) {
  const { router, route } = endpointRouter(options)
  const encodedDetails = new EncodedBodyCache()
  route(listReports, {
    handle: async () => {
      const { reports, fromMemory } = await service.readList()
      return ok({ reports, ...(fromMemory ? { stale: true as const } : {}) })
    },
  })
  route(getReport, {
    handle: async ({ params, req, res }) => {
      const { json, contentHash } = await service.detail(params.id)
      // the content hash is a strong validator: a phone that has the report gets 304, not 30 KB again
      // (with WeChat configured or not, the answer differs: so does the tag; each encoding adds its own suffix)
      const version = `${contentHash}${service.wxacode ? '-w' : ''}`
      res.set('Cache-Control', 'no-cache')
      // ~42 KB of JSON: compressed once per version, not once per request
      sendEncoded({ req, res, bodies: await encodedDetails.get({ key: version, body: json }), contentType: 'json', version })
      return SENT
    },
  })
  route(getReportSource, {
    handle: async ({ params, res }) => {
      const text = await service.sourceText(params.id)
      res.type('text/plain; charset=utf-8').set('Cache-Control', 'no-cache').send(Buffer.from(text, 'utf8'))
      return SENT
    },
  })
  route(searchReport, { handle: async ({ params, query }) => ok(await service.search({ id: params.id, query: query.q })) })
  return router
}
