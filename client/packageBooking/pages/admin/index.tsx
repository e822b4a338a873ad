import { Text, View } from '@tarojs/components'
import { PageShell } from '../../../components/page-shell'
import { AdminSignIn } from '../../components/admin-sign-in'
import { StationKeepingEditor } from '../../components/station-keeping-editor'
import { Queue } from './queue'
import { StationSearch } from './station-search'
import { useAdminPage } from './use-admin'
import '../../components/booking.css'
import '../../components/station-form.css'

/**
 * 待核实: a county administrator signs in, then verifies or rejects what stations reported about
 * themselves, settles kept facts the county's directory contradicts, marks residents' corrections
 * 已处理, and can open any station of the county to edit it (an administrator's edit counts as
 * verified). Each item leaves the list once dealt with. The state lives in use-admin.
 */
export default function AdminPage() {
  const admin = useAdminPage()
  const { session, notice, county, editing } = admin.state

  return (
    <PageShell>
      <Text className='title'>待核实</Text>
      {notice && <Text className='notice'>{notice}</Text>}
      {!session ? (
        <AdminSignIn onSignedIn={admin.signedIn} />
      ) : editing ? (
        <StationKeepingEditor
          keeper='admin'
          stationId={editing}
          savedWords='已保存，算作县司法局已核实，居民马上能看到。'
          testId='admin-editor'
          savedTestId='admin-editor-saved'
          around={
            <View className='button button-secondary' role='button' data-testid='editor-back' onClick={admin.back}>
              回到待核实
            </View>
          }
          onSignedOut={admin.signedOut}
        />
      ) : (
        <>
          <View className='card' data-testid='admin-who'>
            <Text className='text'>{session.displayName}</Text>
            <Text className='muted'>{county ? `${county}司法局` : '县司法局'}</Text>
            <View className='button button-secondary' role='button' data-testid='admin-logout' onClick={() => void admin.logout()}>
              退出登录
            </View>
          </View>
          <Queue onEdit={admin.edit} onSignedOut={admin.signedOut} onCounty={admin.onCounty} />
          <StationSearch county={county} onEdit={admin.edit} />
        </>
      )}
    </PageShell>
  )
}
