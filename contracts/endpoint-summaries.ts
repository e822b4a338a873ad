import type { EndpointName } from './endpoints'

/**
 * One line per endpoint, in Chinese, for the OpenAPI document only: kept out of the endpoint
 * declarations so the words do not ship in the app's bundles. A missing endpoint is a type error.
 */
export const endpointSummaries: Readonly<Record<EndpointName, string>> = {
  login: '登录：工作人员和管理员用用户名和密码；法律明白人用手机号和邀请码，或在小程序里用 wx.login 的 code',
  logout: '退出登录（令牌作废）',
  listSlots: '服务站可预约的时段（默认从今天起 14 天，或某一天）',
  createBooking: '预约一次免费法律咨询；201 带本机的管理凭证 manageToken。同一 Idempotency-Key 重试得到同一份预约（Idempotent-Replayed: true）',
  getBooking: '查看一份预约：本机凭 X-Booking-Token，别的手机凭手机号后 4 位',
  cancelBooking: '取消预约（须说明原因）',
  rescheduleBooking: '改到同一服务站的另一个时段；约满时 409 并给出接下来的空闲时段',
  staffDay: '工作人员：本服务站某一天的预约',
  updateStaffBooking: '工作人员：确认预约、标记已办结或未到',
  getSchedule: '工作人员：本服务站的开放时间和例外日',
  saveSchedule: '工作人员：保存本服务站的开放时间和例外日',
  listMediations: '调解记录：法律明白人看自己的，工作人员看本乡镇的，管理员看全县的（最近 500 条）',
  createMediation: '法律明白人登记一次调解或本月零报告；编号由手机生成，重发同一编号得到同一条（200）',
  mediationStats: '调解统计（按类型、结果、乡镇、月份；他人可见的小于 5 的数显示为 <5）',
  exportMediations: '管理员：全县调解记录导出为 CSV（当事人姓名已遮蔽）',
  getMediation: '一条调解记录',
  updateMediation: '法律明白人 7 天内修改自己的记录；version 不是最新时 409 并附上最新内容',
  getHealth: '服务是否正常（含数据库和服务站名录的状态）',
  getHome: '首页一次取齐：最新报告、最近的服务站、本机的预约、法律明白人的待回访',
  listReports: '报告列表',
  getReport: '一份报告的全文（章节、数字和同比）；带 If-None-Match 时未变则 304',
  searchReport: '在一份报告里搜索',
  getReportWxacode: '报告的小程序码（PNG 或 JPEG）',
  resolveScene: '扫小程序码后：场景码指向的页面和参数',
  getOpenApi: '本接口的 OpenAPI 3.1 说明（由 contracts/ 生成，供区县信息化人员和其他平台对接）',
  getQrCode: '本应用一个页面的网页二维码（SVG 或 PNG）',
  listStations: '服务站名录（可按层级、乡镇、关键词筛选，分页）',
  nearestStations: '离一个位置最近的服务站（位置只用于这次计算，不保存）',
  listTowns: '乡镇（街道）列表及各自的服务站数',
  getStation: '一个服务站，附本县报告里的数字和服务网络',
  getStationPoster: '服务站的可打印海报（HTML，含网页二维码和小程序码）',
  getStationWxacode: '服务站的小程序码（PNG 或 JPEG）',
}
