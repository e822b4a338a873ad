import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { Current } from '@tarojs/runtime'
import { loginResponseSchema } from '../../../contracts'
import { adminQueueResponseSchema } from '../../../contracts/station-keeping'
import StationPage from '../../../client/pages/station/index'
import ReportErrorPage from '../../../client/packageBooking/pages/report-error/index'
import { startBff, type BffProcess } from '../../support/bff-process'
import { runCli } from '../../support/run-cli'
import { typeInto } from '../support/taro-input'

jest.setTimeout(90_000)

const XIUSHAN = '秀山土家族苗族自治县'
const AIKOU = '500241103-ws'
const ZHONGHE = '500241001-ws'
const CENTRE = '500241-centre'
/** corrections one address may send per hour in this suite */
const CORRECTIONS_PER_IP = 3

/** The H5 Taro API behind tests/client/support/taro-shim.ts, which reads it on every call: spies on it are seen by the page. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const h5Namespace = require('@tarojs/taro-h5') as { default?: Record<string, unknown> } & Record<string, unknown>
const taroH5Default = h5Namespace.default as Record<string, unknown>
const taroH5 = (h5Namespace.default ?? h5Namespace) as { navigateTo: (option: { url: string }) => Promise<unknown> }

/** The dialler: taro-h5 exports makePhoneCall unconfigurable, so the shim is given one on the default export, which it reads first. */
function stubDialler(): jest.Mock {
  const dial = jest.fn((_option: { phoneNumber: string }) => Promise.resolve({ errMsg: 'makePhoneCall:ok' }))
  taroH5Default.makePhoneCall = dial
  return dial
}

function valueOf(testId: string): string {
  return (screen.getByTestId(testId).querySelector('input, textarea') as HTMLInputElement | HTMLTextAreaElement).value
}

function openStationPage(id: string): void {
  Current.router = { params: { id }, path: '/pages/station/index', $taroPath: '', onReady: '', onHide: '', onShow: '' }
  render(<StationPage />)
}

/** 信息有误？ on the station page leads to its own page (booking subpackage); that page is opened with the URL the button asked for. */
async function openReportErrorFrom(stationId: string): Promise<void> {
  const navigate = jest.spyOn(taroH5, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' })
  let url: string
  try {
    openStationPage(stationId)
    fireEvent.click(await screen.findByTestId('correction-open', {}, { timeout: 10_000 }))
    expect(navigate).toHaveBeenCalledTimes(1)
    url = (navigate.mock.calls[0][0] as { url: string }).url
  } finally {
    navigate.mockRestore()
  }
  const [route, query] = url.split('?')
  expect(route).toBe('/packageBooking/pages/report-error/index')
  cleanup()
  Current.router = { params: Object.fromEntries(new URLSearchParams(query)), path: route, $taroPath: '', onReady: '', onHide: '', onShow: '' }
  render(<ReportErrorPage />)
}

describe('the station page (client/pages/station) against a real BFF: 已核实 / 服务站自报 / 未核实, 拨打, 信息有误？', () => {
  let bff: BffProcess
  let dataDir: string
  let env: Record<string, string>
  let adminToken: string

  async function signIn(args: string[], username: string): Promise<string> {
    const added = await runCli({ script: 'admin', args: [...args, '--username', username, '--json'], env })
    expect(added.status).toBe(0)
    const { password } = JSON.parse(added.stdout.trim().split('\n').at(-1) ?? '{}') as { password: string }
    const login = await fetch(`${bff.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password, newPassword: 'own-password-2026' }),
    })
    expect(login.status).toBe(200)
    return loginResponseSchema.parse(await login.json()).token
  }

  async function selfReport(stationId: string, token: string, phones: string[]): Promise<void> {
    const saved = await fetch(`${bff.baseUrl}/api/staff/stations/${stationId}/profile`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({
        phones,
        address: '隘口镇隘口社区便民服务中心',
        hours: { text: '周一至周五 9:00-12:00，14:00-17:30' },
        services: ['legal_consultation'],
        location: null,
      }),
    })
    expect(saved.status).toBe(200)
  }

  async function queue() {
    const answer = await fetch(`${bff.baseUrl}/api/admin/queue`, { headers: { Authorization: `Bearer ${adminToken}` } })
    return adminQueueResponseSchema.parse(await answer.json())
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-station-page-'))
    env = { SQLITE_PATH: path.join(dataDir, 'fazhitong.db'), LOG_LEVEL: 'warn', RATE_LIMIT_CORRECTIONS_PER_IP: String(CORRECTIONS_PER_IP) }
    bff = await startBff({ env })
    const aikouStaff = await signIn(['add-staff', '--station', AIKOU, '--name', '隘口镇值班员'], 'aikou.page')
    await selfReport(AIKOU, aikouStaff, ['023-76661234转801', '13800138000'])
    const zhongheStaff = await signIn(['add-staff', '--station', ZHONGHE, '--name', '中和街道值班员'], 'zhonghe.page')
    await selfReport(ZHONGHE, zhongheStaff, ['023-76660000'])
    adminToken = await signIn(['add-admin', '--county', XIUSHAN, '--name', '县司法局小周'], 'xs.page')
    const verified = await fetch(`${bff.baseUrl}/api/admin/stations/${ZHONGHE}/verify`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${adminToken}` },
      body: '{}',
    })
    expect(verified.status).toBe(200)
  })
  afterAll(async () => {
    await bff?.stop()
    bff?.cleanup()
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
  })
  beforeEach(() => {
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
  })
  afterEach(() => {
    delete process.env.TARO_APP_API_BASE_URL
    Current.router = null
    delete taroH5Default.makePhoneCall
    jest.restoreAllMocks()
  })

  it('a self-reported station: 服务站自报 with what it means, a 拨打 for each number, the extension said and not dialled', async () => {
    const dial = stubDialler()
    openStationPage(AIKOU)
    const badge = await screen.findByTestId('station-verification', {}, { timeout: 10_000 })
    expect(badge.textContent).toBe('服务站自报')
    expect(screen.getByTestId('station-verification-block').textContent).toContain('由服务站自己填写，县司法局还没有核实')

    const phone = screen.getByTestId('station-phone')
    expect(phone.textContent).toContain('023-76661234转801、13800138000')
    expect(
      within(phone)
        .getAllByTestId('call-button')
        .map((button) => button.textContent),
    ).toEqual(['拨打 023-76661234', '拨打 13800138000'])
    expect(phone.textContent).toContain('接通后请转分机 801')
    fireEvent.click(within(phone).getByText('拨打 023-76661234'))
    fireEvent.click(within(phone).getByText('拨打 13800138000'))
    expect(dial.mock.calls.map(([option]) => option.phoneNumber)).toEqual(['023-76661234', '13800138000'])
  })

  it('a verified station says 已核实 with the day and nothing more', async () => {
    openStationPage(ZHONGHE)
    const badge = await screen.findByTestId('station-verification', {}, { timeout: 10_000 })
    expect(badge.textContent).toMatch(/^已核实（\d{4}年\d{1,2}月\d{1,2}日）$/)
    expect(screen.getByTestId('station-verification-block').textContent).toBe(badge.textContent)
  })

  it('a bundled station says 未核实 and what to do about it', async () => {
    openStationPage(CENTRE)
    const badge = await screen.findByTestId('station-verification', {}, { timeout: 10_000 })
    expect(badge.textContent).toBe('未核实')
    expect(screen.getByTestId('station-verification-block').textContent).toContain('还没有经司法局核实，去之前可以先拨打 12348 问清楚')
  })

  it('信息有误？: asks which fact, shows the server’s words for a bad call-back number, keeps the text, then 提交成功 — and the county’s queue has it', async () => {
    await openReportErrorFrom(CENTRE)
    const form = screen.getByTestId('correction-form')
    expect(form.textContent).toContain('秀山土家族苗族自治县公共法律服务中心：哪一项不对？')
    // six big choices
    expect(
      within(form)
        .getAllByRole('radio')
        .map((choice) => choice.textContent),
    ).toEqual(['电话', '地址', '开放时间', '位置', '已关门或搬走', '其他'])
    expect(form.textContent).toContain('只用来给您回电话')
    expect(form.textContent).toContain('180 天后删除')

    // nothing chosen, nothing written: said before anything is sent
    fireEvent.click(screen.getByTestId('correction-submit'))
    expect(screen.getByTestId('correction-field-error').textContent).toBe('请先点一下哪一项不对')
    expect(screen.getByTestId('correction-message-error').textContent).toBe('请说说哪里不对')

    fireEvent.click(screen.getByTestId('correction-field-phone'))
    await typeInto('correction-message', '中心的电话打不通，门口贴的是 023-76669999')
    await typeInto('correction-phone', '12345')
    fireEvent.click(screen.getByTestId('correction-submit'))
    // the BFF's own words for the field, in Chinese; what was typed stays
    expect((await screen.findByTestId('correction-phone-error', {}, { timeout: 10_000 })).textContent).toBe('回电号码应为 11 位手机号或带区号的座机号')
    expect(screen.queryByTestId('correction-field-error')).toBeNull()
    expect(valueOf('correction-message')).toBe('中心的电话打不通，门口贴的是 023-76669999')

    await typeInto('correction-phone', '138 0013 8000')
    fireEvent.click(screen.getByTestId('correction-submit'))
    expect((await screen.findByTestId('correction-sent', {}, { timeout: 10_000 })).textContent).toContain('提交成功')
    expect(screen.queryByTestId('correction-form')).toBeNull()

    const items = (await queue()).items.filter((item) => item.kind === 'correction')
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({
      station: { id: CENTRE },
      correction: { field: 'phone', message: '中心的电话打不通，门口贴的是 023-76669999', callbackPhone: '138****8000' },
    })
  })

  it('offline: says it was not sent and keeps the text; too many from one address: says to try later', async () => {
    await openReportErrorFrom(AIKOU)
    fireEvent.click(screen.getByTestId('correction-field-closed'))
    await typeInto('correction-message', '已经搬到镇政府二楼了')

    // the network goes: nothing is lost
    const dead = await startBff()
    const deadUrl = dead.baseUrl
    await dead.stop()
    dead.cleanup()
    process.env.TARO_APP_API_BASE_URL = deadUrl
    fireEvent.click(screen.getByTestId('correction-submit'))
    const offline = await screen.findByTestId('correction-problem', {}, { timeout: 15_000 })
    expect(offline.textContent).toContain('没有发出去')
    expect(offline.textContent).toContain('您写的内容还在')
    expect(valueOf('correction-message')).toBe('已经搬到镇政府二楼了')
    expect(screen.getByTestId('correction-field-closed').getAttribute('aria-checked')).toBe('true')

    // back online: it goes; this address has sent 2 of its 3 by then
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    fireEvent.click(screen.getByTestId('correction-submit'))
    await screen.findByTestId('correction-sent', {}, { timeout: 10_000 })

    // the next one from the same address is over the limit
    fireEvent.click(screen.getByTestId('correction-again'))
    fireEvent.click(screen.getByTestId('correction-field-other'))
    await typeInto('correction-message', '再说一件事')
    fireEvent.click(screen.getByTestId('correction-submit'))
    const limited = await screen.findByTestId('correction-problem', {}, { timeout: 10_000 })
    expect(limited.textContent).toContain('请过一会儿')
    expect(valueOf('correction-message')).toBe('再说一件事')
    expect(screen.queryByTestId('correction-sent')).toBeNull()
  })
})
