import { redactUrl } from '../logging'
import axios, { AxiosError, type AxiosInstance } from 'axios'
import { detectTextEncoding, TEXT_DECODER_LABELS } from './text-encoding'

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
  { status: 'ok'; body: string; contentType: string | null; etag: string | null; lastModified: string | null } | { status: 'not-modified' }

export interface UpstreamClient {
  /**
   * GET with a timeout and one retry; sends If-None-Match / If-Modified-Since when given. A body
   * over `maxBytes` (default 20 MB) is refused as `too-large` and is never buffered whole: reading
   * stops, and the connection is dropped, at the limit.
   */
  fetchText(params: { url: string; etag?: string | null; lastModified?: string | null; maxBytes?: number }): Promise<FetchTextResult>
}

export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024

/**
 * Chinese government sites still serve GBK; the charset comes from the header or a <meta>, and
 * when neither says (a CSV export served as `text/csv`) from the bytes: a BOM, else valid UTF-8,
 * else GB18030 (text-encoding.ts).
 */
function decoderFor(params: { bytes: Buffer; contentType: string | null }): TextDecoder {
  const fromHeader = /charset=["']?([\w-]+)/i.exec(params.contentType ?? '')?.[1]
  const head = params.bytes.subarray(0, 2048).toString('latin1')
  const fromMeta = /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1]
  const label = (fromHeader ?? fromMeta ?? TEXT_DECODER_LABELS[detectTextEncoding({ bytes: params.bytes })]).toLowerCase()
  try {
    return new TextDecoder(label === 'gb2312' ? 'gbk' : label)
  } catch {
    return new TextDecoder('utf-8')
  }
}

export function decodeBody(params: { bytes: Buffer; contentType: string | null }): string {
  return decoderFor(params).decode(params.bytes)
}

const DECODE_SLICE_BYTES = 1 << 20

/** decodeBody in 1 MB slices with a turn of the event loop between them (a large body decodes for tens of ms). */
export async function decodeBodySliced(params: { bytes: Buffer; contentType: string | null }): Promise<string> {
  if (params.bytes.length <= DECODE_SLICE_BYTES) return decodeBody(params)
  const decoder = decoderFor(params)
  const parts: string[] = []
  for (let start = 0; start < params.bytes.length; start += DECODE_SLICE_BYTES) {
    parts.push(decoder.decode(params.bytes.subarray(start, start + DECODE_SLICE_BYTES), { stream: true }))
    await new Promise((resolve) => setImmediate(resolve))
  }
  parts.push(decoder.decode())
  return parts.join('')
}

/**
 * The body's bytes without copying them: axios in Node hands over a Buffer (typed as ArrayBuffer),
 * and Buffer.from(aBuffer) would copy all of it in one go (~16 ms of blocked event loop for 18 MB).
 */
function bytesOf(data: ArrayBuffer | ArrayBufferView): Buffer {
  return ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data)
}

function tooLarge(url: string, maxBytes: number): UpstreamError {
  return new UpstreamError({ url, reason: 'too-large', message: `${redactUrl(url) ?? url} 返回的内容太大（超过 ${maxBytes.toLocaleString('en')} 字节的上限）` })
}

function toUpstreamError(url: string, error: unknown, timeoutMs: number, maxBytes: number): UpstreamError {
  if (error instanceof UpstreamError) return error
  // messages reach logs and /api/health: the address without its query
  const shown = redactUrl(url) ?? url
  if (error instanceof AxiosError) {
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT' || error.code === 'ERR_CANCELED' || /timeout/i.test(error.message)) {
      return new UpstreamError({ url, reason: 'timeout', message: `请求 ${shown} 超时（超过 ${timeoutMs} 毫秒）` })
    }
    if (error.response) {
      return new UpstreamError({ url, reason: 'http', status: error.response.status, message: `${shown} 返回了错误状态 ${error.response.status}` })
    }
    if (error.code === 'ERR_BAD_RESPONSE' && /maxContentLength/i.test(error.message)) return tooLarge(url, maxBytes)
    return new UpstreamError({ url, reason: 'unreachable', message: `无法连接 ${shown}（${error.code ?? error.message}）` })
  }
  return new UpstreamError({ url, reason: 'unreachable', message: `无法连接 ${shown}（${error instanceof Error ? error.name : '未知错误'}）` })
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
      maxContentLength: DEFAULT_MAX_BODY_BYTES,
      maxRedirects: 5,
      // decoding is ours (GBK pages); 304 is an answer, not an error
      transformResponse: [(data: unknown) => data],
      validateStatus: (status) => (status >= 200 && status < 300) || status === 304,
      headers: { 'User-Agent': params.userAgent ?? 'fazhitong-bff/1 (+public legal services)' },
    })
  const retries = params.retries ?? 1

  return {
    async fetchText({ url, etag, lastModified, maxBytes = DEFAULT_MAX_BODY_BYTES }) {
      const headers: Record<string, string> = {}
      if (etag) headers['If-None-Match'] = etag
      if (lastModified) headers['If-Modified-Since'] = lastModified
      let lastError: UpstreamError | null = null
      for (let attempt = 0; attempt <= retries; attempt += 1) {
        try {
          // axios' own timeout is per socket inactivity; the signal bounds the whole exchange
          // axios stops reading (and destroys the socket) once the body passes maxContentLength
          const response = await http.get<ArrayBuffer>(url, { headers, signal: AbortSignal.timeout(params.timeoutMs), maxContentLength: maxBytes })
          if (response.status === 304) return { status: 'not-modified' }
          // a client passed in (`http`) may not honour the limit: check what came back
          if (response.data.byteLength > maxBytes) throw tooLarge(url, maxBytes)
          const contentType = (response.headers['content-type'] as string | undefined) ?? null
          return {
            status: 'ok',
            body: await decodeBodySliced({ bytes: bytesOf(response.data), contentType }),
            contentType,
            etag: (response.headers.etag as string | undefined) ?? null,
            lastModified: (response.headers['last-modified'] as string | undefined) ?? null,
          }
        } catch (error) {
          lastError = toUpstreamError(url, error, params.timeoutMs, maxBytes)
          if (!isRetryable(lastError)) break
        }
      }
      throw lastError ?? new UpstreamError({ url, reason: 'unreachable', message: `无法连接 ${redactUrl(url) ?? url}` })
    },
  }
}
