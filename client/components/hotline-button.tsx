import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { HOTLINE_LABEL, PUBLIC_LEGAL_HOTLINE } from '../../contracts/home-entries'

/** Dials 12348, the national public legal service hotline, offered wherever we lack a local number. */
export function callHotline(): void {
  Taro.makePhoneCall({ phoneNumber: PUBLIC_LEGAL_HOTLINE }).catch(() => {
    // the user cancelled the dialer; nothing to do
  })
}

export function HotlineButton(props: { secondary?: boolean }) {
  return (
    <View className={`button${props.secondary ? ' button-secondary' : ''}`} role='button' onClick={callHotline}>
      {HOTLINE_LABEL}
    </View>
  )
}
