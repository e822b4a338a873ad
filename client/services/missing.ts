import { RequestError } from './http'

/** What a lookup gives when the BFF has nothing under that id (404), as opposed to failing. */
export const MISSING = 'missing'
export type Missing = typeof MISSING

/** A report or station asked for by id: a 404 becomes MISSING (the page says so), any other failure stays one (重试). */
export async function unlessMissing<T>(lookup: Promise<T>): Promise<T | Missing> {
  try {
    return await lookup
  } catch (failure) {
    if (failure instanceof RequestError && failure.status === 404) return MISSING
    throw failure
  }
}
