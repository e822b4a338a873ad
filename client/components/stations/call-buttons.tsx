import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import './stations.css'

/** One number of a station's `phone`: what is dialled, and the extension to ask for once connected. */
export interface DialNumber {
  /** as written, e.g. `023-76661234转801` */
  text: string
  /** what makePhoneCall gets: digits, `+` and `-` only, no extension */
  number: string
  extension: string | null
}

/**
 * A station may list several numbers (`023-76661234、13800138000`), each possibly with an extension
 * (`转801`, as the BFF normalises them). The dialler gets the main number alone: an extension is
 * shown as words, since makePhoneCall cannot dial one.
 */
export function dialNumbers(phone: string): DialNumber[] {
  return phone
    .split(/[、;；,，/]/u)
    .map((part) => part.trim())
    .filter((part) => /\d{3}/.test(part))
    .map((text) => {
      const extension = /(?:转|分机|ext\.?|x)\s*(\d{1,6})\s*$/iu.exec(text)
      const main = extension ? text.slice(0, extension.index) : text
      return { text, number: main.replace(/[^\d+-]/g, ''), extension: extension ? extension[1] : null }
    })
    .filter((entry) => entry.number.replace(/\D/g, '').length >= 3)
}

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
            拨打 {entry.number}
          </View>
          {entry.extension && <Text className='call-extension'>接通后请转分机 {entry.extension}</Text>}
        </View>
      ))}
    </View>
  )
}
