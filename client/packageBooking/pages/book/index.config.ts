export default definePageConfig({ navigationBarTitleText: '预约法律援助' })
