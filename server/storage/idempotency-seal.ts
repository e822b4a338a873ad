import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto'

/**
 * What `idempotency_keys` keeps of a booking's 201, so that a database reader cannot act for anyone
 * while a retried POST with the same Idempotency-Key still gets a working manageToken back.
 *
 * Design (issue 23 row 2): the Idempotency-Key itself is the secret that unlocks the stored token.
 * Only the device that booked holds it (the app makes 128 random bits per submission); the row is
 * found by its SHA-256 (`key` column) and the token is sealed with AES-256-GCM under a key derived
 * from it (HKDF). So the database holds no usable token and no key to open one, no server secret is
 * needed (nothing to configure or lose across instances), and a double submit gets the very token
 * the first answer carried — unlike minting a fresh token on replay, which would invalidate the one
 * a device may already have stored from the first answer, and which anyone able to rebuild the body
 * from the booking row (a database reader) could trigger to take the booking over.
 */
const KEY_ID_PREFIX = 'idem-v1:'
const SEAL_VERSION = 'v1'

/** The stored form of an Idempotency-Key: its SHA-256, so the stored key does not open the token. */
export function idempotencyKeyId(key: string): string {
  return createHash('sha256')
    .update(KEY_ID_PREFIX + key)
    .digest('hex')
}

function sealingKey(key: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, 'fazhitong-idempotency', 'booking manageToken v1', 32))
}

/** `v1.<iv>.<ciphertext>.<tag>` (base64url): only the holder of `key` can open it. */
export function sealToken(params: { key: string; token: string }): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', sealingKey(params.key), iv)
  const sealed = Buffer.concat([cipher.update(params.token, 'utf8'), cipher.final()])
  return [SEAL_VERSION, iv.toString('base64url'), sealed.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.')
}

/** The token, or null when `sealed` was not made with `key` (or was altered). */
export function openToken(params: { key: string; sealed: string }): string | null {
  const [version, iv, sealed, tag] = params.sealed.split('.')
  if (version !== SEAL_VERSION || !iv || !sealed || !tag) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(params.key), Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}

/** The answer as stored: the 201 body with `manageToken` replaced by its sealed form. */
export function sealAnswer<T extends { manageToken: string }>(params: { key: string; answer: T }): string {
  const { manageToken, ...rest } = params.answer
  return JSON.stringify({ ...rest, manageTokenSealed: sealToken({ key: params.key, token: manageToken }) })
}

/**
 * The 201 body again from a stored answer, or null when it cannot be opened with `key`. A row an
 * instance of a version before 0014 wrote during a rolling deploy (token in clear, raw key) is
 * replayed as it is; 0014 sealed the older ones and the retention run deletes these after 48 h.
 */
export function openAnswer<T extends { manageToken: string }>(params: { key: string; stored: string }): T | null {
  const parsed = JSON.parse(params.stored) as Record<string, unknown>
  if (typeof parsed.manageToken === 'string') return parsed as unknown as T
  const { manageTokenSealed, ...rest } = parsed
  if (typeof manageTokenSealed !== 'string') return null
  const manageToken = openToken({ key: params.key, sealed: manageTokenSealed })
  return manageToken === null ? null : ({ ...rest, manageToken } as unknown as T)
}

/** What the booking repository stores and opens for a request with this key: found by the key's hash, its token sealed under the key. */
export function sealedIdempotency<T extends { manageToken: string }>(params: { key: string; fingerprint: string }) {
  const { key } = params
  return {
    keyId: idempotencyKeyId(key),
    /** the key as a version before 0014 stored it (rolling deploys) */
    legacyKeyId: key,
    fingerprint: params.fingerprint,
    seal: (answer: T) => sealAnswer({ key, answer }),
    open: (stored: string) => openAnswer<T>({ key, stored }),
  }
}
