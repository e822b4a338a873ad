import { Router, type Request } from 'express'
import { z } from 'zod'
import {
  bookingCodeSchema,
  bookingLookupQuerySchema,
  cancelBookingRequestSchema,
  createBookingRequestSchema,
  manageTokenSchema,
  rescheduleBookingRequestSchema,
  slotsQuerySchema,
} from '../../contracts/bookings'
import { stationIdSchema } from '../../contracts/station'
import { AppError } from '../http/app-error'
import { sendAnswer } from '../http/http-answer'
import type { RateLimiter, RateRule } from '../http/rate-limit'
import { parseInput } from '../http/validation'
import { toBooking, type BookingProof, type BookingsService } from './bookings.service'

export interface BookingRateRules {
  /** every booking request from one address, valid or not */
  createPerIp: RateRule
  /** accepted bookings per phone: refused or invalid requests never count against the owner */
  createPerPhone: RateRule
  /** look-ups by code and last 4 digits (and wrong manage tokens) from one address */
  lookupPerIp: RateRule
  /** look-ups of one code from one address: a stranger's guesses fill their own bucket only */
  lookupPerCode: RateRule
  /** wrong last-4 guesses on one code from anywhere: bounds a distributed brute force; the device's token still works */
  guessesPerCode: RateRule
}

const tokenHeaderSchema = z.object({ 'x-booking-token': z.optional(manageTokenSchema) })

const idempotencyHeaderSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,100}$/, '应为 8–100 位字母、数字、- 或 _（建议用 UUID）')
    .optional(),
})


const clientIp = (req: Request) => req.ip ?? 'unknown'

export function slotsRoutes(service: BookingsService): Router {
  const router = Router({ mergeParams: true })
  router.get('/', async (req, res) => {
    const { id } = parseInput({ schema: z.object({ id: stationIdSchema }), value: req.params, source: 'params' })
    const { date } = parseInput({ schema: slotsQuerySchema, value: req.query, source: 'query' })
    res.json(await service.slots({ stationId: id, date }))
  })
  return router
}

export function bookingsRoutes(deps: { service: BookingsService; limiter: RateLimiter; rules: BookingRateRules; now: () => Date }): Router {
  const { service, limiter, rules } = deps
  const router = Router()

  router.post('/', async (req, res) => {
    const headers = parseInput({ schema: idempotencyHeaderSchema, value: { 'idempotency-key': req.get('Idempotency-Key') }, source: 'headers' })
    await limiter.consume({ rule: rules.createPerIp, key: clientIp(req), now: deps.now() })
    const request = parseInput({ schema: createBookingRequestSchema, value: req.body, source: 'body' })
    await limiter.check({ rule: rules.createPerPhone, key: request.phone, now: deps.now() })
    const answer = await service.create({ request, idempotencyKey: headers['idempotency-key'] ?? null })
    // only a booking that was made counts against its phone (a replay was counted the first time)
    if (answer.status === 201 && !answer.headers?.['Idempotent-Replayed']) await limiter.consume({ rule: rules.createPerPhone, key: request.phone, now: deps.now() }).catch(() => undefined)
    sendAnswer(res, answer)
  })

  const codeParams = z.object({ code: bookingCodeSchema })

  /**
   * Runs `work` with the request's proof: the device's X-Booking-Token (never limited: 256 random
   * bits are their own protection; a wrong one counts against the address), or code + last 4
   * digits, limited per address and per code-and-address, with wrong guesses on a code counted
   * from everywhere. Nothing a stranger does can lock the owner's device out.
   */
  async function withProof<T>(req: Request, params: { code: string; phoneLast4: string | undefined }, work: (proof: BookingProof) => Promise<T>): Promise<T> {
    const now = deps.now()
    const ip = clientIp(req)
    const { 'x-booking-token': token } = parseInput({ schema: tokenHeaderSchema, value: { 'x-booking-token': req.get('X-Booking-Token') }, source: 'headers' })
    if (token) {
      try {
        return await work({ kind: 'device', token })
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'BOOKING_NOT_FOUND')) throw error
        await limiter.consume({ rule: rules.lookupPerIp, key: ip, now })
        // a token the server does not know (a restored database, another copy of the app): the last 4 digits still work
        if (!params.phoneLast4) throw error
      }
    }
    if (!params.phoneLast4) throw new AppError({ status: 400, code: 'VALIDATION_FAILED', message: '请填写手机号后 4 位', fields: [{ path: 'phoneLast4', message: '请填写手机号后 4 位' }] })
    await limiter.consume({ rule: rules.lookupPerIp, key: ip, now })
    await limiter.consume({ rule: rules.lookupPerCode, key: `${params.code}|${ip}`, now })
    await limiter.check({ rule: rules.guessesPerCode, key: params.code, now })
    try {
      return await work({ kind: 'last4', phoneLast4: params.phoneLast4 })
    } catch (error) {
      if (error instanceof AppError && error.code === 'BOOKING_NOT_FOUND') await limiter.consume({ rule: rules.guessesPerCode, key: params.code, now }).catch(() => undefined)
      throw error
    }
  }

  router.get('/:code', async (req, res) => {
    const { code } = parseInput({ schema: codeParams, value: req.params, source: 'params' })
    const { phoneLast4 } = parseInput({ schema: bookingLookupQuerySchema, value: req.query, source: 'query' })
    res.json(toBooking(await withProof(req, { code, phoneLast4 }, (proof) => service.lookup({ code, proof }))))
  })

  router.post('/:code/cancel', async (req, res) => {
    const { code } = parseInput({ schema: codeParams, value: req.params, source: 'params' })
    const { phoneLast4, reason } = parseInput({ schema: cancelBookingRequestSchema, value: req.body, source: 'body' })
    res.json(await withProof(req, { code, phoneLast4 }, (proof) => service.cancel({ code, proof, reason })))
  })

  router.post('/:code/reschedule', async (req, res) => {
    const { code } = parseInput({ schema: codeParams, value: req.params, source: 'params' })
    const { phoneLast4, slotStart } = parseInput({ schema: rescheduleBookingRequestSchema, value: req.body, source: 'body' })
    sendAnswer(res, await withProof(req, { code, phoneLast4 }, (proof) => service.reschedule({ code, proof, slotStart })))
  })

  return router
}
