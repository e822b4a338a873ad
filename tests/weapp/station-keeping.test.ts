import { loginResponseSchema, stationDetailResponseSchema } from '../../contracts'
import { AuthService } from '../../server/auth/auth.service'
import { UserRepository } from '../../server/auth/user.repository'
import { startBff, type RunningBff } from './bff'
import { assertWeappBuilt, launchWeapp, type MiniProgram } from './harness'

assertWeappBuilt()

const AIKOU = '500241103-ws'
const ZHONGHE = '500241001-ws'
/** where WeChat's map picker puts the pin (GCJ-02, as wx.chooseLocation answers) */
const PICKED = { latitude: 28.6185, longitude: 109.0641, name: '隘口镇便民服务中心', address: '重庆市秀山县隘口镇隘口社区' }

type WxStub = (
  options: { success?: (result: unknown) => void; fail?: (result: unknown) => void; complete?: (result: unknown) => void } & Record<string, unknown>,
) => void

describe('compiled mini program: 我的服务站 and 待核实 of packageBooking', () => {
  let bff: RunningBff
  let weapp: MiniProgram
  const chosen: unknown[] = []

  async function signIn(username: string, password: string) {
    const login = await fetch(`${bff.origin}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password, newPassword: 'weapp-own-password' }),
    })
    return loginResponseSchema.parse(await login.json())
  }

  beforeAll(async () => {
    bff = await startBff()
    const auth = new AuthService({ users: new UserRepository(bff.storage.db), now: () => new Date() })
    const staff = await signIn('weapp.keeper', (await auth.addStaff({ stationId: AIKOU, username: 'weapp.keeper', displayName: '隘口镇值班员' })).password)
    const admin = await signIn(
      'weapp.county',
      (await auth.addAdmin({ username: 'weapp.county', county: '秀山土家族苗族自治县', displayName: '县司法局小周' })).password,
    )
    // another station's staff reported theirs: it waits in the county's queue
    const other = await signIn('weapp.zhonghe', (await auth.addStaff({ stationId: ZHONGHE, username: 'weapp.zhonghe' })).password)
    const reported = await fetch(`${bff.origin}/api/staff/stations/${ZHONGHE}/profile`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${other.token}` },
      body: JSON.stringify({ phones: ['023-76660000'], address: null, hours: { text: '周一至周五 9:00-17:00' }, services: ['mediation'], location: null }),
    })
    expect(reported.status).toBe(200)
    // both signed in on this phone earlier (what the sign-ins store: one per role)
    weapp = launchWeapp({ backend: bff.origin, storage: { 'fzt.session': { v: 1, sessions: [staff, admin] } } })
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
  afterAll(async () => {
    weapp?.close()
    await bff?.close()
  })
  afterEach(() => {
    expect(weapp?.errors ?? []).toEqual([])
    expect((weapp?.console ?? []).filter((message) => message.level === 'error')).toEqual([])
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
    const page = await weapp.reLaunch('/packageBooking/pages/admin/index')
    await page.waitForTestId('queue-count')
    expect(page.getByTestId('admin-who').text).toContain('县司法局小周')
    // the earlier test's self-report and 中和街道's, oldest first
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
