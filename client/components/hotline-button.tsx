import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { HOTLINE_LABEL, PUBLIC_LEGAL_HOTLINE } from '../../contracts/home-entries'

// 12348 is the national public legal service hotline; offered wherever we lack a local number
export { PUBLIC_LEGAL_HOTLINE }

export function HotlineButton(props: { secondary?: boolean }) {
  const call = () => {
    Taro.makePhoneCall({ phoneNumber: PUBLIC_LEGAL_HOTLINE }).catch(() => {
      // the user cancelled the dialer; nothing to do
    })
  }
  return (
    <View className={`button${props.secondary ? ' button-secondary' : ''}`} role='button' onClick={call}>
      {HOTLINE_LABEL}
    </View>
  )
}
