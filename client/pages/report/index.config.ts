export default definePageConfig({ navigationBarTitleText: '读报告', enableShareAppMessage: true, enableShareTimeline: true })
