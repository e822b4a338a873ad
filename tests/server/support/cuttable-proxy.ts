import net from 'node:net'
import type { AddressInfo } from 'node:net'

/** A TCP hop between the BFF and PostgreSQL that a test can cut (a restart or a network outage) and open again. */
export class CuttableProxy {
  private server: net.Server | null = null
  private readonly sockets = new Set<net.Socket>()
  port = 0

  constructor(private readonly target: { host: string; port: number }) {}

  async open(port = 0): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target)
      for (const socket of [client, upstream]) {
        this.sockets.add(socket)
        socket.on('close', () => this.sockets.delete(socket))
        socket.on('error', () => socket.destroy())
      }
      client.pipe(upstream).pipe(client)
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
    })
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve))
    this.port = (this.server.address() as AddressInfo).port
  }

  /** Stops listening (new connections are refused) and resets every open one. */
  async cut(): Promise<void> {
    const server = this.server
    this.server = null
    for (const socket of this.sockets) socket.resetAndDestroy()
    if (server) await new Promise((resolve) => server.close(resolve))
  }
}

/**
 * A proxy in front of the test PostgreSQL (`databaseUrl`, TEST_DATABASE_URL's server) and the same
 * URL going through it, to `database` when given.
 */
export async function proxiedPostgres(params: { databaseUrl: string; database?: string }): Promise<{ proxy: CuttableProxy; url: string }> {
  const target = new URL(params.databaseUrl)
  const proxy = new CuttableProxy({ host: target.hostname, port: Number(target.port || 5432) })
  await proxy.open()
  const viaProxy = new URL(params.databaseUrl)
  viaProxy.hostname = '127.0.0.1'
  viaProxy.port = String(proxy.port)
  if (params.database) viaProxy.pathname = `/${params.database}`
  return { proxy, url: viaProxy.toString() }
}
