import { stationDetailResponseSchema } from '../../contracts'
import { accountsOf, signInFirstTime, signInStaff, type RunningBff } from './bff'
import { assertWeappBuilt } from './harness'
import { simulatorForSuite } from './simulator-suite'

assertWeappBuilt()

const AIKOU = '500241103-ws'
const ZHONGHE = '500241001-ws'
/** where WeChat's map picker puts the pin (GCJ-02, as wx.chooseLocation answers) */
const PICKED = { latitude: 28.6185, longitude: 109.0641, name: '隘口镇便民服务中心', address: '重庆市秀山县隘口镇隘口社区' }

type WxStub = (
  options: { success?: (result: unknown) => void; fail?: (result: unknown) => void; complete?: (result: unknown) => void } & Record<string, unknown>,
) => void

/** A station's own report of its facts, through the API: it waits in the county's queue as 服务站自报. */
async function selfReport(bff: RunningBff, stationId: string, username: string, facts: Record<string, unknown>): Promise<void> {
  const { token } = await signInStaff(bff, { stationId, username })
  const reported = await fetch(`${bff.origin}/api/staff/stations/${stationId}/profile`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ address: null, hours: { text: '周一至周五 9:00-17:00' }, services: ['mediation'], location: null, ...facts }),
  })
  expect(reported.status).toBe(200)
}

/** 隘口镇's staff member and the county's administrator, both signed in on this phone earlier (one session per role); 中和街道 has reported its phone. */
async function keeperAndCountyAdmin(bff: RunningBff): Promise<Record<string, unknown>> {
  const staff = await signInStaff(bff, { stationId: AIKOU, username: 'weapp.keeper', displayName: '隘口镇值班员' })
  const added = await accountsOf(bff).addAdmin({ username: 'weapp.county', county: '秀山土家族苗族自治县', displayName: '县司法局小周' })
  const admin = await signInFirstTime(bff, 'weapp.county', added.password)
  // another station's staff reported theirs: it waits in the county's queue
  await selfReport(bff, ZHONGHE, 'weapp.zhonghe', { phones: ['023-76660000'] })
  return { 'fzt.session': { v: 1, sessions: [staff, admin] } }
}

describe('compiled mini program: 我的服务站 and 待核实 of packageBooking', () => {
  const { bff, weapp } = simulatorForSuite({ storage: keeperAndCountyAdmin })
  const chosen: unknown[] = []

  beforeAll(() => {
    // WeChat's map picker: the user drops the pin at the station's door
    const wx = (globalThis as unknown as { wx: Record<string, WxStub> }).wx
    wx.chooseLocation = (options) => {
      chosen.push({ latitude: options.latitude, longitude: options.longitude })
      setTimeout(() => {
        const result = { errMsg: 'chooseLocation:ok', ...PICKED }
        options.success?.(result)
        options.complete?.(result)
      }, 0)
    }
  })

  it('我的服务站 renders the station with 未核实; 在地图上选 + the hours → 保存 shows 服务站自报 at once', async () => {
    const page = await weapp.reLaunch('/packageBooking/pages/my-station/index')
    await page.waitForTestId('station-form')
    expect(page.getByTestId('keeping-station-name').text).toBe('隘口镇公共法律服务工作站')
    expect(page.getByTestId('verification-badge').text).toBe('未核实')
    // the mini program offers both ways to set the place
    expect(page.getByTestId('place-here').text).toBe('我现在就在服务站')
    await page.tap(page.getByTestId('place-map'))
    await page.waitFor('the picked place', () => page.getByTestId('place-words').text.includes('隘口镇便民服务中心'))
    expect(chosen).toEqual([{}])

    await page.tap(page.getByTestId('save-station'))
    await page.waitForTestId('my-station-saved')
    expect(page.getByTestId('verification-badge').text).toBe('服务站自报')
    expect(page.getByTestId('fact-location').text).toBe('实测位置')
    // the picked point's address filled the empty box and was saved with it
    expect(page.getByTestId('fact-address').text).toBe(PICKED.address)
    const { station } = stationDetailResponseSchema.parse(await (await fetch(`${bff.origin}/api/stations/${AIKOU}`)).json())
    expect(station).toMatchObject({ verification: 'self_reported', location: { lat: PICKED.latitude, lng: PICKED.longitude }, address: PICKED.address })
  })

  it('待核实 renders the county’s queue; 核实 takes the item off it', async () => {
    // 隘口镇's own report (what the test before does on the page; this one does not rely on it) and 中和街道's
    await selfReport(bff, AIKOU, 'weapp.keeper2', {
      phones: ['023-76661234'],
      address: PICKED.address,
      location: { lat: PICKED.latitude, lng: PICKED.longitude, datum: 'gcj02' },
    })
    const page = await weapp.reLaunch('/packageBooking/pages/admin/index')
    await page.waitForTestId('queue-count')
    expect(page.getByTestId('admin-who').text).toContain('县司法局小周')
    await page.waitFor('two items', () => page.getByTestId('queue-count').text.includes('待核实 2 项'))
    expect(page.text()).toContain('改为：023-76660000')
    const verifyButtons = page.queryAllByText('核实')
    expect(verifyButtons).toHaveLength(2)
    await page.tap(verifyButtons[0])
    await page.waitForTestId('queue-done')
    expect(page.getByTestId('queue-count').text).toContain('待核实 1 项')
    const verified = (
      await Promise.all(
        [AIKOU, ZHONGHE].map(async (id) => stationDetailResponseSchema.parse(await (await fetch(`${bff.origin}/api/stations/${id}`)).json()).station),
      )
    ).filter((station) => station.verification === 'verified')
    expect(verified).toHaveLength(1)
  })
})
