export default definePageConfig({ navigationBarTitleText: '我的调解记录', enablePullDownRefresh: true })
