import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { Current } from '@tarojs/runtime'
import { stationDetailResponseSchema } from '../../../contracts'
import MyStationPage from '../../../client/packageBooking/pages/my-station/index'
import { SESSION_STORAGE_KEY } from '../../../client/services/session'
import type { BffProcess } from '../../support/bff-process'
import { startAccountsBff, type AccountsBff } from '../support/accounts-bff'
import { typeInto } from '../support/taro-input'

jest.setTimeout(60_000)

const STATION_ID = '500241103-ws'
const STATION_NAME = '隘口镇公共法律服务工作站'
/** where the staff member stands: a browser's WGS-84 reading in 隘口镇 */
const HERE = { latitude: 28.6201, longitude: 109.0603 }

/** jsdom has no geolocation: the page's position source (services/stations getBrowserPosition) reads this one. */
function stubGeolocation(answer: (success: PositionCallback, failure: PositionErrorCallback) => void): jest.Mock {
  const getCurrentPosition = jest.fn(answer)
  Object.defineProperty(window.navigator, 'geolocation', { value: { getCurrentPosition }, configurable: true })
  return getCurrentPosition
}

function keepSession(session: unknown): void {
  localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ data: { v: 1, sessions: [session] } }))
}

describe('我的服务站 (client/packageBooking/pages/my-station) against a real BFF', () => {
  let accounts: AccountsBff
  let bff: BffProcess

  const staffSession = (username: string): Promise<unknown> => accounts.addAndSignIn(['add-staff', '--station', STATION_ID, '--name', '隘口镇值班员'], username)

  beforeAll(async () => {
    accounts = await startAccountsBff('my-station')
    bff = accounts.bff
  })
  afterAll(() => accounts?.close())
  beforeEach(() => {
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    Current.router = { params: {}, path: '/packageBooking/pages/my-station/index', $taroPath: '', onReady: '', onHide: '', onShow: '' }
  })
  afterEach(() => {
    delete process.env.TARO_APP_API_BASE_URL
    Current.router = null
    Object.defineProperty(window.navigator, 'geolocation', { value: undefined, configurable: true })
  })

  it('without a sign-in, shows the staff sign-in and a way back to the 工作台', () => {
    render(<MyStationPage />)
    expect(screen.getByTestId('staff-sign-in')).toBeInTheDocument()
    expect(screen.getByTestId('back-to-desk')).toHaveTextContent('回到服务站工作台')
  })

  it('staff set a phone and 我现在就在服务站 → saved at once as 服务站自报, with the change in the history; the station answers say so', async () => {
    keepSession(await staffSession('my.station'))
    const getCurrentPosition = stubGeolocation((success) =>
      success({ coords: { latitude: HERE.latitude, longitude: HERE.longitude, accuracy: 20 } } as GeolocationPosition),
    )
    render(<MyStationPage />)

    await screen.findByTestId('station-form', {}, { timeout: 15_000 })
    const facts = screen.getByTestId('station-facts')
    expect(within(facts).getByTestId('keeping-station-name')).toHaveTextContent(STATION_NAME)
    expect(within(facts).getByTestId('verification-badge')).toHaveTextContent('未核实')
    expect(within(facts).getByTestId('fact-phone')).toHaveTextContent('暂无')
    expect(within(facts).getByTestId('fact-location')).toHaveTextContent('暂无位置')
    expect(screen.getByTestId('place-words')).toHaveTextContent('还没有位置')
    // the browser has no map picker: only 我现在就在服务站
    expect(screen.queryByTestId('place-map')).toBeNull()
    // a phone keypad on H5
    await waitFor(() => expect(screen.getByTestId('phone-input-0').querySelector('input')?.getAttribute('type')).toBe('tel'))

    await typeInto('phone-input-0', '023-7666１２３４')
    fireEvent.click(screen.getByTestId('phone-add'))
    await typeInto('phone-input-1', '13800138000')
    await typeInto('address-input', '隘口镇隘口社区便民服务中心二楼')
    // hours are not a sentence in this form: staff set them as weekly openings (the 开放时间 card)
    expect(screen.queryByTestId('hours-input')).toBeNull()
    // services: several may be on; a tap switches one
    const dutyLawyer = screen.getByTestId('service-duty_lawyer')
    const wasOn = dutyLawyer.getAttribute('aria-checked') === 'true'
    fireEvent.click(dutyLawyer)
    expect(dutyLawyer).toHaveAttribute('aria-checked', String(!wasOn))

    fireEvent.click(screen.getByTestId('place-here'))
    await waitFor(() => expect(screen.getByTestId('place-words')).toHaveTextContent('已取到您现在站的位置'))
    expect(getCurrentPosition).toHaveBeenCalledTimes(1)

    fireEvent.click(screen.getByTestId('save-station'))
    const saved = await screen.findByTestId('my-station-saved', {}, { timeout: 15_000 })
    expect(saved).toHaveTextContent('已保存')
    const after = screen.getByTestId('station-facts')
    expect(within(after).getByTestId('verification-badge')).toHaveTextContent('服务站自报')
    expect(within(after).getByTestId('keeping-words')).toHaveTextContent('隘口镇值班员（服务站）填写，县司法局还没有核实')
    expect(within(after).getByTestId('fact-phone')).toHaveTextContent('023-76661234、13800138000')
    expect(within(after).getByTestId('fact-location')).toHaveTextContent('实测位置')
    expect(within(after).getByTestId('fact-hours')).toHaveTextContent('周一至周五 9:00-12:00，14:00-17:30')
    expect(screen.getByTestId('place-words')).toHaveTextContent('已有准确位置')
    // the form shows the saved numbers, one a box, normalised by the BFF
    await waitFor(() => expect(screen.getByTestId('phone-input-0').querySelector('input')?.value).toBe('023-76661234'))
    await waitFor(() => expect(screen.getByTestId('phone-input-1').querySelector('input')?.value).toBe('13800138000'))

    const [entry] = screen.getAllByTestId('history-entry')
    expect(entry).toHaveTextContent('隘口镇值班员（服务站）')
    expect(entry).toHaveTextContent('服务站自报')
    const changed = within(entry)
      .getAllByTestId('keeping-change')
      .map((row) => row.dataset.fact)
    expect(changed).toEqual(['phone', 'address', 'services', 'location'])
    expect(within(entry).getAllByTestId('keeping-change')[0]).toHaveTextContent('原来：暂无改为：023-76661234、13800138000')

    // every station answer serves it at once, labelled, the browser's WGS-84 point converted to GCJ-02
    const detail = stationDetailResponseSchema.parse(await (await fetch(`${bff.baseUrl}/api/stations/${STATION_ID}`)).json())
    expect(detail.station).toMatchObject({ phone: '023-76661234、13800138000', verification: 'self_reported', locationQuality: 'surveyed' })
    expect(detail.station.location?.lat).not.toBeCloseTo(HERE.latitude, 5)
    expect(Math.abs((detail.station.location?.lat ?? 0) - HERE.latitude)).toBeLessThan(0.01)
  })

  it('names each wrong field in Chinese: a number the BFF cannot read; a refused position says why', async () => {
    keepSession(await staffSession('my.station.errors'))
    stubGeolocation((_success, failure) =>
      failure({ code: 1, message: 'denied', PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3 } as GeolocationPositionError),
    )
    render(<MyStationPage />)
    await screen.findByTestId('station-form', {}, { timeout: 15_000 })

    fireEvent.click(screen.getByTestId('place-here'))
    expect(await screen.findByTestId('place-message')).toHaveTextContent('没有得到使用位置的允许')

    await typeInto('phone-input-0', '12')
    fireEvent.click(screen.getByTestId('save-station'))
    expect(await screen.findByTestId('phone-input-0-error', {}, { timeout: 15_000 })).toHaveTextContent('「12」不是一个电话号码')
    expect(screen.getByTestId('form-error')).toHaveTextContent('有地方填得不对')
    expect(screen.queryByTestId('my-station-saved')).toBeNull()
  })

  it('staff publish 周一至周三 9:00-12:00 in 开放时间: the station shows exactly those hours, the 默认 label goes, and residents can book only those', async () => {
    // a resident booked an afternoon under the usual hours: the new hours will not cover it
    const offered = (await (await fetch(`${bff.baseUrl}/api/stations/${STATION_ID}/slots`)).json()) as { slots: { start: string; remaining: number }[] }
    const afternoon = offered.slots.find((slot) => slot.start.slice(11, 16) >= '14:00' && slot.remaining > 0)
    const created = await fetch(`${bff.baseUrl}/api/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ stationId: STATION_ID, slotStart: afternoon?.start, matter: 'neighbor', name: '王五', phone: '13600136123', consent: true }),
    })
    const { code } = (await created.json()) as { code: string }
    keepSession(await staffSession('my.station.hours'))
    render(<MyStationPage />)
    const card = await screen.findByTestId('station-hours', {}, { timeout: 15_000 })
    await within(card).findByTestId('schedule-editor', {}, { timeout: 15_000 })
    expect(within(card).getByTestId('schedule-editor')).toHaveTextContent('现在用的是默认开放时间')
    // the usual hours are Monday to Friday, morning and afternoon (a lunch break is two rows): keep Monday to Wednesday mornings
    const rows = () => within(card).getAllByTestId('schedule-row')
    expect(rows()).toHaveLength(10)
    for (let index = 9; index >= 0; index -= 1) {
      if (index % 2 === 1 || index >= 6) fireEvent.click(within(rows()[index]).getByText('删除这一行'))
    }
    expect(rows()).toHaveLength(3)
    fireEvent.click(within(card).getByTestId('schedule-save'))
    expect(await within(card).findByTestId('schedule-message', {}, { timeout: 15_000 })).toHaveTextContent('从现在起都是：周一至周三 9:00-12:00')

    // that booking is kept, and listed for staff to call
    const outside = await within(card).findByTestId('outside-hours')
    expect(outside).toHaveTextContent('预约仍然有效')
    expect(within(outside).getByTestId('outside-hours-booking')).toHaveTextContent(`王五 · 136****6123 · 预约码 ${code}`)

    // the facts above are read again: the hours residents see, labelled 服务站自报, not 默认
    await waitFor(() => expect(within(screen.getByTestId('station-facts')).getByTestId('fact-hours')).toHaveTextContent('周一至周三 9:00-12:00'))
    expect(within(screen.getByTestId('station-facts')).getByTestId('fact-hours')).not.toHaveTextContent('未经确认')
    const slots = (await (await fetch(`${bff.baseUrl}/api/stations/${STATION_ID}/slots`)).json()) as {
      isDefaultSchedule: boolean
      hours: { text: string }
      slots: { start: string; end: string }[]
    }
    expect(slots.isDefaultSchedule).toBe(false)
    expect(slots.hours.text).toBe('周一至周三 9:00-12:00')
    expect(slots.slots.every((slot) => slot.end.slice(11, 16) <= '12:00')).toBe(true)
  })
})
