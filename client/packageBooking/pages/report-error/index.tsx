import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { BackHome } from '../../../components/back-home'
import { PageShell } from '../../../components/page-shell'
import { CorrectionForm } from './correction-form'
import { BROKEN_LINK } from '../../../services/landing'
import { routeParam } from '../../../services/route-param'

/**
 * 信息有误？ for one station (`?id=…&name=…`): a page of its own in the booking subpackage, so the
 * form and the station-keeping contract stay out of the main package the station page lives in.
 */
export default function ReportErrorPage() {
  const { params } = useRouter()
  const station = routeParam(params, 'id')
  const id = station.value ?? ''
  const name = routeParam(params, 'name').value ?? '这个服务站'
  return (
    <PageShell>
      {id ? (
        <CorrectionForm key={id} stationId={id} stationName={name} />
      ) : (
        <View className='card'>
          <Text className='text'>{station.broken ? BROKEN_LINK : '没有说是哪个服务站。请从服务站页面点“信息有误？”。'}</Text>
          <BackHome />
        </View>
      )}
    </PageShell>
  )
}
