import type { HomeResponse } from '../../../contracts/home'
import Taro from '@tarojs/taro'
import { DEVICE_BOOKINGS_STORAGE_KEY } from '../../../client/services/device-bookings'
import {
  followUpLine,
  HOME_COPY_KEY,
  HOME_FRESH_MS,
  homeNeedsReload,
  publicCopy,
  serviceNotice,
  withKeptParts,
  type HomeAnswer,
  type HomeInputs,
} from '../../../client/services/home'

const home: HomeResponse = {
  county: { name: '秀山土家族苗族自治县', shortName: '秀山县' },
  generatedAt: '2026-11-30T12:15:00.000Z',
  directory: { stale: false, fetchedAt: null },
  latestReport: null,
  headlines: [],
  nearestStations: [],
  nextBooking: null,
  followUps: [],
}
const fresh: HomeAnswer = { home, savedCopy: null }

describe('serviceNotice', () => {
  it('says nothing while the answer is fresh and the directory current', () => {
    expect(serviceNotice({ answer: fresh, now: new Date('2026-11-30T20:30:00+08:00') })).toBeNull()
  })

  it('offline, says the page shows a saved copy and from when, in China time', () => {
    const answer: HomeAnswer = { home, savedCopy: { savedAt: home.generatedAt, reason: 'offline' } }
    expect(serviceNotice({ answer, now: new Date('2026-11-30T21:00:00+08:00') })).toBe('离线：显示的是 今天 11月30日 周一 20:15 保存的内容，数据可能不是最新。')
  })

  it('at 07:30 Beijing time (still the day before in UTC), a copy from 23:30 the night before names its China date, not 今天', () => {
    const answer: HomeAnswer = {
      home: { ...home, generatedAt: '2026-11-30T15:30:00.000Z' },
      savedCopy: { savedAt: '2026-11-30T15:30:00.000Z', reason: 'server' },
    }
    // 15:30Z is 23:30 on 11月30日 in China; at 07:30+08:00 on 12月1日 that is yesterday, not today
    expect(serviceNotice({ answer, now: new Date('2026-12-01T07:30:00+08:00') })).toBe(
      '服务暂时连不上：显示的是 11月30日 周一 23:30 保存的内容，数据可能不是最新。',
    )
  })

  it('at 23:30 Beijing time, a copy from 00:10 the same China day (16:10Z the day before) is 今天', () => {
    const answer: HomeAnswer = { home, savedCopy: { savedAt: '2026-11-29T16:10:00.000Z', reason: 'offline' } }
    expect(serviceNotice({ answer, now: new Date('2026-11-30T23:30:00+08:00') })).toBe('离线：显示的是 今天 11月30日 周一 00:10 保存的内容，数据可能不是最新。')
  })

  it('when the directory upstream is down, says the station list may be old and since when', () => {
    const answer: HomeAnswer = { home: { ...home, directory: { stale: true, fetchedAt: '2026-11-29T01:05:00.000Z' } }, savedCopy: null }
    expect(serviceNotice({ answer, now: new Date('2026-11-30T10:00:00+08:00') })).toBe(
      '服务站名录暂时无法更新：显示的是 11月29日 周日 09:05 取得的名录，数据可能不是最新。',
    )
  })

  it('when the directory was never fetched, says only that it may be old', () => {
    const answer: HomeAnswer = { home: { ...home, directory: { stale: true, fetchedAt: null } }, savedCopy: null }
    expect(serviceNotice({ answer, now: new Date('2026-11-30T10:00:00+08:00') })).toBe('服务站名录暂时无法更新：数据可能不是最新。')
  })
})

describe('publicCopy (what 首页 keeps on the phone)', () => {
  it('keeps the county, the report and the directory state, and drops the booking, the follow-ups and the nearby stations', () => {
    const personal: HomeResponse = {
      ...home,
      nextBooking: { code: 'K7P2QX', stationName: '隘口镇公共法律服务工作站', slotStart: '2026-12-01T09:00:00+08:00', status: 'confirmed' },
      followUps: [{ id: 'm1' } as unknown as HomeResponse['followUps'][number]],
      nearestStations: [{ distanceMeters: 120 } as unknown as HomeResponse['nearestStations'][number]],
    }
    const kept = publicCopy(personal)
    expect(kept).toEqual({ ...home, nextBooking: null, followUps: [], nearestStations: [] })
    expect(JSON.stringify(kept)).not.toContain('K7P2QX')
  })
})

describe('homeNeedsReload (首页 shown again)', () => {
  const at = Date.parse('2026-12-07T09:00:00+08:00')
  it('asks when nothing was asked yet, or what the answer depends on changed', () => {
    expect(homeNeedsReload({ askedKey: null, askedAt: null, currentKey: 'a', now: at })).toBe(true)
    expect(homeNeedsReload({ askedKey: 'a', askedAt: at, currentKey: 'b', now: at + 1000 })).toBe(true)
  })
  it('does not ask again for the same inputs until the answer is five minutes old', () => {
    expect(homeNeedsReload({ askedKey: 'a', askedAt: at, currentKey: 'a', now: at + HOME_FRESH_MS - 1 })).toBe(false)
    expect(homeNeedsReload({ askedKey: 'a', askedAt: at, currentKey: 'a', now: at + HOME_FRESH_MS })).toBe(true)
  })
})

describe('followUpLine (首页 待回访, China dates)', () => {
  const followUp = {
    kind: 'visit_7d' as const,
    dueOn: '2026-12-07',
    label: '7 天回访：协议履行了吗？有没有反复？',
    recordId: 'r1',
    village: '坝芒村',
    disputeType: null,
  }
  it.each([
    ['07:30', '2026-12-07T07:30:00+08:00', '坝芒村 · 7 天回访 · 今天到期'],
    ['23:30', '2026-12-07T23:30:00+08:00', '坝芒村 · 7 天回访 · 今天到期'],
    ['the next day 07:30', '2026-12-08T07:30:00+08:00', '坝芒村 · 7 天回访 · 已到期'],
  ])('at %s China time (%s) the line is the right one', (_when, instant, line) => {
    expect(followUpLine({ followUp, now: new Date(instant) })).toBe(line)
  })
  it('a prompt due later names its day; a 司法确认 reminder says what it is', () => {
    expect(followUpLine({ followUp: { ...followUp, kind: 'judicial_confirmation', dueOn: '2026-12-08' }, now: new Date('2026-12-07T23:30:00+08:00') })).toBe(
      '坝芒村 · 提醒申请司法确认 · 明天 12月8日 周二 到期',
    )
  })
})

describe('withKeptParts (a partial 首页 answer: the server’s database away)', () => {
  const TOKEN = 'a'.repeat(43)
  const booking = { code: 'ABCD2345', stationName: '隘口镇公共法律服务工作站', slotStart: '2026-12-02T09:00:00+08:00', status: 'confirmed' as const }
  const followUp: HomeResponse['followUps'][number] = {
    kind: 'visit_7d',
    dueOn: '2026-12-01',
    label: '7 天回访：协议履行了吗？有没有反复？',
    recordId: 'r1',
    village: '坝芒村',
    disputeType: null,
  }
  const report = { id: '2023-abc', county: '秀山土家族苗族自治县', title: '秀山县2023年度报告', year: 2023, publisher: null, publishedAt: '2024-02-29' }
  const inputs = (held: string[], volunteerToken: string | null = null): HomeInputs => ({
    heldBookings: held.map((code) => ({ code, token: TOKEN })),
    volunteerToken,
    bookingsRevision: 0,
    followUpsRevision: 0,
  })
  const partial: HomeResponse = { ...home, personal: 'unavailable' }
  const now = new Date('2026-11-30T23:30:00+08:00')

  it('a whole answer is taken as it is', () => {
    const whole = { ...home, nextBooking: null }
    expect(withKeptParts({ fresh: whole, shown: { ...home, nextBooking: booking }, inputs: inputs([booking.code]), now })).toBe(whole)
  })

  it('keeps the next booking and 待回访 shown before while the phone still holds the code and the sign-in', () => {
    const kept = withKeptParts({
      fresh: partial,
      shown: { ...home, nextBooking: booking, followUps: [followUp] },
      inputs: inputs([booking.code], 'volunteer-token'),
      now,
    })
    expect(kept.nextBooking).toEqual(booking)
    expect(kept.followUps).toEqual([followUp])
    expect(kept.personal).toBe('unavailable')
  })

  it('drops a booking the phone no longer holds, and 待回访 after signing out', () => {
    const kept = withKeptParts({ fresh: partial, shown: { ...home, nextBooking: booking, followUps: [followUp] }, inputs: inputs([]), now })
    expect(kept.nextBooking).toBeNull()
    expect(kept.followUps).toEqual([])
  })

  it('with nothing shown before, the soonest booking this phone made and stored that has not started (23:30 China time: a 09:00 booking the next day)', () => {
    Taro.setStorageSync(DEVICE_BOOKINGS_STORAGE_KEY, [
      {
        code: 'PAST2345',
        phoneLast4: '8000',
        stationName: '中和街道公共法律服务工作站',
        slotStart: '2026-11-30T09:00:00+08:00',
        manageToken: TOKEN,
        savedAt: '2026-11-29T00:00:00.000Z',
      },
      {
        code: 'LATE2345',
        phoneLast4: '8000',
        stationName: '中和街道公共法律服务工作站',
        slotStart: '2026-12-05T09:00:00+08:00',
        manageToken: TOKEN,
        savedAt: '2026-11-29T00:00:00.000Z',
      },
      {
        code: booking.code,
        phoneLast4: '8000',
        stationName: booking.stationName,
        slotStart: booking.slotStart,
        manageToken: TOKEN,
        savedAt: '2026-11-29T00:00:00.000Z',
      },
      // looked up here, not made here: not this phone's to show as its own
      {
        code: 'LOOK2345',
        phoneLast4: '8000',
        stationName: '隘口镇公共法律服务工作站',
        slotStart: '2026-12-01T09:00:00+08:00',
        savedAt: '2026-11-29T00:00:00.000Z',
      },
    ])
    expect(withKeptParts({ fresh: partial, shown: null, inputs: inputs([booking.code, 'PAST2345', 'LATE2345']), now }).nextBooking).toMatchObject({
      code: booking.code,
      stationName: booking.stationName,
      slotStart: booking.slotStart,
    })
  })

  it('no report could be read: keeps the report shown before, else the saved copy’s', () => {
    const noReport: HomeResponse = { ...home, reports: 'unavailable' }
    expect(withKeptParts({ fresh: noReport, shown: { ...home, latestReport: report }, inputs: inputs([]), now }).latestReport).toEqual(report)
    Taro.setStorageSync(HOME_COPY_KEY, { ...home, latestReport: report })
    expect(withKeptParts({ fresh: noReport, shown: null, inputs: inputs([]), now }).latestReport).toEqual(report)
  })

  it('says the personal part could not be checked', () => {
    expect(serviceNotice({ answer: { home: partial, savedCopy: null }, now })).toBe('暂时查不到预约和待回访的最新情况，显示的是之前的内容，稍后会再试。')
  })
})
