import Taro from '@tarojs/taro'

/** The device storage under the outbox (Taro's, or a stand-in in tests), its size limits, and the error a refused write raises. */

export interface OutboxStorage {
  /** the stored value, or `undefined` when the key is absent */
  read(key: string): unknown
  /** throws when the device refuses (storage full) */
  write(key: string, value: unknown): void
  remove(key: string): void
  /** every key in storage, to tidy up chunks a cut-off write left behind (optional) */
  keys?(): string[]
}

/** Taro's synchronous storage: writes are done when the call returns, so a kill right after saving loses nothing. */
export function taroOutboxStorage(): OutboxStorage {
  return {
    read(key) {
      try {
        const value: unknown = Taro.getStorageSync(key)
        // Taro answers '' for a missing key
        return value === '' ? undefined : value
      } catch {
        return undefined
      }
    },
    write(key, value) {
      Taro.setStorageSync(key, value)
    },
    remove(key) {
      try {
        Taro.removeStorageSync(key)
      } catch {
        // already gone
      }
    },
    keys() {
      try {
        return Taro.getStorageInfoSync().keys
      } catch {
        return []
      }
    },
  }
}

/**
 * How many records wait on this phone, from the index key alone (cheap enough for any page, e.g.
 * 我的): `pending` waiting to be sent, `total` including conflicts and refused ones.
 */
export function outboxSummary(params: { storage?: OutboxStorage; keyPrefix?: string } = {}): { pending: number; total: number } {
  const value = (params.storage ?? taroOutboxStorage()).read(`${params.keyPrefix ?? 'fzt.outbox'}.index`) as { pending?: unknown; total?: unknown } | undefined
  const count = (field: unknown) => (typeof field === 'number' && Number.isInteger(field) && field >= 0 ? field : 0)
  return { pending: count(value?.pending), total: count(value?.total) }
}

/** WeChat's limit for one storage key. */
export const STORAGE_KEY_LIMIT_BYTES = 1024 * 1024
/**
 * What one chunk holds at most: far below the key limit (room for the platform's own wrapping),
 * and small enough that a save rewrites little (a chunk holds about 40 of the largest records).
 */
export const DEFAULT_CHUNK_BUDGET_BYTES = 128 * 1024

/** UTF-8 byte length of a string, without TextEncoder (older WeChat base libraries lack it). */
export function utf8ByteLength(text: string): number {
  let bytes = 0
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00) {
      // a surrogate pair is one 4-byte character
      bytes += 4
      index += 1
    } else bytes += 3
  }
  return bytes
}

export class OutboxStorageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'OutboxStorageError'
  }
}

export const STORAGE_FULL_MESSAGE = '手机存储空间不够，这条没有存上。请先联网上传已存的记录，或清理微信缓存后再试。'
export const ENTRY_TOO_LARGE_MESSAGE = '这条记录太大，手机上存不下。请把简要情况写短一些。'
