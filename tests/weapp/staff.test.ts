import { slotsResponseSchema } from '../../contracts'
import { signInStaff, type RunningBff } from './bff'
import { assertWeappBuilt } from './harness'
import { simulatorForSuite } from './simulator-suite'

assertWeappBuilt()

const STATION_ID = '500241103-ws'

/** The phone of a staff member who signed in earlier, at a station where a villager has booked the first free slot. */
async function aStaffMemberWithABooking(bff: RunningBff): Promise<Record<string, unknown>> {
  // a staff member of the station who signed in on this phone earlier (what the sign-in stores)
  const session = await signInStaff(bff, { stationId: STATION_ID, username: 'weapp.staff' })
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
  return { 'fzt.session': { v: 1, sessions: [session] } }
}

describe('compiled mini program: the staff page of packageBooking', () => {
  const { bff, weapp } = simulatorForSuite({ storage: aStaffMemberWithABooking })

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
