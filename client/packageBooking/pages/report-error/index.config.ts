export default definePageConfig({ navigationBarTitleText: '信息有误' })
