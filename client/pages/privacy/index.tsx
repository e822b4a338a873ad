import { Text, View } from '@tarojs/components'
import { HotlineButton } from '../../components/hotline-button'
import { PageShell } from '../../components/page-shell'

const sections: { heading: string; body: string }[] = [
  { heading: '我们收集什么', body: '只收集办事必需的最少信息：预约法律援助咨询时的姓名、手机号、事项类别和简短说明。不收集身份证号。' },
  { heading: '位置', body: '只有在您同意后，才会用您的位置查找最近的服务站；位置只用于这一次查找，不保存。不分享位置也可以按乡镇、村查找。' },
  { heading: '怎么保护', body: '手机号在所有页面和接口里都只显示前三位和后四位（如 138****1234）。工作人员只能看到本服务站的预约；法律明白人只能看到自己的记录。' },
  { heading: '保存在手机上的内容', body: '字号设置、预约码和尚未上传的调解记录保存在本机，用于断网时不丢失。' },
  { heading: '联系我们', body: '对个人信息有疑问，可以拨打 12348 公共法律服务热线。' },
]

export default function PrivacyPage() {
  return (
    <PageShell>
      <Text className='title'>隐私说明</Text>
      {sections.map((section) => (
        <View className='card' key={section.heading}>
          <Text className='subtitle'>{section.heading}</Text>
          <Text className='text'>{section.body}</Text>
        </View>
      ))}
      <HotlineButton secondary />
    </PageShell>
  )
}
