import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { Current } from '@tarojs/runtime'
import type { LoginResponse } from '../../../contracts'
import { chinaDate } from '../../../contracts/china-time'
import MyStationPage from '../../../client/packageBooking/pages/my-station/index'
import StaffPage from '../../../client/packageBooking/pages/staff/index'
import { SESSION_STORAGE_KEY } from '../../../client/services/session'
import type { BffProcess } from '../../support/bff-process'
import { startAccountsBff, type AccountsBff } from '../support/accounts-bff'

jest.setTimeout(60_000)

const STATION_ID = '500241103-ws'

/**
 * Issue 22, item 11: the county's 退回 of a self-report reaches the station's 工作台 — its reason,
 * what to do next — the next time the page is opened; and the 工作台 prints the door poster.
 */
describe('服务站工作台 (client/packageBooking/pages/staff): where the station’s own facts stand, against a real BFF', () => {
  let accounts: AccountsBff
  let bff: BffProcess

  const signIn = (args: string[], username: string): Promise<LoginResponse> => accounts.addAndSignIn(args, username)

  const send = (method: string, url: string, token: string, body: object) =>
    fetch(`${bff.baseUrl}${url}`, { method, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) })

  beforeAll(async () => {
    accounts = await startAccountsBff('staff-standing')
    bff = accounts.bff
  })
  afterAll(() => accounts?.close())
  beforeEach(() => {
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    Current.router = { params: {}, path: '/packageBooking/pages/staff/index', $taroPath: '', onReady: '', onHide: '', onShow: '' }
  })
  afterEach(() => {
    delete process.env.TARO_APP_API_BASE_URL
    Current.router = null
    localStorage.clear()
  })

  it('self-report → 等核实; the county 退回 it → opening the 工作台 again shows 县司法局退回了您 X月X日报的修改：<reason> and what to do, and 我的服务站 says it above the form; a new report ends it', async () => {
    const staff = await signIn(['add-staff', '--station', STATION_ID, '--name', '隘口镇值班员'], 'standing.staff')
    const admin = await signIn(['add-admin', '--county', '秀山土家族苗族自治县', '--name', '县司法局小周'], 'standing.admin')
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ data: { v: 1, sessions: [staff] } }))
    const profile = { phones: ['023-76661234'], address: null, hours: { text: '周一至周五 9:00-12:00' }, services: ['legal_consultation'], location: null }
    expect((await send('PUT', `/api/staff/stations/${STATION_ID}/profile`, staff.token, profile)).status).toBe(200)
    const today = chinaDate({ now: new Date() })
    const day = `${Number(today.slice(5, 7))}月${Number(today.slice(8, 10))}日`

    const first = render(<StaffPage />)
    const pending = await screen.findByTestId('station-standing-words', {}, { timeout: 20_000 })
    expect(pending).toHaveAttribute('data-tone', 'pending')
    expect(pending).toHaveTextContent(`本站${day}报的信息正在等县司法局核实。`)
    first.unmount()

    // the county, elsewhere, sends it back
    expect((await send('POST', `/api/admin/stations/${STATION_ID}/reject`, admin.token, { reason: '电话打不通，请核对号码' })).status).toBe(200)

    // the staff member opens the 工作台 again: nothing to clear, no cache to wait for
    const second = render(<StaffPage />)
    await waitFor(() => expect(screen.getByTestId('station-standing-words')).toHaveAttribute('data-tone', 'rejected'), { timeout: 20_000 })
    const rejected = screen.getByTestId('station-standing-words')
    expect(rejected).toHaveTextContent(`县司法局${day}退回了您${day}报的修改：电话打不通，请核对号码`)
    expect(rejected).toHaveTextContent('到“我的服务站”改好再保存')
    expect(screen.getByTestId('station-standing-fix')).toHaveTextContent('去改本站信息')
    second.unmount()
    // 去改本站信息 → 我的服务站 says it again above the form
    const myStation = render(<MyStationPage />)
    expect(await screen.findByTestId('keeping-rejection', {}, { timeout: 20_000 })).toHaveTextContent(`退回了您${day}报的修改：电话打不通，请核对号码`)
    expect(screen.getByTestId('keeping-rejection')).toHaveTextContent('在下面改好再保存')
    myStation.unmount()

    // a corrected report is news again: the 退回 is over
    expect((await send('PUT', `/api/staff/stations/${STATION_ID}/profile`, staff.token, { ...profile, phones: ['023-76665678'] })).status).toBe(200)
    render(<StaffPage />)
    await waitFor(() => expect(screen.getByTestId('station-standing-words')).toHaveAttribute('data-tone', 'pending'), { timeout: 20_000 })
  })

  it('打印门口海报 opens the station’s A4 poster from the BFF', async () => {
    const staff = await signIn(['add-staff', '--station', STATION_ID, '--name', '值班员乙'], 'poster.staff')
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ data: { v: 1, sessions: [staff] } }))
    const opened = { opener: {} as unknown }
    const open = jest.spyOn(window, 'open').mockImplementation(() => opened as unknown as Window)
    render(<StaffPage />)
    fireEvent.click(await screen.findByTestId('station-poster', {}, { timeout: 20_000 }))
    expect(open).toHaveBeenCalledWith(`${bff.baseUrl}/api/stations/${STATION_ID}/poster`, '_blank')
    expect(opened.opener).toBeNull()
    open.mockRestore()
    const poster = await fetch(`${bff.baseUrl}/api/stations/${STATION_ID}/poster`)
    expect(poster.status).toBe(200)
    expect(await poster.text()).toContain('@page { size: A4 portrait')
  })
})
