import { Text } from '@tarojs/components'
import { PageShell } from '../../components/page-shell'
import type { VolunteerSession } from '../../services/mediations'

/** What a volunteer page shows for the moment before the sign-in page replaces it (useVolunteerGate). */
export function WaitingForSignIn() {
  return (
    <PageShell>
      <Text className='notice'>请先登录…</Text>
    </PageShell>
  )
}

/** The page's title and whose records these are: `田大姐 · 隘口镇示例村`. */
export function VolunteerHeading(props: { title: string; session: VolunteerSession }) {
  return (
    <>
      <Text className='title'>{props.title}</Text>
      <Text className='vol-who'>
        {props.session.displayName} · {props.session.town}
        {props.session.village}
      </Text>
    </>
  )
}
