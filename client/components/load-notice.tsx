import { Text, View } from '@tarojs/components'

/** What a page shows while loading or after a failed request: plain words and a 重试 button. */
export function LoadNotice(props: { loading: boolean; error: string | null; onRetry: () => void }) {
  if (props.error) {
    return (
      <View className='notice notice-error' role='alert'>
        <Text>{props.error}</Text>
        <View className='button' role='button' onClick={props.onRetry}>
          重试
        </View>
      </View>
    )
  }
  if (props.loading) {
    return (
      <View className='notice' role='status'>
        <Text>正在加载…</Text>
      </View>
    )
  }
  return null
}
