import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { pageUrl } from '../../../contracts/app-pages'

/** 工作台 → 我的服务站: where staff keep their station's phone, address, hours, services and place. */
export function MyStationLink() {
  return (
    <View
      className='button'
      role='button'
      data-testid='my-station-link'
      onClick={() => void Taro.navigateTo({ url: pageUrl('packageBooking/pages/my-station/index') })}
    >
      我的服务站：改电话、地址、位置
    </View>
  )
}
