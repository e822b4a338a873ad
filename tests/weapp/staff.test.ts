import { loginResponseSchema, slotsResponseSchema } from '../../contracts'
import { AuthService } from '../../server/auth/auth.service'
import { UserRepository } from '../../server/auth/user.repository'
import { startBff, type RunningBff } from './bff'
import { assertWeappBuilt, launchWeapp, type MiniProgram } from './harness'

assertWeappBuilt()

const STATION_ID = '500241103-ws'

describe('compiled mini program: the staff page of packageBooking', () => {
  let bff: RunningBff
  let weapp: MiniProgram

  beforeAll(async () => {
    bff = await startBff()
    // a staff member of the station who signed in on this phone earlier (what the sign-in stores)
    const { password } = await new AuthService({ users: new UserRepository(bff.storage.db), now: () => new Date() }).addStaff({
      stationId: STATION_ID,
      username: 'weapp.staff',
    })
    const login = await fetch(`${bff.origin}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'weapp.staff', password, newPassword: 'weapp-own-password' }),
    })
    const session = loginResponseSchema.parse(await login.json())
    // a villager's booking at the first free slot
    const { slots } = slotsResponseSchema.parse(await (await fetch(`${bff.origin}/api/stations/${STATION_ID}/slots`)).json())
    const booked = await fetch(`${bff.origin}/api/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        stationId: STATION_ID,
        slotStart: slots.find((slot) => slot.remaining > 0)?.start,
        matter: 'neighbor',
        name: '王五',
        phone: '13600136000',
        consent: true,
      }),
    })
    expect(booked.status).toBe(201)
    weapp = launchWeapp({ backend: bff.origin, storage: { 'fzt.session': { v: 1, sessions: [session] } } })
  })
  afterAll(async () => {
    weapp?.close()
    await bff?.close()
  })
  afterEach(() => {
    expect(weapp?.errors ?? []).toEqual([])
    expect((weapp?.console ?? []).filter((message) => message.level === 'error')).toEqual([])
  })

  it('renders the week from today with the phone masked; 回电 → 拨打 dials the whole number, which stays off the phone’s storage', async () => {
    const page = await weapp.reLaunch('/packageBooking/pages/staff/index')
    await page.waitForTestId('staff-day')
    await page.waitForText('136****6000')
    expect(page.getByTestId('staff-range').text).toMatch(/至.*共 1 个预约/)
    expect(page.text()).toContain('今天')
    expect(page.text()).not.toContain('13600136000')

    await page.tap(page.getByTestId('staff-reveal'))
    // the button turns into 拨打 in place: its test id can arrive in one render update before its text
    await page.waitForText('拨打 13600136000')
    const dial = page.getByTestId('staff-call')
    expect(dial.text).toBe('拨打 13600136000')
    await page.tap(dial)
    await page.waitFor('wx.makePhoneCall', () => weapp.callsTo('makePhoneCall').length > 0)
    expect(weapp.callsTo('makePhoneCall')).toEqual([{ phoneNumber: '13600136000' }])
    expect(JSON.stringify([...weapp.storage.values()])).not.toContain('13600136000')
    const reveals = await bff.storage.db.selectFrom('booking_phone_reveals').selectAll().execute()
    expect(reveals).toHaveLength(1)
  })
})
