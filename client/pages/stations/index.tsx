import { Text, View } from '@tarojs/components'
import { HotlineButton } from '../../components/hotline-button'
import { PageShell } from '../../components/page-shell'

export default function StationsPage() {
  return (
    <PageShell>
      <Text className='title'>公共法律服务站</Text>
      <View className='card'>
        <Text className='text'>县里有公共法律服务中心，每个乡镇（街道）有工作站，村（社区）有工作室，可以免费咨询法律问题、申请法律援助、调解纠纷。</Text>
      </View>
      <Text className='notice'>即将上线：按位置或按乡镇、村查找最近的服务站，一键拨打电话、导航，并预约法律援助咨询。不愿意分享位置也能查。</Text>
      <View className='card'>
        <Text className='subtitle'>现在就需要帮助？</Text>
        <Text className='text'>12348 是全国统一的公共法律服务热线，可以咨询法律问题。</Text>
        <HotlineButton />
      </View>
    </PageShell>
  )
}
