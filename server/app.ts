import fs from 'node:fs'
import path from 'node:path'
import express, { type Express } from 'express'
import helmet from 'helmet'
import type { Logger } from 'pino'
import { healthRoutes } from './health/health.routes'
import { HomeService } from './home/home.service'
import { homeRoutes } from './home/home.routes'
import { apiNotFound, errorMiddleware, requireJsonBody } from './http/error-middleware'
import { requestLogger } from './http/request-logger'
import { KyselyReportRepository } from './reports/report.repository'
import { ReportsService } from './reports/reports.service'
import { reportsRoutes } from './reports/reports.routes'
import type { Storage } from './storage/database'

export interface AppDeps {
  storage: Storage
  logger: Logger
  version: string
  jsonBodyLimit: string
  /** the built H5 app; served with fallback to its index so one URL runs the product */
  h5Dist?: string
}

/** Builds the BFF from its dependencies; it never listens, so tests drive it directly. */
export function createApp(deps: AppDeps): Express {
  const reports = new ReportsService(new KyselyReportRepository(deps.storage.db))
  const home = new HomeService({ reports })

  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', 'loopback')
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Taro's H5 runtime injects its styles at run time; QR codes are data: images
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
        },
      },
    }),
  )
  app.use('/api', requestLogger(deps.logger), requireJsonBody, express.json({ limit: deps.jsonBodyLimit, strict: true }))

  app.use('/api/health', healthRoutes({ db: deps.storage.db, storageKind: deps.storage.kind, version: deps.version }))
  app.use('/api/home', homeRoutes(home))
  app.use('/api/reports', reportsRoutes(reports))
  app.use('/api', apiNotFound)

  if (deps.h5Dist && fs.existsSync(path.join(deps.h5Dist, 'index.html'))) {
    const h5Dist = deps.h5Dist
    app.use(express.static(h5Dist, { index: false, maxAge: '7d', setHeaders: noCacheForHtml }))
    // browser-mode router: every app route answers with the app's index
    app.get('/{*splat}', (_req, res) => {
      res.set('Cache-Control', 'no-cache').sendFile(path.join(h5Dist, 'index.html'))
    })
  }

  app.use(errorMiddleware(deps.logger))
  return app
}

function noCacheForHtml(res: express.Response, filePath: string): void {
  if (filePath.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache')
}
