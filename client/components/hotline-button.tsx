import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'

/** 12348 is the national public legal service hotline; offered wherever we lack a local number. */
export const PUBLIC_LEGAL_HOTLINE = '12348'

export function HotlineButton(props: { secondary?: boolean }) {
  const call = () => {
    Taro.makePhoneCall({ phoneNumber: PUBLIC_LEGAL_HOTLINE }).catch(() => {
      // the user cancelled the dialer; nothing to do
    })
  }
  return (
    <View className={`button${props.secondary ? ' button-secondary' : ''}`} role='button' onClick={call}>
      拨打 12348 法律服务热线
    </View>
  )
}
