import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import https from 'node:https'
import os from 'node:os'
import path from 'node:path'
import { acceptsConnections, freePort, repoRoot } from './bff-process'

export const NGINX_PATH = '/usr/sbin/nginx'
export const DEPLOY_NGINX_CONF = path.join(repoRoot, 'deploy/nginx.conf')

/**
 * deploy/nginx.conf with its `# site:` values (and nothing else) replaced for this machine: every
 * marked line must be known here and change as expected, so the test cannot drift from the file.
 */
export function renderSiteConf(
  text: string,
  site: { instancePorts: readonly [number, number]; httpPort: number; httpsPort: number; certificate: string; certificateKey: string; accessLog: string },
): string {
  const replacers: Record<string, [RegExp, string]> = {
    'instance-1': [/127\.0\.0\.1:\d+/, `127.0.0.1:${site.instancePorts[0]}`],
    'instance-2': [/127\.0\.0\.1:\d+/, `127.0.0.1:${site.instancePorts[1]}`],
    'http-port': [/listen 80;/, `listen 127.0.0.1:${site.httpPort};`],
    'http-port-ipv6': [/listen \[::\]:80;/, `listen [::1]:${site.httpPort};`],
    'https-port': [/listen 443 /, `listen 127.0.0.1:${site.httpsPort} `],
    'https-port-ipv6': [/listen \[::\]:443 /, `listen [::1]:${site.httpsPort} `],
    certificate: [/ssl_certificate \S+;/, `ssl_certificate ${site.certificate};`],
    'certificate-key': [/ssl_certificate_key \S+;/, `ssl_certificate_key ${site.certificateKey};`],
    'access-log': [/access_log \S+ /, `access_log ${site.accessLog} `],
  }
  // the server name stays: each port has one server, which answers whatever name is asked
  const unchanged = new Set(['server-name'])
  const seen = new Set<string>()
  const lines = text.split('\n').map((line) => {
    const marker = /# site: ([\w-]+)\s*$/.exec(line)?.[1]
    if (!marker) return line
    seen.add(marker)
    if (unchanged.has(marker)) return line
    const replacer = replacers[marker]
    if (!replacer) throw new Error(`deploy/nginx.conf: unknown site value "${marker}"`)
    if (!replacer[0].test(line)) throw new Error(`deploy/nginx.conf: the "${marker}" line is not the expected shape: ${line.trim()}`)
    return line.replace(replacer[0], replacer[1])
  })
  const missing = Object.keys(replacers).filter((marker) => !seen.has(marker))
  if (missing.length > 0) throw new Error(`deploy/nginx.conf: site values missing: ${missing.join(', ')}`)
  return lines.join('\n')
}

export interface NginxProcess {
  httpsPort: number
  httpPort: number
  /** the throw-away certificate (PEM), for clients to trust */
  certificate: string
  baseUrl: string
  output(): string
  stop(): Promise<void>
}

/**
 * Debian's nginx in the foreground with deploy/nginx.conf (site values replaced) inside a minimal
 * main configuration standing in for Debian's /etc/nginx/nginx.conf, a throw-away self-signed
 * certificate for 127.0.0.1, and everything it writes in a temporary directory.
 */
export async function startNginx(params: { instancePorts: readonly [number, number] }): Promise<NginxProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-nginx-'))
  const certificatePath = path.join(dir, 'cert.pem')
  const keyPath = path.join(dir, 'key.pem')
  const cert = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certificatePath,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost',
    ],
    { encoding: 'utf8' },
  )
  if (cert.status !== 0) throw new Error(`openssl could not make a certificate: ${cert.stderr}`)
  const httpsPort = await freePort()
  const httpPort = await freePort()
  const site = renderSiteConf(fs.readFileSync(DEPLOY_NGINX_CONF, 'utf8'), {
    instancePorts: params.instancePorts,
    httpPort,
    httpsPort,
    certificate: certificatePath,
    certificateKey: keyPath,
    accessLog: path.join(dir, 'access.log'),
  })
  fs.writeFileSync(path.join(dir, 'fazhitong.conf'), site)
  for (const temp of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(path.join(dir, temp))
  const main = [
    // as root, workers would run as nobody and could not write the temporary directory
    process.getuid?.() === 0 ? 'user root;' : '',
    'worker_processes 2;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    'events { worker_connections 1024; }',
    'http {',
    '  include /etc/nginx/mime.types;',
    '  default_type application/octet-stream;',
    ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((temp) => `  ${temp === 'body' ? 'client_body' : temp}_temp_path ${dir}/${temp};`),
    `  include ${dir}/fazhitong.conf;`,
    '}',
    '',
  ].join('\n')
  const mainPath = path.join(dir, 'nginx.conf')
  fs.writeFileSync(mainPath, main)
  const check = spawnSync(NGINX_PATH, ['-t', '-c', mainPath, '-p', dir], { encoding: 'utf8' })
  if (check.status !== 0) throw new Error(`nginx -t failed:\n${check.stderr}`)

  const child: ChildProcess = spawn(NGINX_PATH, ['-c', mainPath, '-p', dir, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const errorLog = () => (fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '')
  const deadline = Date.now() + 10_000
  while (!(await acceptsConnections(httpsPort))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`nginx did not start:\n${output}\n${errorLog()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    httpsPort,
    httpPort,
    certificate: fs.readFileSync(certificatePath, 'utf8'),
    baseUrl: `https://127.0.0.1:${httpsPort}`,
    output: () => `${output}${errorLog()}`,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface HttpsAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/**
 * One HTTPS request to nginx that trusts only the test's certificate. `localAddress` picks the
 * client's own address (any of 127/8 on Linux), i.e. who nginx sees; `agent` reuses connections.
 */
export function httpsRequest(params: {
  url: string
  ca: string
  method?: string
  headers?: Record<string, string>
  body?: string
  localAddress?: string
  agent?: https.Agent
}): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      params.url,
      {
        method: params.method ?? 'GET',
        ca: params.ca,
        localAddress: params.localAddress,
        agent: params.agent ?? false,
        headers: {
          ...(params.body !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(params.body)) } : {}),
          ...params.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }))
        response.on('error', reject)
      },
    )
    request.on('error', reject)
    request.end(params.body)
  })
}
