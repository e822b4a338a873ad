export default definePageConfig({ navigationBarTitleText: '报告', enablePullDownRefresh: true, enableShareAppMessage: true, enableShareTimeline: true })
