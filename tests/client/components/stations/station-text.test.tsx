import { render } from '@testing-library/react'
import type { Station } from '../../../../contracts/station'
import { dialLabel, extensionHint, STATION_WORDS, verificationNote, verificationText } from '../../../../contracts/station-text'
import { CallButtons } from '../../../../client/components/stations/call-buttons'
import { StationCard } from '../../../../client/components/stations/station-card'
import { StaleNote, StationRow } from '../../../../client/components/stations/station-row'
import { VerificationBadge } from '../../../../client/components/stations/verification-badge'
import { stationFirstScreen } from '../../../../server/h5/first-screen'
import { makeStation } from '../../../support/station-fixture'

const STATIONS: Record<string, Station> = {
  'an unverified station with two numbers, one with an extension': makeStation({
    verification: 'unverified',
    address: '隘口镇隘口社区',
    phone: '023-76661234转801、13800138000',
  }),
  'a verified station with a phone and an approximate position': makeStation({
    verification: 'verified',
    verifiedAt: '2026-11-30',
    phone: '0851-1234567',
    location: { lat: 28.44, lng: 108.99 },
    locationQuality: 'approximate',
  }),
  'a self-reported station without coordinates': makeStation({ verification: 'self_reported', phone: '12348' }),
}

const texts = (root: ParentNode, selector: string) => Array.from(root.querySelectorAll(selector), (element) => element.textContent)

/** The words the BFF's first screen writes for a station, read back from its HTML. */
function firstScreenWords(station: Station) {
  const screen = document.createElement('div')
  screen.innerHTML = stationFirstScreen({
    detail: { station, stale: true, reportFigures: null, network: { reported: null, listed: { centres: 1, workstations: 1, workrooms: 0 } } },
  }).bodyHtml
  return {
    badge: texts(screen, '.verification-badge'),
    note: texts(screen, '.station-verification .station-note'),
    calls: texts(screen, '.call-button'),
    extensions: texts(screen, '.call-extension'),
    stale: texts(screen, '.station-stale'),
    locationPending: texts(screen, '.fact-missing').filter((text) => text === STATION_WORDS.locationPending),
  }
}

/** The same words as the app's station components render them. */
function componentWords(station: Station) {
  const { container } = render(
    <>
      <VerificationBadge station={station} />
      {verificationNote(station) && <span className='station-note'>{verificationNote(station)}</span>}
      <CallButtons phone={station.phone ?? ''} />
      <StaleNote stale />
    </>,
  )
  const row = render(<StationRow station={station} />).container
  const card = render(<StationCard station={station} heading='最近的服务站' />).container
  return {
    badge: texts(container, '.verification-badge'),
    note: texts(container, '.station-note'),
    calls: texts(container, '.call-button'),
    extensions: texts(container, '.call-extension'),
    stale: texts(container, '.station-stale'),
    locationPending: [...texts(row, '.station-unlocated'), ...texts(card, '.station-card-missing')]
      .map((text) => text?.replace(/：.*$/u, ''))
      .filter((text) => text === STATION_WORDS.locationPending)
      .slice(0, 1),
  }
}

describe('the station’s words (contracts/station-text.ts)', () => {
  it.each(Object.entries(STATIONS))('for %s, the first screen and the app’s station components say the same words', (_case, station) => {
    expect(componentWords(station)).toEqual(firstScreenWords(station))
  })

  it('which are station-text’s: the label and its note, a 拨打 per number, the extension in words, 位置待核实 without coordinates', () => {
    const unverified = firstScreenWords(STATIONS['an unverified station with two numbers, one with an extension'])
    expect(unverified).toEqual({
      badge: ['未核实'],
      note: ['服务站信息还没有经司法局核实，去之前可以先拨打 12348 问清楚。'],
      calls: [dialLabel('023-76661234'), dialLabel('13800138000')],
      extensions: [extensionHint('801')],
      stale: [STATION_WORDS.stale],
      locationPending: ['位置待核实'],
    })
    const verified = firstScreenWords(STATIONS['a verified station with a phone and an approximate position'])
    expect(verified.badge).toEqual(['已核实（2026年11月30日）'])
    expect(verified.note).toEqual([])
    expect(verified.calls).toEqual(['拨打 0851-1234567'])
    expect(verified.locationPending).toEqual([])
    const selfReported = STATIONS['a self-reported station without coordinates']
    expect(firstScreenWords(selfReported).badge).toEqual([verificationText(selfReported)])
    expect(firstScreenWords(selfReported).locationPending).toEqual([STATION_WORDS.locationPending])
  })
})
