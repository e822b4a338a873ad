export default definePageConfig({ navigationBarTitleText: '调解统计', enablePullDownRefresh: true })
