import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { dialLabel, dialNumbers, extensionHint } from '../../../contracts/station-text'
import './stations.css'

function dial(phoneNumber: string): void {
  Taro.makePhoneCall({ phoneNumber }).catch(() => {
    // the user cancelled the dialler
  })
}

/** A big 拨打 button for each of the station's numbers, the extension said beside it. */
export function CallButtons(props: { phone: string; testId?: string }) {
  return (
    <View className='call-buttons' data-testid={props.testId}>
      {dialNumbers(props.phone).map((entry) => (
        <View key={entry.text} className='call-entry'>
          <View className='button call-button' role='button' data-testid='call-button' onClick={() => dial(entry.number)}>
            {dialLabel(entry.number)}
          </View>
          {entry.extension && <Text className='call-extension'>{extensionHint(entry.extension)}</Text>}
        </View>
      ))}
    </View>
  )
}
