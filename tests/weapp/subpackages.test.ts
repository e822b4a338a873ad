import { assertWeappBuilt } from './harness'
import { simulatorForSuite } from './simulator-suite'

assertWeappBuilt()

/** A volunteer who signed in earlier on this phone (what the sign-in page stores). */
const VOLUNTEER_SESSION = {
  token: 'token-from-an-earlier-sign-in',
  role: 'volunteer',
  expiresAt: '2099-01-01T00:00:00.000Z',
  stationId: null,
  displayName: '田大姐',
  town: '隘口镇',
  village: '示例村',
}

describe('compiled mini program: the subpackages (booking, volunteer) and 隐私说明', () => {
  const { bff, weapp } = simulatorForSuite({ storage: () => ({ 'fzt.volunteerSession': VOLUNTEER_SESSION }) })

  it('the booking form of packageBooking renders its first step, with the station chosen from the link', async () => {
    const { stations } = (await (await fetch(`${bff.origin}/api/stations?tier=centre`)).json()) as { stations: { id: string; name: string }[] }
    const page = await weapp.reLaunch(`/packageBooking/pages/book/index?stationId=${encodeURIComponent(stations[0].id)}`)
    await page.waitForTestId('step-progress')
    await page.waitForText(stations[0].name)
    expect(page.getByTestId('precheck').text.length).toBeGreaterThan(0)
  })

  it('记一笔 of packageVolunteer renders the form for the signed-in volunteer, in their village', async () => {
    const page = await weapp.reLaunch('/packageVolunteer/pages/log/index')
    await page.waitForTestId('save-record')
    await page.waitForText('记一笔调解')
    expect(page.getByTestId('chosen-place').text).toBe('隘口镇示例村')
  })

  it('隐私说明 renders', async () => {
    const page = await weapp.reLaunch('/pages/privacy/index')
    await page.waitForText('我们收集什么')
  })
})
