export default definePageConfig({ navigationBarTitleText: '全县调解统计', enablePullDownRefresh: true })
