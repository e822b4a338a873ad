import { Text } from '@tarojs/components'
import { chineseDate } from '../../../contracts/china-time'
import { STATION_VERIFICATION_LABELS, stationVerification, type Station } from '../../../contracts/station'

/** 已核实（2026年11月30日） / 服务站自报 / 未核实: the same words as the BFF's first screen (server/h5/first-screen.ts). */
export function verificationText(station: Pick<Station, 'verification' | 'verifiedAt'>): string {
  const verification = stationVerification(station)
  const label = STATION_VERIFICATION_LABELS[verification]
  return verification === 'verified' && station.verifiedAt ? `${label}（${chineseDate(station.verifiedAt)}）` : label
}

/** How far a station's facts can be trusted, as a small pill every station view shows (finder rows, cards, the station page). */
export function VerificationBadge(props: { station: Pick<Station, 'verification' | 'verifiedAt'>; testId?: string }) {
  return (
    <Text className={`verification-badge verification-badge-${stationVerification(props.station)}`} data-testid={props.testId ?? 'station-verification'}>
      {verificationText(props.station)}
    </Text>
  )
}

/** The line under the badge on the station page (and its first screen): what the label means for a visit; none once verified. */
export function verificationNote(station: Pick<Station, 'verification' | 'verifiedAt'>, hotline: string): string | null {
  switch (stationVerification(station)) {
    case 'self_reported':
      return '电话、地址等由服务站自己填写，县司法局还没有核实。'
    case 'unverified':
      return `服务站信息还没有经司法局核实，去之前可以先拨打 ${hotline} 问清楚。`
    default:
      return null
  }
}
