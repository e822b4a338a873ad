import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { useAction } from '../../../hooks/use-action'
import { isSignedOut, revealCorrectionPhone } from '../../../services/station-keeping'

/** The resident's call-back number, masked; 回电 shows the whole number (the server records who looked) and dials it. */
export function CallbackPhone(props: { correctionId: string; masked: string; onSignedOut: () => void }) {
  const [phone, setPhone] = useState<string | null>(null)
  const reveal = useAction(async () => {
    try {
      setPhone(await revealCorrectionPhone(props.correctionId))
    } catch (failure) {
      if (isSignedOut(failure)) props.onSignedOut()
      else throw failure
    }
  }, '没有取到号码，请稍后再试')
  return (
    <View>
      <Text className='muted'>留的回电号码：{phone ?? props.masked}</Text>
      {phone === null ? (
        <View className='button button-secondary' role='button' data-testid='callback-reveal' onClick={() => void reveal.run()}>
          回电
        </View>
      ) : (
        <View
          className='button'
          role='button'
          data-testid='callback-call'
          onClick={() => void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)}
        >
          拨打 {phone}
        </View>
      )}
      {reveal.error && <Text className='field-error'>{reveal.error}</Text>}
    </View>
  )
}
