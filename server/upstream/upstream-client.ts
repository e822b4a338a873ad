import axios, { AxiosError, type AxiosInstance } from 'axios'

/** A failure of an outside source, worded for logs, CLI output and /api/health. */
export class UpstreamError extends Error {
  readonly url: string
  readonly reason: 'timeout' | 'unreachable' | 'http' | 'too-large'
  readonly status?: number

  constructor(params: { url: string; reason: UpstreamError['reason']; message: string; status?: number }) {
    super(params.message)
    this.name = 'UpstreamError'
    this.url = params.url
    this.reason = params.reason
    this.status = params.status
  }
}

export type FetchTextResult =
  | { status: 'ok'; body: string; contentType: string | null; etag: string | null; lastModified: string | null }
  | { status: 'not-modified' }

export interface UpstreamClient {
  /** GET with a timeout and one retry; sends If-None-Match / If-Modified-Since when given. */
  fetchText(params: { url: string; etag?: string | null; lastModified?: string | null }): Promise<FetchTextResult>
}

const MAX_BODY_BYTES = 20 * 1024 * 1024

/** Chinese government sites still serve GBK; the charset comes from the header or a <meta>. */
export function decodeBody(params: { bytes: Buffer; contentType: string | null }): string {
  const fromHeader = /charset=["']?([\w-]+)/i.exec(params.contentType ?? '')?.[1]
  const head = params.bytes.subarray(0, 2048).toString('latin1')
  const fromMeta = /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1]
  const label = (fromHeader ?? fromMeta ?? 'utf-8').toLowerCase()
  try {
    return new TextDecoder(label === 'gb2312' ? 'gbk' : label).decode(params.bytes)
  } catch {
    return new TextDecoder('utf-8').decode(params.bytes)
  }
}

function toUpstreamError(url: string, error: unknown, timeoutMs: number): UpstreamError {
  if (error instanceof UpstreamError) return error
  if (error instanceof AxiosError) {
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT' || error.code === 'ERR_CANCELED' || /timeout/i.test(error.message)) {
      return new UpstreamError({ url, reason: 'timeout', message: `请求 ${url} 超时（超过 ${timeoutMs} 毫秒）` })
    }
    if (error.response) {
      return new UpstreamError({ url, reason: 'http', status: error.response.status, message: `${url} 返回了错误状态 ${error.response.status}` })
    }
    if (error.code === 'ERR_BAD_RESPONSE' && /maxContentLength/i.test(error.message)) {
      return new UpstreamError({ url, reason: 'too-large', message: `${url} 返回的内容太大` })
    }
    return new UpstreamError({ url, reason: 'unreachable', message: `无法连接 ${url}（${error.code ?? error.message}）` })
  }
  return new UpstreamError({ url, reason: 'unreachable', message: `无法连接 ${url}（${String(error)}）` })
}

function isRetryable(error: UpstreamError): boolean {
  return error.reason === 'timeout' || error.reason === 'unreachable' || (error.status !== undefined && error.status >= 500)
}

export function createUpstreamClient(params: { timeoutMs: number; retries?: number; userAgent?: string; http?: AxiosInstance }): UpstreamClient {
  const http =
    params.http ??
    axios.create({
      timeout: params.timeoutMs,
      responseType: 'arraybuffer',
      maxContentLength: MAX_BODY_BYTES,
      maxRedirects: 5,
      // decoding is ours (GBK pages); 304 is an answer, not an error
      transformResponse: [(data: unknown) => data],
      validateStatus: (status) => (status >= 200 && status < 300) || status === 304,
      headers: { 'User-Agent': params.userAgent ?? 'fazhitong-bff/1 (+public legal services)' },
    })
  const retries = params.retries ?? 1

  return {
    async fetchText({ url, etag, lastModified }) {
      const headers: Record<string, string> = {}
      if (etag) headers['If-None-Match'] = etag
      if (lastModified) headers['If-Modified-Since'] = lastModified
      let lastError: UpstreamError | null = null
      for (let attempt = 0; attempt <= retries; attempt += 1) {
        try {
          // axios' own timeout is per socket inactivity; the signal bounds the whole exchange
          const response = await http.get<ArrayBuffer>(url, { headers, signal: AbortSignal.timeout(params.timeoutMs) })
          if (response.status === 304) return { status: 'not-modified' }
          const contentType = (response.headers['content-type'] as string | undefined) ?? null
          return {
            status: 'ok',
            body: decodeBody({ bytes: Buffer.from(response.data), contentType }),
            contentType,
            etag: (response.headers.etag as string | undefined) ?? null,
            lastModified: (response.headers['last-modified'] as string | undefined) ?? null,
          }
        } catch (error) {
          lastError = toUpstreamError(url, error, params.timeoutMs)
          if (!isRetryable(lastError)) break
        }
      }
      throw lastError ?? new UpstreamError({ url, reason: 'unreachable', message: `无法连接 ${url}` })
    },
  }
}
