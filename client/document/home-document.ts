/**
 * 首页's own script, H5 only (issue 24). The BFF writes 首页 as a document
 * (server/h5/home-document.ts): the services, 12348, the latest report and the tab bar are links.
 * This script applies 大字模式, says 离线 when the phone shows a copy it kept, shows what is this
 * phone's own — 我的下一次预约 at once from what the phone stored, then checked, and a 法律明白人's
 * 待回访 — from `GET /api/home` after the page has painted, and loads the app only for
 * 用我的位置查找, which the app then carries out (the position is asked for and used once, as ever).
 *
 * Plain code (no Taro, no React, no zod): config/document-script.ts builds it on its own.
 */
import { pageUrl } from '../../contracts/app-pages'
import type { HomeResponse } from '../../contracts/home'
import { bookingLookupPath, bookingWhen, directoryNotice, followUpLine, FOLLOW_UPS_SHOWN, VOLUNTEER_RECORDS_URL } from '../../contracts/home-entries'
import { savedCopyNotice } from '../services/saved-copy'
import { applyFontScale, appScriptsOf, createAppLoader, pageStorage, readStored, startOfflineSupport, toast, type DocumentWindow } from './document-common'

/**
 * Where the app keeps the device's bookings and sign-ins (client/services/device-bookings.ts,
 * client/services/session.ts), not imported: they import Taro. tests/client/document checks they agree.
 */
export const HOME_APP_DATA_KEYS = { bookings: 'fzt.bookings', sessions: 'fzt.session', legacyVolunteerSession: 'fzt.volunteerSession' } as const

/** What Taro's H5 storage wraps a value in (`{"data": …}`); undefined when it is missing or unreadable. */
function storedData(raw: string | null): unknown {
  if (raw === null) return undefined
  try {
    return (JSON.parse(raw) as { data?: unknown } | null)?.data
  } catch {
    return undefined
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

/** The bookings made on this phone that have not started, as it stored them (an older version kept no time: counted). */
function upcomingBookings(params: { read: (key: string) => string | null; now: Date }): Record<string, unknown>[] {
  const bookings = storedData(params.read(HOME_APP_DATA_KEYS.bookings))
  if (!Array.isArray(bookings)) return []
  return bookings.filter(
    (entry): entry is Record<string, unknown> =>
      isRecord(entry) && (typeof entry.slotStart !== 'string' || !(Date.parse(entry.slotStart) <= params.now.getTime())),
  )
}

/** The signed-in 法律明白人's token (their 待回访), or null. */
function volunteerToken(params: { read: (key: string) => string | null; now: Date }): string | null {
  const store = storedData(params.read(HOME_APP_DATA_KEYS.sessions))
  const sessions: unknown[] = isRecord(store) && Array.isArray(store.sessions) ? store.sessions : []
  const legacy = storedData(params.read(HOME_APP_DATA_KEYS.legacyVolunteerSession))
  const volunteer = [...sessions, ...(isRecord(legacy) ? [{ role: 'volunteer', ...legacy }] : [])].find(
    (entry): entry is Record<string, unknown> =>
      isRecord(entry) &&
      entry.role === 'volunteer' &&
      typeof entry.token === 'string' &&
      !(typeof entry.expiresAt === 'string' && Date.parse(entry.expiresAt) <= params.now.getTime()),
  )
  return volunteer ? (volunteer.token as string) : null
}

/**
 * Whether 首页 on this phone has something of its own to show: a booking made here that has not
 * started (我的下一次预约), or a signed-in 法律明白人 (待回访). Anything unreadable counts as nothing.
 */
export function holdsAppData(params: { read: (key: string) => string | null; now: Date }): boolean {
  return upcomingBookings(params).length > 0 || volunteerToken(params) !== null
}

/**
 * What `GET /api/home` is asked with on this phone, as the app asks (client/services/api.ts
 * fetchHome): the held bookings' `CODE.TOKEN` pairs (at most 20) and the volunteer's token, in
 * headers (a token in a URL ends up in proxies' logs).
 */
export function homeRequestHeaders(params: { read: (key: string) => string | null; now: Date }): Record<string, string> {
  const bookings = storedData(params.read(HOME_APP_DATA_KEYS.bookings))
  const held = (Array.isArray(bookings) ? bookings : [])
    .filter(
      (entry): entry is { code: string; manageToken: string } => isRecord(entry) && typeof entry.code === 'string' && typeof entry.manageToken === 'string',
    )
    .slice(0, 20)
  const headers: Record<string, string> = {}
  if (held.length > 0) headers['X-Booking-Tokens'] = held.map((entry) => `${entry.code}.${entry.manageToken}`).join(',')
  const token = volunteerToken(params)
  if (token) headers.Authorization = `Bearer ${token}`
  return headers
}

type NextBooking = NonNullable<HomeResponse['nextBooking']>
type FollowUp = HomeResponse['followUps'][number]

/** The soonest booking this phone stored that has not started, as the app shows it before asking (client/services/home.ts). */
export function storedNextBooking(params: { read: (key: string) => string | null; now: Date }): NextBooking | null {
  const soonest = upcomingBookings(params)
    .filter(
      (entry): entry is { code: string; stationName: string; slotStart: string; manageToken: string } =>
        typeof entry.code === 'string' && typeof entry.stationName === 'string' && typeof entry.slotStart === 'string' && typeof entry.manageToken === 'string',
    )
    .sort((a, b) => Date.parse(a.slotStart) - Date.parse(b.slotStart))[0]
  return soonest ? { code: soonest.code, stationName: soonest.stationName, slotStart: soonest.slotStart, status: 'booked' } : null
}

/** `/api/home`'s personal part, read without zod (this script stays small): null when the answer is not one. */
export function personalPart(answer: unknown): { nextBooking: NextBooking | null; followUps: FollowUp[]; unavailable: boolean } | null {
  if (!isRecord(answer) || !Array.isArray(answer.followUps)) return null
  const next = answer.nextBooking
  const nextBooking =
    isRecord(next) && typeof next.code === 'string' && typeof next.stationName === 'string' && typeof next.slotStart === 'string'
      ? (next as unknown as NextBooking)
      : null
  const followUps = answer.followUps.filter(
    (entry): entry is FollowUp => isRecord(entry) && typeof entry.village === 'string' && typeof entry.kind === 'string' && typeof entry.dueOn === 'string',
  )
  return { nextBooking, followUps, unavailable: answer.personal === 'unavailable' }
}

function span(doc: Document, className: string, text: string, testId?: string): HTMLElement {
  const element = doc.createElement('span')
  element.className = className
  element.textContent = text
  if (testId) element.setAttribute('data-testid', testId)
  return element
}

function cardLink(doc: Document, params: { href: string; testId: string; children: HTMLElement[] }): HTMLElement {
  const card = doc.createElement('a')
  card.className = 'card card-accent'
  card.href = params.href
  card.setAttribute('data-testid', params.testId)
  card.append(...params.children)
  return card
}

/** 我的下一次预约, as the app's 首页 shows it (client/pages/home/index.tsx); the card opens the booking. */
export function nextBookingCard(params: { doc: Document; booking: NextBooking; unchecked: boolean; now: Date }): HTMLElement {
  const { doc, booking } = params
  return cardLink(doc, {
    href: bookingLookupPath(booking.code),
    testId: 'next-booking',
    children: [
      span(doc, 'muted', '我的下一次预约'),
      span(doc, 'subtitle', booking.stationName),
      span(doc, 'text', bookingWhen({ slotStart: booking.slotStart, now: params.now })),
      span(doc, 'muted', `预约码 ${booking.code}`),
      ...(params.unchecked ? [span(doc, 'muted', '暂时查不到这个预约的最新状态')] : []),
    ],
  })
}

/** 待回访, as the app's 首页 shows it; the card opens the volunteer's records. */
export function followUpsCard(params: { doc: Document; followUps: readonly FollowUp[]; now: Date }): HTMLElement {
  const { doc, followUps } = params
  return cardLink(doc, {
    href: VOLUNTEER_RECORDS_URL,
    testId: 'follow-ups',
    children: [
      span(doc, 'muted', '法律明白人'),
      span(doc, 'subtitle', `待回访 ${followUps.length} 件`, 'follow-ups-count'),
      ...followUps.slice(0, FOLLOW_UPS_SHOWN).map((followUp) => span(doc, 'text', followUpLine({ followUp, now: params.now }))),
      ...(followUps.length > FOLLOW_UPS_SHOWN ? [span(doc, 'muted', `还有 ${followUps.length - FOLLOW_UPS_SHOWN} 件`)] : []),
      span(doc, 'button', '去记回访'),
    ],
  })
}

/**
 * This phone's own cards, where the app's page has them (before the nearest-station card): the
 * stored next booking at once (no jump when the answer comes), then what `/api/home` says. An
 * answer that does not come (no signal, the BFF away) leaves the stored booking, marked unchecked.
 */
function showPersonalCards(params: { doc: Document; win: Window; home: Element; read: (key: string) => string | null; now: () => Date }): void {
  const { doc, home } = params
  const slot = doc.createElement('div')
  slot.setAttribute('data-personal', '')
  home.querySelector('#home-nearest')?.before(slot)
  const show = (cards: HTMLElement[]) => slot.replaceChildren(...cards)
  const stored = storedNextBooking({ read: params.read, now: params.now() })
  if (stored) show([nextBookingCard({ doc, booking: stored, unchecked: false, now: params.now() })])
  const unchecked = () => show(stored ? [nextBookingCard({ doc, booking: stored, unchecked: true, now: params.now() })] : [])
  params.win
    .fetch('/api/home', { headers: homeRequestHeaders({ read: params.read, now: params.now() }) })
    .then((response) => (response.ok ? response.json() : null))
    .then((answer: unknown) => {
      const personal = personalPart(answer)
      if (!personal) return unchecked()
      // the database away: what the phone stored, said to be unchecked (as the app keeps it)
      const booking = personal.nextBooking ?? (personal.unavailable ? stored : null)
      show([
        ...(booking ? [nextBookingCard({ doc, booking, unchecked: personal.unavailable, now: params.now() })] : []),
        ...(personal.followUps.length > 0 ? [followUpsCard({ doc, followUps: personal.followUps, now: params.now() })] : []),
      ])
    })
    .catch(unchecked)
}

/** What the app warms for 首页 (client/services/offline.ts): the report list, the latest report and the towns. */
export function homeWarmPaths(latestReportId: string | null): string[] {
  return ['/api/reports', ...(latestReportId ? [`/api/reports/${encodeURIComponent(latestReportId)}`] : []), '/api/stations/towns']
}

/** The notice, written by the BFF or made here after the services, as the app's page places it. */
function noticeElement(doc: Document, home: Element): Element {
  const found = home.querySelector('[data-testid="service-notice"]')
  if (found) return found
  const notice = doc.createElement('div')
  notice.className = 'notice'
  notice.setAttribute('role', 'status')
  notice.setAttribute('data-testid', 'service-notice')
  home.querySelector('.home-services')?.after(notice)
  return notice
}

export function startHomeDocument(params: { doc: Document; win: DocumentWindow; now?: () => Date }): void {
  const { doc, win } = params
  const now = params.now ?? (() => new Date())
  const screen = doc.getElementById('first-screen')
  const home = screen?.querySelector('.home-document')
  if (!screen || !home) return
  const storage = pageStorage(win)
  applyFontScale({ root: doc.documentElement, page: screen.querySelector('.page'), storage })

  // a page the phone kept (the service worker's copy, opened with no signal) says so, and from when
  const writtenAt = home.getAttribute('data-written-at')
  if (win.navigator.onLine === false && writtenAt) {
    noticeElement(doc, home).textContent = savedCopyNotice({
      copy: { savedAt: writtenAt, reason: 'offline' },
      now: now(),
      what: '内容',
      caveat: '数据可能不是最新。',
    })
  } else {
    // the directory's notice in the phone's today (a kept page may be read on a later day)
    const directoryNote = home.querySelector('[data-directory-fetched-at]')
    const fetchedAt = directoryNote?.getAttribute('data-directory-fetched-at')
    const words = fetchedAt ? directoryNotice({ directory: { stale: true, fetchedAt }, now: now() }) : null
    if (directoryNote && words) directoryNote.textContent = words
  }

  const latestReportId = new URLSearchParams(home.querySelector('[data-testid="latest-report"]')?.getAttribute('href')?.split('?')[1] ?? '').get('id')
  startOfflineSupport({ win, warmPaths: homeWarmPaths(latestReportId) })

  // this phone's booking and 待回访, after the page has painted; the app is not needed for them
  const read = (key: string) => readStored(storage, key)
  if (holdsAppData({ read, now: now() })) showPersonalCards({ doc, win, home, read, now })

  const scripts = appScriptsOf(screen)
  const locate = home.querySelector('[data-boot="locate"]')
  if (!scripts) {
    // nothing to load (an index without the app's scripts): the towns instead of the position
    locate?.replaceWith(
      Object.assign(doc.createElement('a'), { className: 'button button-secondary', href: pageUrl('pages/stations/index'), textContent: '按乡镇、村查找' }),
    )
    return
  }
  const loadApp = createAppLoader({
    doc,
    win,
    scripts,
    onFailed: () => {
      locate?.removeAttribute('aria-busy')
      if (locate) locate.textContent = '用我的位置查找'
      toast(doc, '没有连上网络，请稍后再试，或到“服务站”按乡镇、村查找')
    },
  })
  locate?.addEventListener('click', () => {
    if (locate.getAttribute('aria-busy') === 'true') return
    locate.textContent = '正在查找…'
    locate.setAttribute('aria-busy', 'true')
    loadApp({ action: 'locate', anchors: Array.from(home.querySelectorAll('[id]')) })
  })
}
