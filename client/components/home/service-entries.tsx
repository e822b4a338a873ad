import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { callHotline } from '../hotline-button'
import { HOME_ENTRIES, HOTLINE_LABEL, iconDataUrl, type HomeEntry, type HomeIconName } from '../../../contracts/home-entries'

/**
 * A decorative icon as a background, not an <image>: the label beside it says what it is, and
 * H5's image element would need an alt it cannot take (Taro's image ignores imgProps there).
 */
function Icon(props: { className: string; name: HomeIconName }) {
  return <View className={props.className} style={{ backgroundImage: `url("${iconDataUrl(props.name)}")` }} />
}

function open(entry: HomeEntry): void {
  void (entry.tab ? Taro.switchTab({ url: entry.path }) : Taro.navigateTo({ url: entry.path }))
}

/**
 * What people come to 首页 for, first and within one screen: four services with icons and the
 * 12348 line. The BFF's H5 first screen writes the same markup (server/h5/first-screen.ts).
 */
export function ServiceEntries() {
  return (
    <View className='home-services'>
      <View className='home-entries' data-testid='home-entries'>
        {HOME_ENTRIES.map((entry) => (
          <View key={entry.key} className='home-entry' role='link' data-testid={`home-entry-${entry.key}`} onClick={() => open(entry)}>
            <Icon className='home-entry-icon' name={entry.icon} />
            <View className='home-entry-words'>
              <Text className='home-entry-label'>{entry.label}</Text>
              <Text className='home-entry-hint'>{entry.hint}</Text>
            </View>
          </View>
        ))}
      </View>
      <View className='home-hotline' role='button' data-testid='home-hotline' onClick={callHotline}>
        <Icon className='home-hotline-icon' name='phone' />
        <Text className='home-hotline-label'>{HOTLINE_LABEL}</Text>
      </View>
    </View>
  )
}
