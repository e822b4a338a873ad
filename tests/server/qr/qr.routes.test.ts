import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import request from 'supertest'
import type { Storage } from '../../../server/storage/database'
import { openStorage } from '../../../server/storage/database'
import { appPages, tabPages } from '../../../contracts'
import { buildTestApp } from '../support/test-app'

/** A GET with a Host header of our choosing, as a forging client sends it. */
function rawGet(params: { port: number; path: string; host: string }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: params.port, path: params.path, headers: { Host: params.host } }, (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      })
      .on('error', reject)
  })
}

let storage: Storage
beforeAll(async () => {
  storage = await openStorage({ kind: 'sqlite', sqlitePath: ':memory:' })
})
afterAll(async () => {
  await storage.close()
})

describe('GET /api/qr', () => {
  it('draws an SVG QR code of the deep link on this origin', async () => {
    const response = await request(await buildTestApp(storage))
      .get('/api/qr')
      .query({ path: '/pages/report/index?id=2023-abc', format: 'svg' })
      .buffer(true)
      .parse((res, done) => {
        let text = ''
        res.on('data', (chunk: Buffer) => (text += chunk.toString()))
        res.on('end', () => done(null, text))
      })
    expect(response.status).toBe(200)
    expect(response.type).toBe('image/svg+xml')
    expect(response.body).toMatch(/^<svg[\s\S]*<\/svg>\s*$/)
    expect(decodeURI(String(response.headers['x-qr-link']))).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pages\/report\/index\?id=2023-abc$/)
  })

  it('draws a PNG on request and uses PUBLIC_BASE_URL for the link when configured', async () => {
    const response = await request(await buildTestApp(storage, { publicBaseUrl: 'https://fzt.example.cn' }))
      .get('/api/qr')
      .query({ path: '/pages/stations/index', format: 'png' })
      .buffer(true)
    expect(response.status).toBe(200)
    expect(response.type).toBe('image/png')
    expect((response.body as Buffer).subarray(1, 4).toString()).toBe('PNG')
    expect(response.headers['x-qr-link']).toBe('https://fzt.example.cn/pages/stations/index')
  })

  it('without PUBLIC_BASE_URL never links a forged Host: evil.example gets the address it connected to, private and Vary: Host', async () => {
    const server = (await buildTestApp(storage)).listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    try {
      const forged = await rawGet({ port, path: '/api/qr?path=%2Fpages%2Fhome%2Findex&format=svg', host: 'evil.example' })
      expect(forged.status).toBe(200)
      expect(forged.headers['x-qr-link']).toBe(`http://127.0.0.1:${port}/pages/home/index`)
      expect(forged.headers['cache-control']).toBe('private, max-age=86400')
      expect(forged.headers.vary).toMatch(/\bHost\b/)
      // the address it connected to, by name on a loopback connection: believed
      const named = await rawGet({ port, path: '/api/qr?path=%2Fpages%2Fhome%2Findex&format=svg', host: `localhost:${port}` })
      expect(named.headers['x-qr-link']).toBe(`http://localhost:${port}/pages/home/index`)
      // the right name on another port is another server
      const otherPort = await rawGet({ port, path: '/api/qr?path=%2Fpages%2Fhome%2Findex&format=svg', host: `127.0.0.1:${port + 1}` })
      expect(otherPort.headers['x-qr-link']).toBe(`http://127.0.0.1:${port}/pages/home/index`)
    } finally {
      server.close()
    }
  })

  it('with PUBLIC_BASE_URL the Host header has no say, and the code may be cached publicly for a day', async () => {
    const response = await request(await buildTestApp(storage, { publicBaseUrl: 'https://fzt.example.cn' }))
      .get('/api/qr')
      .query({ path: '/pages/home/index', format: 'svg' })
      .set('Host', 'evil.example.com')
    expect(response.status).toBe(200)
    expect(response.headers['x-qr-link']).toBe('https://fzt.example.cn/pages/home/index')
    expect(response.headers['cache-control']).toBe('public, max-age=86400')
  })

  it.each([
    ['an outside site', 'https://evil.example.com/'],
    ['a protocol-relative link', '//evil.example.com/pages/home/index'],
    ['a page the app does not have', '/pages/admin/index'],
    ['a script in the query', '/pages/home/index?x=<script>'],
  ])('refuses %s with 400 naming path', async (_name, path) => {
    const response = await request(await buildTestApp(storage))
      .get('/api/qr')
      .query({ path })
    expect(response.status).toBe(400)
    expect(response.body.error.fields).toEqual([expect.objectContaining({ path: 'path' })])
    expect(response.body.error.fields[0].message).toMatch(/本应用的页面/)
  })

  it('refuses an unknown format', async () => {
    const response = await request(await buildTestApp(storage))
      .get('/api/qr')
      .query({ path: '/pages/home/index', format: 'gif' })
    expect(response.status).toBe(400)
    expect(response.body.error.fields[0].path).toBe('format')
  })

  it('knows every page of client/app.config.ts, and no other', () => {
    const globals = globalThis as { defineAppConfig?: (config: unknown) => unknown }
    globals.defineAppConfig = (config) => config
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const appConfig = require('../../../client/app.config').default as { pages: string[]; subPackages: { root: string; pages: string[] }[] }
    const pages = [...appConfig.pages, ...appConfig.subPackages.flatMap((sub) => sub.pages.map((page) => `${sub.root}/${page}`))]
    expect(pages.sort()).toEqual([...appPages].sort())
  })

  it('knows the tab bar of client/app.config.ts, in its order', () => {
    const globals = globalThis as { defineAppConfig?: (config: unknown) => unknown }
    globals.defineAppConfig = (config) => config
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const appConfig = require('../../../client/app.config').default as { tabBar: { list: { pagePath: string }[] } }
    expect(appConfig.tabBar.list.map((tab) => tab.pagePath)).toEqual([...tabPages])
  })
})
