export default definePageConfig({ navigationBarTitleText: '法治通', enablePullDownRefresh: true, enableShareAppMessage: true, enableShareTimeline: true })
