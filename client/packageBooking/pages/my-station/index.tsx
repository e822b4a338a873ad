import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useCallback, useState } from 'react'
import { pageUrl } from '../../../../contracts/app-pages'
import { PageShell } from '../../../components/page-shell'
import { staffSession, type StaffSession } from '../../../services/staff'
import { StaffSignIn } from '../../components/staff-sign-in'
import { StationKeepingEditor } from '../../components/station-keeping-editor'
import '../../components/booking.css'
import '../../components/station-form.css'
import './index.css'

/**
 * 我的服务站: a station's own staff keep its phone numbers, address, opening hours, services and
 * place true. What they save is served at once, labelled 服务站自报, until the county verifies it;
 * every change is listed with who and when.
 */

const STAFF_PAGE = pageUrl('packageBooking/pages/staff/index')

/** Back to where the staff member came from (the 工作台), or there when this page was opened on its own. */
function backToDesk(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack().catch(() => Taro.redirectTo({ url: STAFF_PAGE }))
  else void Taro.redirectTo({ url: STAFF_PAGE })
}

const SAVED_WORDS = '已保存。居民现在看到的就是新的信息，标着“服务站自报”；县司法局核实后会改为“已核实”。'

export default function MyStationPage() {
  const [session, setSession] = useState<StaffSession | null>(() => staffSession())
  const [notice, setNotice] = useState<string | null>(null)
  const signedOut = useCallback(() => {
    setSession(null)
    setNotice('登录已过期，请重新登录。')
  }, [])

  return (
    <PageShell>
      <Text className='title'>我的服务站</Text>
      {notice && <Text className='notice'>{notice}</Text>}
      {!session ? (
        <StaffSignIn
          onSignedIn={(signedIn) => {
            setNotice(null)
            setSession(signedIn)
          }}
        />
      ) : (
        <StationKeepingEditor keeper='staff' stationId={session.stationId} savedWords={SAVED_WORDS} savedTestId='my-station-saved' onSignedOut={signedOut} />
      )}
      <View className='button button-secondary' role='button' data-testid='back-to-desk' onClick={backToDesk}>
        回到服务站工作台
      </View>
    </PageShell>
  )
}
