import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { PageShell } from './page-shell'

/** The three tab pages, opened with switchTab (tab pages cannot be opened with navigateTo). */
const WAYS_ON = [
  { text: '首页', url: '/pages/home/index', testId: 'not-found-home' },
  { text: '报告', url: '/pages/reports/index', testId: 'not-found-reports' },
  { text: '服务站', url: '/pages/stations/index', testId: 'not-found-stations' },
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
