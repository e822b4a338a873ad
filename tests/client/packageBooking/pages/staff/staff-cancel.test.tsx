import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { StaffBookingRow } from '../../../../../client/packageBooking/components/staff-booking-row'
import { staffCancelWords } from '../../../../../client/packageBooking/components/staff-cancel'
import { Current } from '@tarojs/runtime'
import LookupPage from '../../../../../client/packageBooking/pages/lookup/index'
import { createBooking, fetchBooking, fetchSlots, newIdempotencyKey, rememberBooking } from '../../../../../client/services/bookings'
import { fetchStaffBookings, staffLogin, type StaffBooking } from '../../../../../client/services/staff'
import { startBff, type BffProcess } from '../../../../support/bff-process'
import { runCli } from '../../../../support/run-cli'
import { typeInto } from '../../../support/taro-input'

jest.setTimeout(90_000)

const STATION = '500241103-ws'

/** taro-h5's showModal: one `.taro__modal` in the body, reused, its buttons `.taro-model__confirm` / `.taro-model__cancel`. */
function modalButton(which: 'confirm' | 'cancel'): HTMLElement {
  const button = document.querySelector<HTMLElement>(`.taro__modal .taro-model__${which}`)
  if (!button) throw new Error('no modal on the page')
  return button
}

describe('取消预约 on the staff page (client/packageBooking/components/staff-cancel) against a real BFF', () => {
  let bff: BffProcess
  let dataDir: string
  let password: string

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-staff-cancel-'))
    const env = { SQLITE_PATH: path.join(dataDir, 'fazhitong.db') }
    bff = await startBff({ env })
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    const added = await runCli({
      script: 'admin',
      args: ['add-staff', '--station', STATION, '--username', 'cancel.desk', '--name', '值班员小田', '--json'],
      env,
    })
    password = (JSON.parse(added.stdout.trim().split('\n').at(-1) ?? '{}') as { password: string }).password
  })
  afterAll(async () => {
    delete process.env.TARO_APP_API_BASE_URL
    await bff?.stop()
    bff?.cleanup()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('says what the cancel does, per scope, with the words the resident will read', () => {
    const booking = { name: '王五', slotStart: '2026-11-27T09:00:00+08:00' }
    expect(staffCancelWords({ booking, scope: 'booking', reason: '刷号' })).toBe(
      '将取消王五（09:00）的这个预约。预约人查询时会看到“服务站取消：刷号”。名额马上放出，不能撤销。',
    )
    expect(staffCancelWords({ booking, scope: 'phone', reason: '刷号' })).toContain('这个手机号在本站今后的全部预约')
    expect(staffCancelWords({ booking, scope: 'address', reason: '刷号' })).toContain('同村共用网络的邻居也会被取消')
  })

  it('asks for a reason, confirms once (不取消 sends nothing), then cancels every upcoming booking of the phone; the resident sees 服务站取消：…', async () => {
    // each test starts with empty storage (tests/client/support/setup.ts): sign in here
    await staffLogin({ username: 'cancel.desk', password, newPassword: 'own-password-2026' })
    const phone = '13977770001'
    const byDay = new Map<string, string>()
    for (const slot of (await fetchSlots({ stationId: STATION })).slots)
      if (slot.remaining > 0 && !byDay.has(slot.start.slice(0, 10))) byDay.set(slot.start.slice(0, 10), slot.start)
    const [first, second] = [...byDay.values()]
    const made: Awaited<ReturnType<typeof createBooking>>[] = []
    for (const slotStart of [first, second]) {
      made.push(
        await createBooking({
          booking: { stationId: STATION, slotStart, matter: 'neighbor', name: '王五', phone, consent: true },
          idempotencyKey: newIdempotencyKey(),
        }),
      )
    }
    const listed = await fetchStaffBookings({ from: first.slice(0, 10), days: 31 })
    const row = listed.bookings.find((entry) => entry.code === made[0].code)!
    const onCancelled = jest.fn<void, [StaffBooking[]]>()
    render(<StaffBookingRow booking={row} now={Date.now()} onChange={jest.fn()} onCancelled={onCancelled} onSignedOut={jest.fn()} />)

    fireEvent.click(screen.getByTestId('staff-cancel-open'))
    fireEvent.click(screen.getByTestId('staff-cancel-submit'))
    expect(await screen.findByTestId('staff-cancel-reason-error')).toHaveTextContent('请写明取消原因，预约人会看到')
    expect(document.querySelector('.taro__modal')?.getAttribute('style') ?? 'display: none').toMatch(/display: none/)

    fireEvent.click(screen.getByTestId('staff-cancel-scope-phone'))
    await typeInto('staff-cancel-reason', '同一号码多次预约，已电话核实')
    fireEvent.click(screen.getByTestId('staff-cancel-submit'))
    await waitFor(() => expect(document.querySelector('.taro__modal .taro-modal__title')?.textContent).toBe('服务站取消预约'))
    expect(document.querySelector('.taro__modal .taro-modal__text')?.textContent).toContain('服务站取消：同一号码多次预约，已电话核实')
    expect(modalButton('confirm').textContent).toBe('确认取消')
    fireEvent.click(modalButton('cancel'))
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(onCancelled).not.toHaveBeenCalled()
    expect((await fetchBooking({ code: made[0].code, phoneLast4: '0001' })).status).toBe('booked')

    fireEvent.click(screen.getByTestId('staff-cancel-submit'))
    await waitFor(() => expect(document.querySelector('.taro__modal .taro-modal__title')?.textContent).toBe('服务站取消预约'))
    fireEvent.click(modalButton('confirm'))
    await waitFor(() => expect(onCancelled).toHaveBeenCalledTimes(1), { timeout: 10_000 })
    const cancelled = onCancelled.mock.calls[0][0]
    expect(cancelled.map((entry) => entry.code).sort()).toEqual(made.map((entry) => entry.code).sort())
    expect(cancelled.every((entry) => entry.status === 'cancelled' && entry.cancelReason === '服务站取消：同一号码多次预约，已电话核实')).toBe(true)

    const seen = await fetchBooking({ code: made[1].code, phoneLast4: '0001' })
    expect(seen).toMatchObject({ status: 'cancelled', cancelReason: '服务站取消：同一号码多次预约，已电话核实' })

    // the hand-over: the resident's own 查预约 page, opened from the phone that booked, says why
    rememberBooking({ code: made[1].code, phoneLast4: '0001' })
    Current.router = { params: { code: made[1].code }, path: '/packageBooking/pages/lookup/index', $taroPath: '', onReady: '', onHide: '', onShow: '' }
    try {
      render(<LookupPage />)
      const result = await screen.findByTestId('lookup-result', {}, { timeout: 15_000 })
      expect(result).toHaveTextContent('已取消')
      expect(result).toHaveTextContent('取消原因服务站取消：同一号码多次预约，已电话核实')
      expect(screen.queryByTestId('cancel-button')).toBeNull()
    } finally {
      Current.router = null
    }
  })
})
