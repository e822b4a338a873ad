import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { pageUrl } from '../../contracts/app-pages'

/** The way out of a page that a broken link opened: 首页 is a tab page (switchTab). */
export function BackHome() {
  return (
    <View className='button' role='button' data-testid='back-home' onClick={() => void Taro.switchTab({ url: pageUrl('pages/home/index') })}>
      回首页
    </View>
  )
}
