import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { Current } from '@tarojs/runtime'
import { loginResponseSchema, slotsResponseSchema, staffBookingsResponseSchema, stationDetailResponseSchema } from '../../../contracts'
import AdminPage from '../../../client/packageBooking/pages/admin/index'
import { startBff, type BffProcess } from '../../support/bff-process'
import { runCli } from '../../support/run-cli'
import { typeInto } from '../support/taro-input'

jest.setTimeout(90_000)

const XIUSHAN = '秀山土家族苗族自治县'
const AIKOU = '500241103-ws'
const ZHONGHE = '500241001-ws'

function itemOf(stationId: string, kind: 'station' | 'correction'): HTMLElement {
  const item = screen.getAllByTestId('queue-item').find((candidate) => candidate.dataset.stationId === stationId && candidate.dataset.kind === kind)
  if (!item) throw new Error(`no ${kind} item for ${stationId}`)
  return item
}

describe('待核实 (client/packageBooking/pages/admin) against a real BFF', () => {
  let bff: BffProcess
  let dataDir: string
  let env: Record<string, string>
  /** every request the page sent to the BFF, as `METHOD path` */
  let sent: string[]

  async function printedPassword(args: string[]): Promise<string> {
    const added = await runCli({ script: 'admin', args: [...args, '--json'], env })
    expect(added.status).toBe(0)
    return (JSON.parse(added.stdout.trim().split('\n').at(-1) ?? '{}') as { password: string }).password
  }

  async function staffToken(stationId: string, username: string): Promise<string> {
    const password = await printedPassword(['add-staff', '--station', stationId, '--username', username, '--name', `${username} 值班员`])
    const login = await fetch(`${bff.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password, newPassword: 'own-password-2026' }),
    })
    return loginResponseSchema.parse(await login.json()).token
  }

  async function selfReport(stationId: string, token: string, phone: string): Promise<void> {
    const saved = await fetch(`${bff.baseUrl}/api/staff/stations/${stationId}/profile`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({
        phones: [phone],
        address: null,
        hours: { text: '周一至周五 9:00-12:00，14:00-17:30' },
        services: ['legal_consultation'],
        location: { lat: 28.45, lng: 108.99, datum: 'gcj02' },
      }),
    })
    expect(saved.status).toBe(200)
  }

  async function station(id: string) {
    return stationDetailResponseSchema.parse(await (await fetch(`${bff.baseUrl}/api/stations/${id}`)).json()).station
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-admin-page-'))
    env = { SQLITE_PATH: path.join(dataDir, 'fazhitong.db'), LOG_LEVEL: 'warn' }
    bff = await startBff({ env })
    const aikouStaff = await staffToken(AIKOU, 'aikou.staff')
    await selfReport(AIKOU, aikouStaff, '023-76661234')
    // a booking whose phone the station's staff reveal (回电): the county sees that it happened
    const slots = slotsResponseSchema.parse(await (await fetch(`${bff.baseUrl}/api/stations/${AIKOU}/slots`)).json())
    const booked = await fetch(`${bff.baseUrl}/api/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        stationId: AIKOU,
        slotStart: slots.slots.find((slot) => slot.remaining > 0)?.start,
        matter: 'land',
        name: '李四',
        phone: '13700135678',
        consent: true,
      }),
    })
    expect(booked.status).toBe(201)
    const week = staffBookingsResponseSchema.parse(
      await (await fetch(`${bff.baseUrl}/api/staff/bookings?days=14`, { headers: { Authorization: `Bearer ${aikouStaff}` } })).json(),
    )
    const revealed = await fetch(`${bff.baseUrl}/api/staff/bookings/${week.bookings[0].id}/reveal-phone`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${aikouStaff}` },
    })
    expect(revealed.status).toBe(200)
    await selfReport(ZHONGHE, await staffToken(ZHONGHE, 'zhonghe.staff'), '023-76660000')
    const correction = await fetch(`${bff.baseUrl}/api/stations/500241-centre/corrections`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ field: 'hours', message: '周六上午也有人值班', callbackPhone: '13800138000' }),
    })
    expect(correction.status).toBe(201)
  })
  afterAll(async () => {
    await bff?.stop()
    bff?.cleanup()
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
  })
  beforeEach(() => {
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    Current.router = { params: {}, path: '/packageBooking/pages/admin/index', $taroPath: '', onReady: '', onHide: '', onShow: '' }
    sent = []
  })
  afterEach(() => {
    delete process.env.TARO_APP_API_BASE_URL
    Current.router = null
    jest.restoreAllMocks()
  })

  it('the county administrator signs in with the printed password (a new one is asked), then verifies, rejects only with a reason, and resolves a correction: each leaves the queue', async () => {
    const printed = await printedPassword(['add-admin', '--username', 'xs.admin', '--county', XIUSHAN, '--name', '县司法局小周'])
    // every request the page sends (services/http → Taro.request → fetch)
    const realFetch = window.fetch.bind(window)
    jest.spyOn(window, 'fetch').mockImplementation((input, init) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
      sent.push(`${init?.method ?? 'GET'} ${url.pathname}`)
      return realFetch(input, init)
    })
    render(<AdminPage />)

    // the printed password opens one sign-in: the page asks for the administrator's own, twice
    await typeInto('admin-username', 'xs.admin')
    await typeInto('admin-password', printed)
    fireEvent.click(screen.getByTestId('admin-sign-in-button'))
    await screen.findByTestId('admin-new-password', {}, { timeout: 15_000 })
    expect(screen.getByTestId('admin-sign-in-error')).toHaveTextContent('一次性密码')
    await typeInto('admin-new-password', 'county-own-password')
    await typeInto('admin-new-password-again', 'county-own-password')
    fireEvent.click(screen.getByTestId('admin-sign-in-button'))

    // the queue: two self-reports and a resident's correction, oldest first
    await screen.findByTestId('admin-who', {}, { timeout: 15_000 })
    await waitFor(() => expect(screen.getAllByTestId('queue-item')).toHaveLength(3), { timeout: 15_000 })
    expect(screen.getByTestId('queue-count')).toHaveTextContent('待核实 3 项（新的在前）')
    // who saw a resident's whole phone number, and when: listed for the county, the number masked
    const reveals = screen.getAllByTestId('phone-reveal')
    expect(reveals).toHaveLength(1)
    expect(reveals[0]).toHaveTextContent('aikou.staff 值班员')
    expect(reveals[0]).toHaveTextContent('137****5678')
    expect(screen.getByTestId('phone-reveals')).not.toHaveTextContent('13700135678')
    expect(screen.getByTestId('admin-who')).toHaveTextContent(`县司法局小周${XIUSHAN}司法局`)
    const aikou = itemOf(AIKOU, 'station')
    expect(aikou).toHaveTextContent('服务站自报')
    expect(within(aikou).getByTestId('queue-who')).toHaveTextContent('aikou.staff 值班员（服务站） 填写')
    const phoneChange = within(aikou)
      .getAllByTestId('keeping-change')
      .find((row) => row.dataset.fact === 'phone')
    expect(phoneChange).toHaveTextContent('原来：暂无改为：023-76661234')

    // 核实: the item leaves, the station is verified everywhere
    fireEvent.click(within(aikou).getByTestId('queue-verify'))
    await waitFor(() => expect(screen.getByTestId('queue-done')).toHaveTextContent('已核实：隘口镇公共法律服务工作站'), { timeout: 15_000 })
    expect(screen.getAllByTestId('queue-item')).toHaveLength(2)
    expect(screen.getAllByTestId('queue-item').some((item) => item.dataset.stationId === AIKOU)).toBe(false)
    const verified = await station(AIKOU)
    expect(verified).toMatchObject({ verification: 'verified', phone: '023-76661234' })
    expect(verified.verifiedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/)

    // 退回 needs a reason: without one nothing is sent
    const zhonghe = itemOf(ZHONGHE, 'station')
    fireEvent.click(within(zhonghe).getByTestId('queue-reject'))
    const before = sent.length
    fireEvent.click(await within(zhonghe).findByTestId('reject-confirm'))
    expect(await within(zhonghe).findByTestId('reject-reason-error')).toHaveTextContent('请写明退回的原因')
    expect(sent.length).toBe(before)
    expect((await station(ZHONGHE)).verification).toBe('self_reported')
    await typeInto('reject-reason', '电话打不通，请核对后重新填写', zhonghe)
    fireEvent.click(within(zhonghe).getByTestId('reject-confirm'))
    await waitFor(() => expect(screen.getByTestId('queue-done')).toHaveTextContent('已退回'), { timeout: 15_000 })
    expect(sent.at(-1)).toBe(`POST /api/admin/stations/${ZHONGHE}/reject`)
    expect(screen.getAllByTestId('queue-item')).toHaveLength(1)
    // the facts from before the self-report are back
    expect(await station(ZHONGHE)).toMatchObject({ verification: 'unverified', phone: null })

    // a resident's correction: 已处理 with a note
    const correction = itemOf('500241-centre', 'correction')
    expect(within(correction).getByTestId('correction-message')).toHaveTextContent('周六上午也有人值班')
    // the call-back number is masked until the administrator taps 回电 (the server records the look)
    expect(correction).toHaveTextContent('138****8000')
    expect(correction).not.toHaveTextContent('13800138000')
    fireEvent.click(within(correction).getByTestId('callback-reveal'))
    expect(await within(correction).findByTestId('callback-call')).toHaveTextContent('拨打 13800138000')
    fireEvent.click(within(correction).getByTestId('queue-resolve'))
    fireEvent.click(await within(correction).findByTestId('resolve-confirm'))
    expect(await within(correction).findByTestId('resolve-note-error')).toHaveTextContent('请写明处理结果')
    await typeInto('resolve-note', '已打电话核实，开放时间已改', correction)
    fireEvent.click(within(correction).getByTestId('resolve-confirm'))
    await waitFor(() => expect(screen.getByTestId('queue-count')).toHaveTextContent('没有待核实的内容了'), { timeout: 15_000 })
    expect(screen.queryAllByTestId('queue-item')).toHaveLength(0)
  })

  it('opens any station of the county from the search and edits it with the 我的服务站 form: the edit counts as verified', async () => {
    const login = await fetch(`${bff.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'xs.admin', password: 'county-own-password' }),
    })
    const session = loginResponseSchema.parse(await login.json())
    localStorage.setItem('fzt.session', JSON.stringify({ data: { v: 1, sessions: [session] } }))
    render(<AdminPage />)
    await screen.findByTestId('queue-count', {}, { timeout: 15_000 })

    await typeInto('station-search-input', '中和街道')
    fireEvent.click(screen.getByTestId('station-search-button'))
    const result = (await screen.findAllByTestId('station-search-result', {}, { timeout: 15_000 })).find((row) =>
      row.textContent?.includes('中和街道公共法律服务工作站'),
    )
    if (!result) throw new Error('the workstation was not found')
    fireEvent.click(result)

    await screen.findByTestId('admin-editor', {}, { timeout: 15_000 })
    expect(screen.getByTestId('verification-badge')).toHaveTextContent('未核实')
    // the rejection is in the history with its reason
    expect(screen.getAllByTestId('history-entry')[0]).toHaveTextContent('原因：电话打不通，请核对后重新填写')
    await typeInto('phone-input-0', '02376669999')
    await typeInto('hours-input', '周一至周五 8:30-12:00，14:00-17:30')
    fireEvent.click(screen.getByTestId('save-station'))
    await waitFor(() => expect(screen.getByTestId('admin-editor-saved')).toHaveTextContent('算作县司法局已核实'), { timeout: 15_000 })
    expect(screen.getByTestId('verification-badge')).toHaveTextContent('已核实')
    expect(screen.getByTestId('fact-phone')).toHaveTextContent('023-76669999')
    expect(await station(ZHONGHE)).toMatchObject({ verification: 'verified', phone: '023-76669999' })

    fireEvent.click(screen.getAllByTestId('editor-back')[0])
    await screen.findByTestId('admin-queue')
  })
})
