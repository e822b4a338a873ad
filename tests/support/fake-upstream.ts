import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeUpstream {
  baseUrl: string
  /** every request seen, in order */
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders }[]
  /** replaces how the server answers from now on */
  respond(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): void
  close(): Promise<void>
}

/** A real HTTP server on 127.0.0.1 standing in for an outside source (county site, directory). */
export async function startFakeUpstream(): Promise<FakeUpstream> {
  let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => {
    res.writeHead(404)
    res.end()
  }
  const requests: FakeUpstream['requests'] = []
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers })
    handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    respond(next) {
      handler = next
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A request's whole body as text (UTF-8): what a fake provider signs, checks and parses. */
export function readRequestBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
