import fs from 'node:fs'
import { loadConfig } from '../../server/config'
import { freePort } from '../support/bff-process'
import { DEPLOY_NGINX_CONF, NGINX_PATH, renderSiteConf, startNginx } from '../support/nginx-process'

const text = fs.readFileSync(DEPLOY_NGINX_CONF, 'utf8')
const site = {
  instancePorts: [4001, 4002] as const,
  httpPort: 8080,
  httpsPort: 8443,
  certificate: '/tmp/c.pem',
  certificateKey: '/tmp/k.pem',
  accessLog: '/tmp/a.log',
}

/** The value of a directive wherever it is set (`name value;`), comments aside. */
const directive = (name: string): string[] =>
  [...text.replace(/#.*$/gm, '').matchAll(new RegExp(`^\\s*${name}\\s+([^;]*);`, 'gm'))].map((match) => match[1].trim())

const kilobytes = (size: string) =>
  Number(/^(\d+)/.exec(size)?.[1]) * ({ b: 1 / 1024, k: 1, kb: 1, m: 1024, mb: 1024 }[/[a-z]+$/i.exec(size)?.[0].toLowerCase() ?? 'b'] ?? 0)

describe('deploy/nginx.conf', () => {
  it('is accepted by Debian’s nginx (nginx -t) with its site values set, and nginx starts with it', async () => {
    expect(fs.existsSync(NGINX_PATH)).toBe(true)
    const nginx = await startNginx({ instancePorts: [await freePort(), await freePort()] })
    await nginx.stop()
  })

  it('changes only the lines marked `# site:` for a machine, and fails loudly when one is not the expected shape', () => {
    const rendered = renderSiteConf(text, site)
    const changed = text.split('\n').filter((line, index) => line !== rendered.split('\n')[index])
    expect(changed.length).toBeGreaterThan(0)
    expect(changed.every((line) => /# site: [\w-]+\s*$/.test(line))).toBe(true)
    expect(() => renderSiteConf(text.replace('listen 443 ssl http2;', 'listen 444 ssl;'), site)).toThrow(/https-port/)
  })

  it('serves HTTPS with HTTP/2, two upstream instances with keep-alive that nginx closes before the BFF would (65 s)', () => {
    expect(directive('listen')).toEqual(expect.arrayContaining(['443 ssl http2', '80']))
    expect(directive('server').filter((value) => value.startsWith('127.0.0.1:'))).toHaveLength(2)
    expect(Number(directive('keepalive')[0])).toBeGreaterThan(0)
    expect(directive('keepalive_timeout').map((value) => parseInt(value, 10))[0]).toBeLessThan(65)
    expect(directive('proxy_http_version')).toEqual(['1.1'])
  })

  it('retries on the other instance only what is safe (no non_idempotent), and replaces X-Forwarded-For with the connecting address', () => {
    expect(directive('proxy_next_upstream')).toEqual(['error timeout'])
    expect(directive('proxy_set_header')).toEqual(expect.arrayContaining(['X-Forwarded-For $remote_addr', 'X-Forwarded-Proto $scheme', 'Host $host']))
  })

  it('lets bodies up to the BFF’s JSON_BODY_LIMIT through, so the BFF’s own 413 is the one people see', () => {
    const [limit] = directive('client_max_body_size')
    expect(kilobytes(limit)).toBeGreaterThan(kilobytes(loadConfig({}).jsonBodyLimit))
  })
})
