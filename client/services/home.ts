import Taro from '@tarojs/taro'
import { homeResponseSchema, type HomeResponse } from '../../contracts/home'
import { directoryNotice } from '../../contracts/home-entries'
import { fetchHome } from './api'
import { deviceBookings, deviceBookingsRevision, deviceBookingTokens, onDeviceBookingsChange } from './device-bookings'
import { followUpsSignal } from './follow-up-signal'
import { outageOf } from './http'
import { savedCopyNotice, type SavedCopy } from './saved-copy'
import { currentSession, onSessionChange } from './session'

/** The last 首页 answer, kept on this phone so 首页 still shows something on a mountain road. */
export const HOME_COPY_KEY = 'fzt.home'

export type { SavedCopyReason } from './saved-copy'

export interface HomeAnswer {
  home: HomeResponse
  /** set when `home` is the copy saved earlier on this phone rather than a fresh answer */
  savedCopy: SavedCopy | null
}

/** The copy saved on this phone: what 首页 shows during an outage, and the county's name before the answer. */
export function savedHomeCopy(): HomeResponse | null {
  try {
    const parsed = homeResponseSchema.safeParse(Taro.getStorageSync(HOME_COPY_KEY))
    // a copy written by an older app version that lacks today's fields is no copy
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/**
 * Only the public part is kept: the device's booking and a volunteer's follow-ups have their own
 * stores, which the user can clear (从这台手机上删掉, 退出登录), and nearby stations would tell
 * where the phone was.
 */
export function publicCopy(home: HomeResponse): HomeResponse {
  const { personal: _personal, ...rest } = home
  return { ...rest, nextBooking: null, followUps: [], nearestStations: [] }
}

function saveCopy(home: HomeResponse): void {
  try {
    Taro.setStorageSync(HOME_COPY_KEY, publicCopy(home))
  } catch {
    // a full storage only costs the offline copy
  }
}

/** What 首页's answer depends on, as this device knows it now. */
export interface HomeInputs {
  /** the bookings this device made (code and manage token) */
  heldBookings: { code: string; token: string }[]
  /** the signed-in 法律明白人's token, for their 待回访; null when no volunteer is signed in */
  volunteerToken: string | null
  /** `deviceBookingsRevision()`: moves when a booking is made, moved, cancelled or forgotten here */
  bookingsRevision: number
  /** moves when a 回访 is kept on the phone or uploaded (the server's 待回访 may have changed) */
  followUpsRevision: number
}

export function homeInputs(params: { now?: Date } = {}): HomeInputs {
  return {
    heldBookings: deviceBookingTokens(),
    volunteerToken: currentSession({ role: 'volunteer', now: params.now })?.token ?? null,
    bookingsRevision: deviceBookingsRevision(),
    followUpsRevision: followUpsSignal.revision(),
  }
}

/** Listens for every change of `homeInputs()`: the device's bookings, a sign-in, a 回访 kept or uploaded. */
export function onHomeInputsChange(listener: () => void): () => void {
  const stops = [onDeviceBookingsChange(listener), onSessionChange(listener), followUpsSignal.listen(listener)]
  return () => stops.forEach((stop) => stop())
}

/** One string per set of inputs, compared in memory only (it holds tokens: never logged or stored). */
export function homeInputsKey(inputs: HomeInputs): string {
  return JSON.stringify([
    inputs.bookingsRevision,
    inputs.followUpsRevision,
    inputs.heldBookings.map((entry) => `${entry.code}.${entry.token}`),
    inputs.volunteerToken,
  ])
}

/**
 * After this long an answer is asked for again when 首页 is shown (a booking made on another
 * phone, a 回访 coming due, a new report). Shorter would cost villagers on 3G a request per tab tap.
 */
export const HOME_FRESH_MS = 5 * 60_000

/**
 * Whether 首页, shown again (a tab tap, 回到首页, Back), should ask `/api/home` again: when what
 * the answer depends on changed since it was asked for (a booking made or cancelled, a volunteer
 * signed in or out), or when it is older than HOME_FRESH_MS. Not while a request is under way
 * for the same inputs, and not just because the page was shown.
 */
export function homeNeedsReload(params: { askedKey: string | null; askedAt: number | null; currentKey: string; now: number }): boolean {
  if (params.askedKey === null || params.askedAt === null) return true
  if (params.askedKey !== params.currentKey) return true
  return params.now - params.askedAt >= HOME_FRESH_MS
}

/** The soonest booking this device made that has not started, as the device stored it (its state unknown here). */
function storedNextBooking(now: Date): HomeResponse['nextBooking'] {
  const upcoming = deviceBookings()
    .filter((entry) => entry.manageToken && entry.stationName && entry.slotStart && Date.parse(entry.slotStart) >= now.getTime())
    .sort((a, b) => Date.parse(a.slotStart!) - Date.parse(b.slotStart!))[0]
  // `booked` as the device knows it; 首页 says its state could not be checked (personal: 'unavailable')
  return upcoming ? { code: upcoming.code, stationName: upcoming.stationName!, slotStart: upcoming.slotStart!, status: 'booked' } : null
}

/**
 * A partial answer (the BFF's database away) is not "none": 首页 keeps the next booking and
 * 待回访 it showed (the booking only while this device still holds its code), else the device's
 * own stored next booking; and the report it showed, or the saved copy's, when no report could be read.
 */
export function withKeptParts(params: { fresh: HomeResponse; shown: HomeResponse | null; inputs: HomeInputs; now: Date }): HomeResponse {
  const { fresh, shown, inputs } = params
  let home = fresh
  if (fresh.personal === 'unavailable') {
    const held = new Set(inputs.heldBookings.map((entry) => entry.code))
    const kept = shown?.nextBooking && held.has(shown.nextBooking.code) ? shown.nextBooking : null
    home = { ...home, nextBooking: kept ?? storedNextBooking(params.now), followUps: inputs.volunteerToken ? (shown?.followUps ?? []) : [] }
  }
  if (fresh.reports === 'unavailable') {
    const before = shown?.latestReport ? shown : savedHomeCopy()
    if (before?.latestReport) home = { ...home, latestReport: before.latestReport, headlines: before.headlines }
  }
  return home
}

/**
 * 首页's data: a fresh answer (then saved), or — when the network or the BFF fails — the copy
 * saved last time, marked as such. A 4xx is not an outage and is thrown like before. A partial
 * answer keeps what `shown` (the answer on screen) had of the parts it lacks (see withKeptParts).
 */
export async function loadHome(params: { inputs: HomeInputs; shown?: HomeResponse | null; now?: Date }): Promise<HomeAnswer> {
  try {
    const fresh = await fetchHome({ heldBookings: params.inputs.heldBookings, volunteerToken: params.inputs.volunteerToken })
    const home = withKeptParts({ fresh, shown: params.shown ?? null, inputs: params.inputs, now: params.now ?? new Date() })
    // a copy without the report it could not read would replace a better one
    if (home.reports !== 'unavailable' || home.latestReport) saveCopy(home)
    return { home, savedCopy: null }
  } catch (error) {
    const outage = outageOf(error)
    const copy = outage ? savedHomeCopy() : null
    if (!outage || !copy) throw error
    return { home: copy, savedCopy: { savedAt: copy.generatedAt, reason: outage } }
  }
}

/** The records page, where a volunteer records a 回访 (and 首页's 待回访 card leads). */
export { bookingLookupPath, bookingWhen, followUpLine, FOLLOW_UPS_SHOWN, VOLUNTEER_RECORDS_URL } from '../../contracts/home-entries'

/**
 * What 首页 says about the service: nothing when all is well; that the page shows a saved copy
 * (and from when) when the network or the BFF is down; that the station directory may be old
 * when its upstream cannot be fetched.
 */
export function serviceNotice(params: { answer: HomeAnswer; now: Date }): string | null {
  const { answer, now } = params
  if (answer.savedCopy) return savedCopyNotice({ copy: answer.savedCopy, now, what: '内容', caveat: '数据可能不是最新。' })
  if (answer.home.personal === 'unavailable') return '暂时查不到预约和待回访的最新情况，显示的是之前的内容，稍后会再试。'
  if (answer.home.reports === 'unavailable' && !answer.home.latestReport) return '报告暂时读不到，稍后会再试。'
  return directoryNotice({ directory: answer.home.directory, now })
}
