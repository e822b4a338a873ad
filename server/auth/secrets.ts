import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>

// N = 2^15 costs ~50 ms here: slow for a guesser, fine for a sign-in
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keylen: 32 } as const
// scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is exactly at N = 2^15
const SCRYPT_MAXMEM = 64 * 1024 * 1024

/** `scrypt$N$r$p$salt$hash`, so the cost can be raised later without breaking stored hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const hash = await scryptAsync(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: SCRYPT_MAXMEM })
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), hash.toString('base64url')].join('$')
}

export async function verifyPassword(params: { password: string; stored: string }): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = params.stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const actual = await scryptAsync(params.password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT_MAXMEM,
  })
  return timingSafeEqual(actual, expected)
}

/** Bearer tokens and invite codes are stored only as this digest. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Easy to read aloud and type on a phone: no 0/O/1/I/L. */
const READABLE = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'

export function readableCode(length: number): string {
  return Array.from({ length }, () => READABLE[randomInt(READABLE.length)]).join('')
}

/** Booking codes: 8 characters without 0/O/1/I, as the issue asks (L stays: it is unambiguous in capitals). */
const BOOKING_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'

export function bookingCode(): string {
  return Array.from({ length: 8 }, () => BOOKING_ALPHABET[randomInt(BOOKING_ALPHABET.length)]).join('')
}

export function oneTimePassword(): string {
  return `${readableCode(4)}-${readableCode(4)}-${readableCode(4)}`
}

/**
 * A printed code as people type it back: full-width characters of a Chinese keyboard folded
 * (NFKC), spaces and every kind of dash dropped, letters in capitals. The alphabet has capitals
 * and digits only, so case carries nothing.
 */
function foldTypedCode(typed: string): string {
  return typed
    .normalize('NFKC')
    .replace(/[\s\p{Pd}_·.]/gu, '')
    .toUpperCase()
}

const ONE_TIME_PASSWORD = new RegExp(`^[${READABLE}]{12}$`)

/**
 * The one-time password as it was generated (`H5NP-6NEC-HXN2`) when `typed` is one written
 * another way (`h5np6nechxn2`, `H5NP 6NEC HXN2`); `typed` itself otherwise, so a wrong password
 * stays wrong. Only for a printed password: one the user chose is compared exactly.
 */
export function canonicalOneTimePassword(typed: string): string {
  const folded = foldTypedCode(typed)
  return ONE_TIME_PASSWORD.test(folded) ? `${folded.slice(0, 4)}-${folded.slice(4, 8)}-${folded.slice(8)}` : typed
}

/** An invite code as it was generated: `abcd-efgh`, `ＡＢＣＤ ＥＦＧＨ` → `ABCDEFGH`. */
export function canonicalInviteCode(typed: string): string {
  return foldTypedCode(typed)
}
