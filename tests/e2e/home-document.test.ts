import type { BrowserContext, Page } from 'playwright-core'
import { servedH5ForSuite } from './support/h5-suite'
import { describeInBrowser, screenshotPath, tap } from './support/browser'
import { isAppScript, layoutShiftTotal, visible } from './support/page-helpers'

jest.setTimeout(120_000)

/** The county centre's place (the bundled directory's approximate position lies within a few hundred metres). */
const NEAR_THE_CENTRE = { latitude: 28.45, longitude: 108.99 }

describeInBrowser('首页 as a document (H5, phone screen)', () => {
  const { bff, browser } = servedH5ForSuite()

  async function openHome(
    params: { init?: (context: BrowserContext) => Promise<unknown> } = {},
  ): Promise<{ context: BrowserContext; page: Page; appChunks: string[]; apiCalls: string[] }> {
    // no service worker: a worker would fetch the app's chunks on its own (to keep them for offline)
    const context = await browser.newContext({
      viewport: { width: 375, height: 667 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      serviceWorkers: 'block',
      geolocation: NEAR_THE_CENTRE,
      permissions: ['geolocation'],
    })
    await params.init?.(context)
    const page = await context.newPage()
    const appChunks: string[] = []
    const apiCalls: string[] = []
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (isAppScript(request.url())) appChunks.push(url.pathname)
      if (url.pathname.startsWith('/api/')) apiCalls.push(`${url.pathname}${url.search}`)
    })
    await page.goto(bff.baseUrl)
    await page.getByTestId('latest-report-title').first().waitFor()
    return { context, page, appChunks, apiCalls }
  }

  it('loads with 0 app chunks and no API call; a tap on 用我的位置查找 boots the app, which finds the nearest stations with the card where it was', async () => {
    const { context, page, appChunks, apiCalls } = await openHome()
    await page.waitForLoadState('networkidle')
    expect(appChunks).toEqual([])
    expect(apiCalls).toEqual([])
    // the tab bar is there, and every way on is a link
    expect(
      await page
        .getByTestId('document-tabbar')
        .locator('a')
        .evaluateAll((links) => links.map((link) => link.getAttribute('href'))),
    ).toEqual(['/pages/home/index', '/pages/reports/index', '/pages/stations/index', '/pages/me/index'])

    // the resident has scrolled a little: the card is not where the page starts it
    await page.evaluate(() => window.scrollBy(0, 180))
    const before = await page.evaluate(() => document.getElementById('home-nearest')?.getBoundingClientRect().top ?? NaN)
    expect(appChunks).toEqual([])

    await tap(page.getByTestId('home-nearest-locate'))
    await page.locator('#first-screen').waitFor({ state: 'detached', timeout: 30_000 })
    expect(appChunks.length).toBeGreaterThan(0)
    const card = visible(page.getByTestId('home-nearest'))
    await card.getByTestId('station-row').first().waitFor({ timeout: 30_000 })
    expect(await card.getByTestId('station-row').first().textContent()).toContain('秀山土家族苗族自治县公共法律服务中心')
    // asked once, with the position, for three
    const nearest = apiCalls.filter((call) => call.startsWith('/api/stations/nearest'))
    expect(nearest).toHaveLength(1)
    expect(new URLSearchParams(nearest[0].split('?')[1]).get('limit')).toBe('3')
    // the card's top is where it was when the resident tapped
    const after = await page.evaluate(() => document.getElementById('home-nearest')?.getBoundingClientRect().top ?? NaN)
    expect(Math.abs(after - before)).toBeLessThanOrEqual(2)
    await page.screenshot({ path: screenshotPath('home-document-takeover') })
    await context.close()
  })

  it('on a phone with a booking still to come, shows 我的下一次预约 without loading the app, checked with the BFF, and its card opens the booking', async () => {
    const { stations } = (await (await fetch(`${bff.baseUrl}/api/stations?tier=centre`)).json()) as { stations: { id: string }[] }
    const slots = (await (await fetch(`${bff.baseUrl}/api/stations/${encodeURIComponent(stations[0].id)}/slots`)).json()) as {
      slots: { start: string; remaining: number }[]
    }
    const slot = slots.slots.find((candidate) => candidate.remaining > 0)
    expect(slot).toBeDefined()
    const answer = await fetch(`${bff.baseUrl}/api/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `home-document-${Date.now()}` },
      body: JSON.stringify({ stationId: stations[0].id, slotStart: slot?.start, name: '张三', phone: '13800138555', matter: 'labor_wages', consent: true }),
    })
    expect(answer.status).toBe(201)
    const booking = (await answer.json()) as { code: string; manageToken: string; slotStart: string; stationName: string }
    const { context, page, appChunks, apiCalls } = await openHome({
      init: (ctx) =>
        ctx.addInitScript((entry) => window.localStorage.setItem('fzt.bookings', JSON.stringify({ data: [entry] })), {
          code: booking.code,
          phoneLast4: '8555',
          manageToken: booking.manageToken,
          slotStart: booking.slotStart,
          stationName: booking.stationName,
          savedAt: new Date().toISOString(),
        }),
    })
    const card = visible(page.getByTestId('next-booking'))
    await card.waitFor({ timeout: 30_000 })
    expect(await card.textContent()).toContain(`预约码 ${booking.code}`)
    expect(await card.textContent()).toContain(booking.stationName)
    await page.waitForLoadState('networkidle')
    expect(apiCalls).toEqual(['/api/home'])
    expect(await card.textContent()).not.toContain('暂时查不到')
    expect(appChunks).toEqual([])
    // the stored card was there before the answer: the answer moves nothing
    expect(await layoutShiftTotal(page)).toBeLessThanOrEqual(0.1)

    // the card opens the booking (the app, there), with the phone's proof: 已预约
    await tap(card)
    await page.waitForURL(/\/packageBooking\/pages\/lookup\/index\?code=/, { timeout: 30_000 })
    await visible(page.getByTestId('booking-status')).waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('booking-status').first().textContent()).toBe('已预约')
    await context.close()
  })
})
