import { act, renderHook } from '@testing-library/react'
import type { Booking, BookingCreated } from '../../../contracts/bookings'
import { useBookingSubmission } from '../../../client/packageBooking/pages/book/use-booking-submission'
import type { DraftCheck } from '../../../client/packageBooking/pages/book/use-booking-draft'
import { createBooking, rememberBooking, type NewBooking } from '../../../client/services/bookings'
import { RequestError } from '../../../client/services/http'

jest.mock('../../../client/services/bookings', () => ({
  ...jest.requireActual('../../../client/services/bookings'),
  createBooking: jest.fn(),
  rememberBooking: jest.fn(),
  askForBookingReminders: jest.fn(async () => ({})),
}))
const create = createBooking as jest.MockedFunction<typeof createBooking>

const SLOT = { start: '2026-12-01T09:00:00+08:00', end: '2026-12-01T09:30:00+08:00', capacity: 2, remaining: 1 }
const body = (name: string): NewBooking => ({
  stationId: '500241103-ws',
  slotStart: SLOT.start,
  matter: 'labor_wages',
  description: '',
  name,
  phone: '13800138000',
  consent: true,
})
const created = {
  code: 'ABCD2345',
  stationName: '隘口镇公共法律服务工作站',
  slotStart: SLOT.start,
  manageToken: 't'.repeat(43),
  matter: 'labor_wages',
} as unknown as BookingCreated
const offline = () => new RequestError({ failure: 'offline', message: '连不上网络。请检查手机网络后点“重试”。' })
type Failure = ConstructorParameters<typeof RequestError>[0]
const refused = (status: number, code: NonNullable<Failure['code']>, extra: Partial<Failure> = {}) =>
  new RequestError({ failure: 'http', status, code, message: `${code} 的说明`, ...extra })

/** The hook with a draft whose check gives `current.body` (or a refusal). */
function setUp() {
  const current: { check: DraftCheck } = { check: { ok: true, body: body('张三') } }
  const handlers = { onBooked: jest.fn<void, [Booking]>(), onSlotFull: jest.fn(), onFieldErrors: jest.fn() }
  const hook = renderHook(() => useBookingSubmission({ check: () => current.check, ...handlers }))
  return { current, handlers, hook }
}

describe('确认预约 and 重试 (client/packageBooking/pages/book/use-booking-submission)', () => {
  beforeEach(() => {
    create.mockReset()
    ;(rememberBooking as jest.Mock).mockReset()
  })

  it('a lost answer: 重试 resends the same body with the same Idempotency-Key, and the booking is remembered', async () => {
    const { handlers, hook } = setUp()
    create.mockRejectedValueOnce(offline()).mockResolvedValueOnce(created)
    await act(() => hook.result.current.submit())
    expect(hook.result.current.problem).toEqual({ message: '连不上网络。请检查手机网络后点“重试”。', canRetry: true })
    await act(async () => hook.result.current.retry())
    expect(create).toHaveBeenCalledTimes(2)
    expect(create.mock.calls[1][0].idempotencyKey).toBe(create.mock.calls[0][0].idempotencyKey)
    expect(create.mock.calls[1][0].booking).toBe(create.mock.calls[0][0].booking)
    expect(handlers.onBooked).toHaveBeenCalledWith(created)
    expect(hook.result.current.booking).toBe(created)
    expect(hook.result.current.replayed).toBe(false)
    expect(rememberBooking).toHaveBeenCalledWith(expect.objectContaining({ code: 'ABCD2345', phoneLast4: '8000', manageToken: created.manageToken }))
  })

  it('sent again changed after a lost answer (IDEMPOTENCY_KEY_REUSED): fetches the earlier booking with its own body', async () => {
    const { current, hook } = setUp()
    create.mockRejectedValueOnce(offline()).mockRejectedValueOnce(refused(422, 'IDEMPOTENCY_KEY_REUSED')).mockResolvedValueOnce(created)
    await act(() => hook.result.current.submit())
    current.check = { ok: true, body: body('张三丰') }
    await act(() => hook.result.current.submit())
    expect(create.mock.calls.map((call) => call[0].booking.name)).toEqual(['张三', '张三丰', '张三'])
    expect(new Set(create.mock.calls.map((call) => call[0].idempotencyKey)).size).toBe(1)
    expect(hook.result.current.replayed).toBe(true)
    expect(hook.result.current.booking).toBe(created)
  })

  it('a new key for the next booking once one came back', async () => {
    const { hook } = setUp()
    create.mockResolvedValue(created)
    await act(() => hook.result.current.submit())
    await act(() => hook.result.current.submit())
    expect(create.mock.calls[1][0].idempotencyKey).not.toBe(create.mock.calls[0][0].idempotencyKey)
  })

  it('SLOT_FULL: offers the next slots and lets the page unselect and reload', async () => {
    const { handlers, hook } = setUp()
    create.mockRejectedValueOnce(refused(409, 'SLOT_FULL', { body: { error: { code: 'SLOT_FULL', message: '约满了' }, nextSlots: [SLOT] } }))
    await act(() => hook.result.current.submit())
    expect(hook.result.current.slotFull).toEqual({ message: 'SLOT_FULL 的说明', nextSlots: [SLOT] })
    expect(hook.result.current.problem).toBeNull()
    expect(handlers.onSlotFull).toHaveBeenCalledTimes(1)
    act(() => hook.result.current.clearNotices())
    expect(hook.result.current.slotFull).toBeNull()
  })

  it('429 offers 重试, which checks and sends afresh (the refused body is not kept)', async () => {
    const { current, hook } = setUp()
    create.mockRejectedValueOnce(refused(429, 'RATE_LIMITED')).mockResolvedValueOnce(created)
    await act(() => hook.result.current.submit())
    expect(hook.result.current.problem?.canRetry).toBe(true)
    current.check = { ok: true, body: body('李四') }
    await act(async () => hook.result.current.retry())
    expect(create.mock.calls[1][0].booking.name).toBe('李四')
    expect(create.mock.calls[1][0].idempotencyKey).toBe(create.mock.calls[0][0].idempotencyKey)
  })

  it('400 with fields: the errors go to the page, the refusal goes once the user edits', async () => {
    const { handlers, hook } = setUp()
    create.mockRejectedValueOnce(refused(400, 'VALIDATION_FAILED', { fields: [{ path: 'phone', message: '请填写 11 位手机号' }] }))
    await act(() => hook.result.current.submit())
    expect(handlers.onFieldErrors).toHaveBeenCalledWith({ phone: '请填写 11 位手机号' })
    expect(hook.result.current.problem).toEqual({ message: 'VALIDATION_FAILED 的说明', canRetry: false })
    act(() => hook.result.current.dismissRefusal())
    expect(hook.result.current.problem).toBeNull()
  })

  it('a 重试 offer stays while the user edits; an incomplete draft sends nothing', async () => {
    const { current, hook } = setUp()
    create.mockRejectedValueOnce(offline())
    await act(() => hook.result.current.submit())
    act(() => hook.result.current.dismissRefusal())
    expect(hook.result.current.problem?.canRetry).toBe(true)

    current.check = { ok: false, step: null, notice: '还有几处没填好，请看红字。' }
    await act(() => hook.result.current.submit())
    expect(create).toHaveBeenCalledTimes(1)
    expect(hook.result.current.problem).toEqual({ message: '还有几处没填好，请看红字。', canRetry: false })
  })
})
