export default definePageConfig({ navigationBarTitleText: '法律明白人登录' })
