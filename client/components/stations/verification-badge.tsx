import { Text } from '@tarojs/components'
import { stationVerification, type Station } from '../../../contracts/station'
import { verificationText } from '../../../contracts/station-text'

// the station page imports the note from here (client/pages/station/index.tsx); its words live in contracts/station-text.ts
export { verificationNote } from '../../../contracts/station-text'

/** How far a station's facts can be trusted, as a small pill every station view shows (finder rows, cards, the station page). */
export function VerificationBadge(props: { station: Pick<Station, 'verification' | 'verifiedAt'>; testId?: string }) {
  return (
    <Text className={`verification-badge verification-badge-${stationVerification(props.station)}`} data-testid={props.testId ?? 'station-verification'}>
      {verificationText(props.station)}
    </Text>
  )
}
