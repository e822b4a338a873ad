export default definePageConfig({ navigationBarTitleText: '服务站工作台' })
