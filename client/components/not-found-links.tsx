import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { pageUrl } from '../../contracts/app-pages'
import { BackHome } from './back-home'
import { LoadNotice } from './load-notice'
import { PageShell } from './page-shell'

/** The three tab pages, opened with switchTab (tab pages cannot be opened with navigateTo). */
const WAYS_ON = [
  { text: '首页', url: pageUrl('pages/home/index'), testId: 'not-found-home' },
  { text: '报告', url: pageUrl('pages/reports/index'), testId: 'not-found-reports' },
  { text: '服务站', url: pageUrl('pages/stations/index'), testId: 'not-found-stations' },
] as const

/** Where to go from a page that does not exist or a report or station nobody has: three big links. */
export function NotFoundLinks() {
  return (
    <View className='not-found-links' data-testid='not-found-links'>
      {WAYS_ON.map((way) => (
        <View key={way.url} className='button' role='link' data-testid={way.testId} onClick={() => void Taro.switchTab({ url: way.url })}>
          {way.text}
        </View>
      ))}
    </View>
  )
}

/** A page whose report or station nobody has (the API answered 404): says so, then the three links. */
export function MissingPage(props: { message: string; testId: string }) {
  return (
    <PageShell>
      <View className='notice notice-error' role='alert' data-testid={props.testId}>
        <Text>{props.message}</Text>
      </View>
      <NotFoundLinks />
    </PageShell>
  )
}

/**
 * A report or station page opened without its id: still waiting while a short link or QR scene
 * resolves, then what went wrong (`problem`, from the landing) or `message`, and the way home.
 */
export function LinkWithoutId(props: { resolving: boolean; problem: string | null; message: string }) {
  return props.resolving ? (
    <PageShell>
      <LoadNotice loading error={null} onRetry={() => undefined} />
    </PageShell>
  ) : (
    <PageShell>
      <Text className='notice notice-error'>{props.problem ?? props.message}</Text>
      <BackHome />
    </PageShell>
  )
}
