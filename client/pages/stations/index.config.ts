export default definePageConfig({ navigationBarTitleText: '服务站', enableShareAppMessage: true, enableShareTimeline: true })
