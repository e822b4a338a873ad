import type { Request, RequestHandler } from 'express'
import type { Slot } from '../../contracts/bookings'
import { cancelBooking, createBooking, getBooking, listSlots, rescheduleBooking } from '../../contracts/endpoints/bookings'
import { AppError } from '../errors/app-error'
import { clientKey } from '../http/client-address'
import { endpointRouter, ok, type Reply } from '../http/endpoint-router'
import { databaseUnavailableError } from '../http/error-middleware'
import type { RateLimiter, RateRule } from '../http/rate-limit'
import { isDatabaseUnavailable } from '../storage/database'
import type { BookingPhoneCheck } from './booking-phone-proof'
import type { BookingProof, BookingsService } from './bookings.service'

export interface BookingRateRules {
  /** every booking request from one address, valid or not */
  createPerIp: RateRule
  /** accepted bookings per phone and address: refused or invalid requests never count, and a stranger's bookings with your number count against their address, not yours */
  createPerPhone: RateRule
  /** look-ups by code and last 4 digits (and wrong manage tokens) from one address */
  lookupPerIp: RateRule
  /** look-ups of one code from one address: a stranger's guesses fill their own bucket only */
  lookupPerCode: RateRule
  /** wrong last-4 guesses on one code from anywhere: bounds a distributed brute force; the device's token still works */
  guessesPerCode: RateRule
}

const clientIp = clientKey

/** 409 SLOT_FULL, with the next free slots to choose from (or the hotline when there are none); booking and rescheduling answer it alike. */
function slotFull(nextSlots: Slot[]): Extract<Reply<typeof rescheduleBooking>, { status: 409 }> {
  const message = nextSlots.length > 0 ? '这个时段已经约满了，可以选下面的时段' : '这个时段已经约满了，近期也没有空位，请拨打 12348 咨询'
  return { status: 409, body: { error: { code: 'SLOT_FULL', message }, nextSlots } }
}

export function slotsRoutes(service: BookingsService, options: { checkResponses?: boolean; smsCodeRequired?: boolean } = {}) {
  const { router, route } = endpointRouter(options)
  // with SMS on, H5's booking form asks for the code (server/phone-codes)
  const sms = options.smsCodeRequired ? { smsCodeRequired: true } : {}
  route(listSlots, {
    handle: async ({ params, query }) => {
      try {
        return ok({ ...(await service.slots({ stationId: params.id, date: query.date })), ...sms })
      } catch (error) {
        // the free places are only in the database: nothing to show from memory
        if (isDatabaseUnavailable(error)) throw databaseUnavailableError('暂时查不到可预约的时段（数据库连不上），请过几秒再试，或拨打服务站电话')
        throw error
      }
    },
  })
  return router
}

export function bookingsRoutes(deps: {
  service: BookingsService
  limiter: RateLimiter
  rules: BookingRateRules
  now: () => Date
  checkResponses?: boolean
  phoneCheck?: BookingPhoneCheck | null
}) {
  const { service, limiter, rules } = deps
  const { router, route } = endpointRouter({ checkResponses: deps.checkResponses })

  // every booking request from one address counts, valid or not
  const limitCreatePerIp: RequestHandler = async (req, _res, next) => {
    await limiter.consume({ rule: rules.createPerIp, key: clientIp(req), now: deps.now() })
    next()
  }
  route(createBooking, {
    before: [limitCreatePerIp],
    handle: async ({ headers, body: request, req }) => {
      const idempotencyKey = headers['idempotency-key'] ?? null
      // a retry of a booking that was made gets its answer first: its SMS code may have expired meanwhile
      const replayed = idempotencyKey ? await service.replayOf({ request, idempotencyKey }) : null
      if (replayed) return { status: 201, body: replayed, headers: { 'Idempotent-Replayed': 'true' } }
      // per phone *and* address: without SMS phones are not verified, so a counter by phone alone is
      // one a stranger fills by typing someone else's number (issue 23 row 4); theirs fills their own
      const phoneKey = `${request.phone}|${clientIp(req)}`
      await limiter.check({ rule: rules.createPerPhone, key: phoneKey, now: deps.now() })
      // with SMS on: the SMS code (H5) or the WeChat identity (mini program) proves the phone (server/phone-codes)
      const proof = deps.phoneCheck ? await deps.phoneCheck(request) : {}
      const result = await service.create({ request, idempotencyKey, clientAddress: clientIp(req), ...proof })
      switch (result.kind) {
        case 'created':
          // only a booking that was made counts against its phone (a replay was counted the first time)
          await limiter.consume({ rule: rules.createPerPhone, key: phoneKey, now: deps.now() }).catch(() => undefined)
          return { status: 201, body: result.booking }
        case 'replayed':
          return { status: 201, body: result.booking, headers: { 'Idempotent-Replayed': 'true' } }
        case 'slot-full':
          return slotFull(result.nextSlots)
      }
    },
  })

  /**
   * Runs `work` with the request's proof: the device's X-Booking-Token (never limited: 256 random
   * bits are their own protection; a wrong one counts against the address), or code + last 4
   * digits, limited per address and per code-and-address, with wrong guesses on a code counted
   * from everywhere. Nothing a stranger does can lock the owner's device out.
   */
  async function withProof<T>(
    params: { req: Request; token: string | undefined; code: string; phoneLast4: string | undefined },
    work: (proof: BookingProof) => Promise<T>,
  ): Promise<T> {
    const now = deps.now()
    const ip = clientIp(params.req)
    const token = params.token
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
    if (!params.phoneLast4)
      throw AppError.of('VALIDATION_FAILED', { message: '请填写手机号后 4 位', fields: [{ path: 'phoneLast4', message: '请填写手机号后 4 位' }] })
    await limiter.consume({ rule: rules.lookupPerIp, key: ip, now })
    await limiter.consume({ rule: rules.lookupPerCode, key: `${params.code}|${ip}`, now })
    await limiter.check({ rule: rules.guessesPerCode, key: params.code, now })
    try {
      return await work({ kind: 'last4', phoneLast4: params.phoneLast4 })
    } catch (error) {
      if (error instanceof AppError && error.code === 'BOOKING_NOT_FOUND')
        await limiter.consume({ rule: rules.guessesPerCode, key: params.code, now }).catch(() => undefined)
      throw error
    }
  }

  route(getBooking, {
    handle: async ({ params, query, headers, req }) =>
      ok(
        await withProof({ req, token: headers['x-booking-token'], code: params.code, phoneLast4: query.phoneLast4 }, (proof) =>
          service.lookup({ code: params.code, proof }),
        ),
      ),
  })

  route(cancelBooking, {
    handle: async ({ params, headers, body, req }) =>
      ok(
        await withProof({ req, token: headers['x-booking-token'], code: params.code, phoneLast4: body.phoneLast4 }, (proof) =>
          service.cancel({ code: params.code, proof, reason: body.reason }),
        ),
      ),
  })

  route(rescheduleBooking, {
    handle: async ({ params, headers, body, req }): Promise<Reply<typeof rescheduleBooking>> => {
      const result = await withProof({ req, token: headers['x-booking-token'], code: params.code, phoneLast4: body.phoneLast4 }, (proof) =>
        service.reschedule({ code: params.code, proof, slotStart: body.slotStart }),
      )
      // the same slot again changes nothing and answers the booking as it is
      return result.kind === 'slot-full' ? slotFull(result.nextSlots) : ok(result.booking)
    },
  })

  return router
}
