/**
 * Every text the app hands to WeChat's own dialogs, toasts and title bars, in one place: WeChat
 * limits their length and fails or cuts what is longer (a 5-character button once made 零上报
 * do nothing at all). tests/client/services/interaction-texts.test.ts checks these and every
 * literal passed to those APIs; the test harnesses fail a test whose call breaks a limit.
 *
 * - showModal confirmText / cancelText: at most 4 Chinese characters (else no dialog at all);
 * - showToast title with an icon: at most 7 (WeChat cuts the rest); icon 'none': two lines;
 * - showActionSheet: at most 6 items; title bars (navigationBarTitleText): at most 7.
 */

/** showModal texts; a dialog's content that depends on the moment is written at its call. */
export const MODAL_TEXTS = {
  zeroReport: { title: '零上报', confirmText: '确认上报', cancelText: '不报了' },
  zeroReportAlreadyDone: { title: '已经零上报过了', confirmText: '知道了' },
  discardNewRecord: { title: '删除这条记录', content: '这条还没上传，删除后就没有了。确定删除吗？', confirmText: '删除', cancelText: '再想想' },
  discardEdit: { title: '放弃这次修改', content: '服务器上的记录保持原样，您这次的修改不要了。确定吗？', confirmText: '放弃修改', cancelText: '再想想' },
  logout: { title: '退出登录', confirmText: '退出', cancelText: '不退出' },
  markDone: { title: '标记为已办结？', confirmText: '已办结', cancelText: '取消' },
  markNoShow: { title: '标记为未到场？', confirmText: '未到场', cancelText: '取消' },
  staffCancel: { title: '服务站取消预约', confirmText: '确认取消', cancelText: '不取消' },
  appUpdate: { title: '新版本', content: '法治通有新版本，重启后使用。现在重启吗？', confirmText: '重启', cancelText: '稍后' },
} as const

/** showToast texts. */
export const TOAST_TEXTS = {
  linkCopied: { title: '链接已复制', icon: 'success' },
  updateWechat: { title: '请先把微信升级到最新版本', icon: 'none' },
  openLater: { title: '暂时打不开，请稍后再试', icon: 'none' },
  dialogFailed: { title: '确认框没能打开，请再试一次', icon: 'none' },
} as const

/** Said on the page when WeChat would not open a confirmation dialog: nothing was done. */
export const DIALOG_FAILED_NOTICE = '确认框没能打开，这一步还没有做。请再点一次；还不行，请告诉县里的管理员。'
