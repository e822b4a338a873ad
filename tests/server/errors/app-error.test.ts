import fs from 'node:fs'
import path from 'node:path'
import express from 'express'
import request from 'supertest'
import { errorCatalogue, errorCodes, type ErrorCatalogueEntry, type ErrorCode } from '../../../contracts/error-codes'
import { AppError } from '../../../server/errors/app-error'
import { errorMiddleware } from '../../../server/http/error-middleware'
import { silentLogger } from '../support/test-app'

const serverDir = path.resolve(__dirname, '../../../server')
const appErrorModule = path.join(serverDir, 'errors/app-error.ts')

function serverSources(dir = serverDir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return serverSources(full)
    return entry.name.endsWith('.ts') ? [full] : []
  })
}

/** The argument text of every `AppError.of(…)` call in a source, parentheses balanced. */
function ofCallArguments(source: string): string[] {
  const calls: string[] = []
  for (let start = source.indexOf('AppError.of('); start >= 0; start = source.indexOf('AppError.of(', start + 1)) {
    let depth = 0
    let end = start + 'AppError.of'.length
    for (; end < source.length; end += 1) {
      if (source[end] === '(') depth += 1
      else if (source[end] === ')' && --depth === 0) break
    }
    calls.push(source.slice(start + 'AppError.of('.length, end))
  }
  return calls
}

const where = (file: string) => path.relative(serverDir, file)

function answerFor(error: AppError) {
  const app = express()
  app.get('/refused', (_req, _res, next) => next(error))
  app.use(errorMiddleware(silentLogger))
  return request(app).get('/refused')
}

describe('the error catalogue decides every status', () => {
  it('when server code constructs an AppError itself (not AppError.of), names the file', () => {
    const constructing = serverSources()
      .filter((file) => file !== appErrorModule)
      .filter((file) => fs.readFileSync(file, 'utf8').includes('new AppError('))
      .map(where)
    expect(constructing).toEqual([])
  })

  it('when a throw passes a status next to its code, names the file and the call', () => {
    const withStatus = serverSources().flatMap((file) =>
      ofCallArguments(fs.readFileSync(file, 'utf8'))
        .filter((args) => /\bstatus\s*:/.test(args))
        .map((args) => `${where(file)}: AppError.of(${args})`),
    )
    expect(withStatus).toEqual([])
  })

  it('when a route answers an error body with data (409 + current) under a status the catalogue does not give, names it', () => {
    const bodies = serverSources().flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/status:\s*(\d{3}),\s*body:\s*\{\s*error:\s*\{\s*code:\s*'([A-Z_]+)'/g)].map((match) => ({
        at: where(file),
        code: match[2],
        status: Number(match[1]),
      })),
    )
    expect(bodies.length).toBeGreaterThan(0)
    for (const body of bodies) expect({ ...body, status: errorCatalogue[body.code as ErrorCode].status }).toEqual(body)
  })

  it('every 401 declares its WWW-Authenticate challenge, every 429 and 503 its Retry-After', () => {
    const entries = Object.entries(errorCatalogue) as [ErrorCode, ErrorCatalogueEntry][]
    expect(entries.filter(([, entry]) => entry.status === 401 && !entry.authenticate).map(([code]) => code)).toEqual([])
    expect(entries.filter(([, entry]) => [429, 503].includes(entry.status) && !entry.retryAfterSeconds).map(([code]) => code)).toEqual([])
    expect(entries.filter(([, entry]) => entry.authenticate && entry.status !== 401).map(([code]) => code)).toEqual([])
  })

  it.each(errorCodes)('AppError.of(%s) answers with exactly the catalogue’s status, message and declared headers', async (code) => {
    const entry: ErrorCatalogueEntry = errorCatalogue[code]
    const response = await answerFor(AppError.of(code))
    expect(response.status).toBe(entry.status)
    expect(response.body).toEqual({ error: { code, message: entry.message } })
    expect(response.headers['www-authenticate']).toBe(entry.authenticate)
    expect(response.headers['retry-after']).toBe(entry.retryAfterSeconds === undefined ? undefined : String(entry.retryAfterSeconds))
  })

  it('when a throw says more (message, fields, its own wait), answers with them and still the catalogue’s status', async () => {
    const error = AppError.of('RATE_LIMITED', { message: '请 3 秒后再试', fields: [{ path: 'phone', message: '太频繁' }], retryAfterSeconds: 3, limit: 'sms' })
    const response = await answerFor(error)
    expect(response.status).toBe(429)
    expect(response.body).toEqual({ error: { code: 'RATE_LIMITED', message: '请 3 秒后再试', fields: [{ path: 'phone', message: '太频繁' }] } })
    expect(response.headers['retry-after']).toBe('3')
  })
})
