import { RequestError } from '../../../client/services/http'

/** The RequestError a client call fails with; anything else (or success) fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<RequestError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof RequestError) return error
    throw error
  }
  throw new Error('expected the request to fail')
}
