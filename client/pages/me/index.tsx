import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { pageUrl, type AppPage } from '../../../contracts/app-pages'
import { PageShell } from '../../components/page-shell'
import { useFontScale } from '../../hooks/use-font-scale'
import { fontScales } from '../../services/font-scales'
import { MyBookingItem } from './my-booking-item'
import { useMyBookings } from './use-my-bookings'

/** 我的预约: the bookings whose codes this phone holds, each looked up with its stored last 4 digits. */
function MyBookings() {
  const { entries, loading, load, forget } = useMyBookings()
  return (
    <View className='card' data-testid='my-bookings'>
      <Text className='subtitle'>我的预约</Text>
      {entries === null || (loading && entries.length === 0) ? (
        <Text className='muted'>正在查询…</Text>
      ) : entries.length === 0 ? (
        <Text className='muted'>这台手机上还没有预约。在“服务站”里选一个服务站就能预约法律援助咨询。</Text>
      ) : (
        entries.map((entry) => <MyBookingItem key={entry.stored.code} entry={entry} onRetry={() => void load()} onForget={forget} />)
      )}
      <View
        className='list-item'
        role='link'
        data-testid='find-booking-link'
        onClick={() => void Taro.navigateTo({ url: pageUrl('packageBooking/pages/lookup/index') })}
      >
        <Text className='text link'>查找预约（用预约码和手机号后 4 位）</Text>
      </View>
    </View>
  )
}

/** The other ways on from 我的: for residents, and the sign-ins of staff, volunteers and the county. */
const MORE_LINKS: readonly { text: string; page: AppPage; testId?: string }[] = [
  { text: '隐私说明', page: 'pages/privacy/index' },
  { text: '工作人员登录', page: 'packageBooking/pages/staff/index', testId: 'staff-link' },
  { text: '法律明白人：记调解、看统计', page: 'packageVolunteer/pages/records/index', testId: 'volunteer-link' },
  { text: '县司法局：核实服务站信息', page: 'packageBooking/pages/admin/index', testId: 'admin-link' },
  { text: '县司法局：调解统计', page: 'packageVolunteer/pages/county/index', testId: 'county-mediations-link' },
]

export default function MePage() {
  const { scale, setScale } = useFontScale()
  return (
    <PageShell>
      <Text className='title'>我的</Text>
      <View className='card'>
        <Text className='subtitle'>大字模式</Text>
        <Text className='muted'>选一个看着舒服的字号，会记在这台手机上。</Text>
        <View className='button-row' role='radiogroup' aria-label='字号'>
          {fontScales.map((option) => (
            <View
              key={option.value}
              className={`button button-secondary choice${option.value === scale ? ' choice-selected' : ''}`}
              role='radio'
              aria-checked={option.value === scale}
              data-testid={`font-scale-${option.value}`}
              onClick={() => setScale(option.value)}
            >
              {option.label}
            </View>
          ))}
        </View>
      </View>
      <MyBookings />
      <View className='card'>
        {MORE_LINKS.map((link) => (
          <View key={link.page} className='list-item' role='link' data-testid={link.testId} onClick={() => void Taro.navigateTo({ url: pageUrl(link.page) })}>
            <Text className='text link'>{link.text}</Text>
          </View>
        ))}
      </View>
    </PageShell>
  )
}
