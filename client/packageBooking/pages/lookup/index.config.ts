export default definePageConfig({ navigationBarTitleText: '查找预约' })
