import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { PageShell } from '../../components/page-shell'
import { fontScales, useFontScale } from '../../hooks/use-font-scale'

export default function MePage() {
  const { scale, setScale } = useFontScale()
  return (
    <PageShell>
      <Text className='title'>我的</Text>
      <View className='card'>
        <Text className='subtitle'>大字模式</Text>
        <Text className='muted'>选一个看着舒服的字号，会记在这台手机上。</Text>
        <View className='button-row' role='radiogroup' aria-label='字号'>
          {fontScales.map((option) => (
            <View
              key={option.value}
              className={`button button-secondary choice${option.value === scale ? ' choice-selected' : ''}`}
              role='radio'
              aria-checked={option.value === scale}
              data-testid={`font-scale-${option.value}`}
              onClick={() => setScale(option.value)}
            >
              {option.label}
            </View>
          ))}
        </View>
      </View>
      <View className='card'>
        <View className='list-item' role='link' onClick={() => void Taro.navigateTo({ url: '/pages/privacy/index' })}>
          <Text className='text link'>隐私说明</Text>
        </View>
      </View>
      <Text className='notice'>即将上线：我的预约（查看、取消）和法律明白人调解记录入口。</Text>
    </PageShell>
  )
}
