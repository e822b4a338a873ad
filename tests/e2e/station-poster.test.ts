import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import QRCode from 'qrcode'
import { stationPageResponseSchema, type Station } from '../../contracts'
import { renderStationPoster } from '../../server/stations/station-poster'
import { bffProcessForSuite } from '../support/bff-process'
import { chromiumForSuite } from './support/h5-suite'
import { artifactsDir, describeInBrowser } from './support/browser'

jest.setTimeout(420_000)

/** Pages of a PDF Chromium wrote: one `/Type /Page` object each (the tree's node is `/Type /Pages`). */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length
}

/** How the printed poster lays out (the page emulates print media throughout): whether it overflows its page column, and the side of each code in mm. */
async function printedLayout(page: Page): Promise<{ overflow: number; codesMm: number[] }> {
  return page.evaluate(() => {
    const poster = document.querySelector<HTMLElement>('.poster')
    const mm = 96 / 25.4
    return {
      overflow: poster ? poster.scrollHeight - poster.clientHeight : Number.POSITIVE_INFINITY,
      codesMm: Array.from(document.querySelectorAll('.qr > div, .qr > img')).map((code) =>
        Math.round(Math.min(code.getBoundingClientRect().width, code.getBoundingClientRect().height) / mm),
      ),
    }
  })
}

describeInBrowser('GET /api/stations/:id/poster printed from Chromium (issue 22, item 14)', () => {
  // the poster is the BFF's own page: no H5 build needed
  const browser = chromiumForSuite()
  const bff = bffProcessForSuite()
  let page: Page
  let stations: Station[]

  beforeAll(async () => {
    page = await browser.newPage()
    // as page.pdf lays it out, so the layout measured is the printed one
    await page.emulateMedia({ media: 'print' })
    const answer = stationPageResponseSchema.parse(await (await fetch(`${bff.baseUrl}/api/stations?pageSize=1000`)).json())
    stations = answer.stations
    expect(stations).toHaveLength(answer.total)
  })

  it('prints every station of the seed on one A4 page, its codes at least 45 mm, nothing spilling out of the page', async () => {
    // the county centre, 27 workstations and 268 village workrooms
    expect(stations.length).toBeGreaterThanOrEqual(296)
    const pagesOf: Record<string, number> = {}
    const cramped: string[] = []
    for (const station of stations) {
      const response = await page.goto(`${bff.baseUrl}/api/stations/${encodeURIComponent(station.id)}/poster`)
      expect(response?.status()).toBe(200)
      const pages = pdfPages(await page.pdf({ format: 'A4' }))
      if (pages !== 1) pagesOf[`${station.id} ${station.name}`] = pages
      const layout = await printedLayout(page)
      if (layout.overflow > 0 || layout.codesMm.some((side) => side < 45)) cramped.push(`${station.id}: ${JSON.stringify(layout)}`)
    }
    expect(pagesOf).toEqual({})
    expect(cramped).toEqual([])
  })

  it('the county centre (the longest name): one page, the hours, the 12348 line instead of 请先电话确认, the code large', async () => {
    const centre = stations.find((station) => station.tier === 'centre')
    if (!centre) throw new Error('the seed has no county centre')
    await page.goto(`${bff.baseUrl}/api/stations/${centre.id}/poster`)
    const pdf = await page.pdf({ format: 'A4' })
    fs.mkdirSync(artifactsDir, { recursive: true })
    fs.writeFileSync(path.join(artifactsDir, 'station-poster-centre.pdf'), pdf)
    expect(pdfPages(pdf)).toBe(1)
    const text = await page.locator('.poster').innerText()
    expect(text).toContain(centre.name)
    expect(text).toContain('12348 公共法律服务热线（本站暂无电话）')
    expect(text).toContain('来之前可拨 12348 问清楚')
    expect(text).not.toContain('请先电话确认')
    expect((await printedLayout(page)).codesMm[0]).toBeGreaterThanOrEqual(70)
  })

  it('still one page with the longest facts staff may keep and both codes (小程序码 and H5 QR)', async () => {
    const base = stations.find((station) => station.tier === 'workroom') ?? stations[0]
    const link = 'https://fzt.example.cn/pages/station/index?id=500241103212-wr'
    const worst: Station = {
      ...base,
      name: '秀山土家族苗族自治县清溪场街道某某社区公共法律服务工作室（新址）',
      phone: '023-76661234转801、13800138000、023-76665678、023-7666',
      hours: { text: '周一至周五 9:00-12:00，14:00-17:30；周六 9:00-12:00（赶场天）；'.repeat(4).slice(0, 200), isDefault: false },
      services: ['legal_consultation', 'legal_aid_intake', 'mediation', 'duty_lawyer', 'notary_forensic_guidance', 'legal_publicity', 'village_legal_adviser'],
    }
    const html = renderStationPoster({
      station: worst,
      qrSvg: await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 }),
      link,
      wxacode: await QRCode.toDataURL(link, { width: 640 }),
    })
    await page.setContent(html)
    expect(pdfPages(await page.pdf({ format: 'A4' }))).toBe(1)
    const layout = await printedLayout(page)
    expect(layout.overflow).toBeLessThanOrEqual(0)
    expect(layout.codesMm).toHaveLength(2)
    for (const side of layout.codesMm) expect(side).toBeGreaterThanOrEqual(45)
  })
})
