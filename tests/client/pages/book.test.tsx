import { randomUUID } from 'node:crypto'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { bookingCreatedSchema, slotsResponseSchema } from '../../../contracts'
import BookPage from '../../../client/packageBooking/pages/book/index'
import LookupPage from '../../../client/packageBooking/pages/lookup/index'
import MePage from '../../../client/pages/me/index'
import { rememberBooking } from '../../../client/services/device-bookings'
import { bffProcessForSuite } from '../../support/bff-process'
import { forEachPageTest, openAt } from '../support/page-suite'
import { typeInto } from '../support/taro-input'

jest.setTimeout(60_000)

const AIKOU = '500241103-ws'

const routeTo = openAt

describe('预约 (client/packageBooking/pages/book and lookup) against a real BFF', () => {
  const bff = bffProcessForSuite({ env: { LOG_LEVEL: 'warn', RATE_LIMIT: 'off' } })
  forEachPageTest({ apiBase: () => bff.baseUrl })
  beforeEach(() => localStorage.clear())

  describe('选服务站 (step 1)', () => {
    it('typing 隘口 narrows the county’s stations to 隘口镇’s, in one list', async () => {
      routeTo('/packageBooking/pages/book/index', {})
      render(<BookPage />)
      await waitFor(() => expect(screen.getAllByTestId('station-choice').length).toBeGreaterThan(200), { timeout: 15_000 })
      await typeInto('station-search', '隘口')
      await waitFor(() => expect(screen.getAllByTestId('station-choice').length).toBeLessThan(30))
      const names = screen.getAllByTestId('station-choice').map((choice) => choice.textContent ?? '')
      expect(names.length).toBeGreaterThan(1)
      expect(names.every((name) => name.includes('隘口'))).toBe(true)
      await typeInto('station-search', '没有这个地方')
      expect(await screen.findByText(/没有找到“没有这个地方”/u)).toBeInTheDocument()
    })

    it('when the phone already allows its position, lists the nearest first with their distance, without another tap', async () => {
      // 隘口镇's workstation door, as a browser (WGS-84) reads it
      Object.defineProperty(window.navigator, 'permissions', { value: { query: async () => ({ state: 'granted' }) }, configurable: true })
      const getCurrentPosition = jest.fn((success: PositionCallback) =>
        success({ coords: { latitude: 28.6201, longitude: 109.0603, accuracy: 20 } } as GeolocationPosition),
      )
      Object.defineProperty(window.navigator, 'geolocation', { value: { getCurrentPosition }, configurable: true })
      try {
        routeTo('/packageBooking/pages/book/index', {})
        render(<BookPage />)
        const matches = await screen.findByTestId('station-matches', {}, { timeout: 15_000 })
        expect(getCurrentPosition).toHaveBeenCalledTimes(1)
        expect(screen.queryByTestId('station-nearest')).toBeNull()
        const answer = (await (await fetch(`${bff.baseUrl}/api/stations/nearest?lat=28.6201&lng=109.0603&datum=wgs84&limit=2`)).json()) as {
          stations: { station: { id: string } }[]
        }
        const [first] = within(matches).getAllByTestId('station-choice')
        expect(first.dataset.stationId).toBe(answer.stations[0].station.id)
        expect(first).toHaveTextContent(/约 \d/u)
      } finally {
        Object.defineProperty(window.navigator, 'permissions', { value: undefined, configurable: true })
        Object.defineProperty(window.navigator, 'geolocation', { value: undefined, configurable: true })
      }
    })

    it('starts with the station this phone booked at last: one tap goes on to the next step', async () => {
      rememberBooking({
        code: 'K7M4Q2XA',
        phoneLast4: '8000',
        stationName: '隘口镇公共法律服务工作站',
        stationId: AIKOU,
        slotStart: '2026-11-27T09:00:00+08:00',
      })
      routeTo('/packageBooking/pages/book/index', {})
      render(<BookPage />)
      const first = await screen.findByTestId('station-first', {}, { timeout: 15_000 })
      expect(first).toHaveTextContent('上次预约的服务站')
      expect(first).toHaveTextContent('隘口镇公共法律服务工作站')
      fireEvent.click(within(first).getByTestId('station-first-choice'))
      expect(await screen.findByTestId('precheck')).toBeInTheDocument()
      expect(screen.getByTestId('book-station')).toHaveTextContent('隘口镇公共法律服务工作站')
    })
  })

  describe('选时间', () => {
    it('shows the station’s hours (the words its page shows) above the slots', async () => {
      routeTo('/packageBooking/pages/book/index', { stationId: AIKOU })
      render(<BookPage />)
      fireEvent.click(await screen.findByTestId('next-button'))
      fireEvent.click(await screen.findByTestId('matter-labor_wages'))
      fireEvent.click(screen.getByTestId('next-button'))
      expect(await screen.findByTestId('slot-hours', {}, { timeout: 15_000 })).toHaveTextContent('开放时间：周一至周五 9:00-12:00，14:00-17:30')
      expect(screen.getByTestId('slot-hours')).toHaveTextContent('至少提前 60 分钟')
      expect(screen.getByTestId('default-schedule-note')).toBeInTheDocument()
    })

    it('when the BFF cannot be reached, says so in one error box, not two', async () => {
      process.env.TARO_APP_API_BASE_URL = 'http://127.0.0.1:9'
      routeTo('/packageBooking/pages/book/index', { stationId: AIKOU })
      render(<BookPage />)
      fireEvent.click(await screen.findByTestId('next-button'))
      fireEvent.click(await screen.findByTestId('matter-labor_wages'))
      fireEvent.click(screen.getByTestId('next-button'))
      await screen.findByTestId('slot-step')
      await waitFor(() => expect(screen.getAllByRole('alert')).toHaveLength(1), { timeout: 15_000 })
      // and it stays one once the station's own request has failed too
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(screen.getAllByRole('alert')).toHaveLength(1)
    })
  })

  describe('查找预约', () => {
    async function book(): Promise<{ code: string; phone: string }> {
      const slots = slotsResponseSchema.parse(await (await fetch(`${bff.baseUrl}/api/stations/${AIKOU}/slots`)).json())
      const phone = `1370013${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`
      const response = await fetch(`${bff.baseUrl}/api/bookings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
        body: JSON.stringify({
          stationId: AIKOU,
          slotStart: slots.slots.find((slot) => slot.remaining > 0)?.start,
          matter: 'land',
          name: '李四',
          phone,
          consent: true,
        }),
      })
      return { code: bookingCreatedSchema.parse(await response.json()).code, phone }
    }

    it('a booking still to come offers 改期 and 取消, not 再约一次', async () => {
      const { code, phone } = await book()
      rememberBooking({ code, phoneLast4: phone.slice(-4) })
      routeTo('/packageBooking/pages/lookup/index', { code })
      render(<LookupPage />)
      await screen.findByTestId('lookup-result', {}, { timeout: 15_000 })
      expect(screen.getByTestId('reschedule-button')).toBeInTheDocument()
      expect(screen.getByTestId('cancel-button')).toBeInTheDocument()
      expect(screen.queryByTestId('rebook-button')).toBeNull()
    })

    it('a cancelled booking offers only 再约一次 (at the same station), never 改期 or 取消', async () => {
      const { code, phone } = await book()
      await fetch(`${bff.baseUrl}/api/bookings/${code}/cancel`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ phoneLast4: phone.slice(-4), reason: '问题已经解决' }),
      })
      rememberBooking({ code, phoneLast4: phone.slice(-4) })
      routeTo('/packageBooking/pages/lookup/index', { code })
      render(<LookupPage />)
      const result = await screen.findByTestId('lookup-result', {}, { timeout: 15_000 })
      expect(result).toHaveTextContent('已取消')
      expect(screen.queryByTestId('reschedule-button')).toBeNull()
      expect(screen.queryByTestId('cancel-button')).toBeNull()
      expect(screen.getByTestId('rebook-button')).toHaveTextContent('再约一次')
    })
    it('我的 offers 查看、改期或取消 for an upcoming booking and only 查看 and 再约一次 for a cancelled one', async () => {
      const upcoming = await book()
      const cancelled = await book()
      await fetch(`${bff.baseUrl}/api/bookings/${cancelled.code}/cancel`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ phoneLast4: cancelled.phone.slice(-4), reason: '问题已经解决' }),
      })
      rememberBooking({ code: upcoming.code, phoneLast4: upcoming.phone.slice(-4) })
      rememberBooking({ code: cancelled.code, phoneLast4: cancelled.phone.slice(-4) })
      routeTo('/pages/me/index', {})
      render(<MePage />)
      await waitFor(() => expect(screen.getAllByTestId('my-booking')).toHaveLength(2), { timeout: 15_000 })
      await waitFor(() => expect(screen.getByTestId('my-bookings')).toHaveTextContent('已取消'))
      const [first, second] = screen.getAllByTestId('my-booking')
      expect(first).toHaveTextContent(upcoming.code)
      expect(first).toHaveTextContent('查看、改期或取消')
      expect(within(first).queryByTestId('my-booking-rebook')).toBeNull()
      expect(second).toHaveTextContent(cancelled.code)
      expect(second).not.toHaveTextContent('改期')
      expect(within(second).getByTestId('my-booking-rebook')).toHaveTextContent('再约一次')
    })
  })
})
