import type { EndpointName } from './endpoints'

/**
 * One line per endpoint, in Chinese, for the OpenAPI document only: kept out of the endpoint
 * declarations so the words do not ship in the app's bundles. A missing endpoint is a type error.
 */
export const endpointSummaries: Readonly<Record<EndpointName, string>> = {
  login: '登录：工作人员和管理员用用户名和密码；法律明白人用手机号和邀请码，或在小程序里用 wx.login 的 code',
  logout: '退出登录（令牌作废）',
  listSlots: '服务站可预约的时段（默认从今天起 14 天，或某一天；当天的时段提前 BOOKING_LEAD_MINUTES 分钟仍可约），附服务站公布的开放时间：时段就按它排',
  createBooking:
    '预约一次免费法律咨询；201 带本机的管理凭证 manageToken。同一 Idempotency-Key 重试得到同一份预约（Idempotent-Replayed: true）；不在开放时间内 422 SLOT_NOT_OFFERED；约满时 409 并给出所选时间前后最近的空闲时段',
  sendPhoneCode:
    '给手机发 6 位短信验证码（预约或查预约用；5 分钟内有效，同一请求最多试 5 次；同一手机同一网络 60 秒一条，每天有上限；没接短信时 404 SMS_NOT_CONFIGURED）',
  lookupBookingsByPhone: '查预约：凭手机号和短信验证码，列出这个号码的预约（最多 20 个，时段新的在前）',
  getBooking: '查看一份预约：本机凭 X-Booking-Token，别的手机凭手机号后 4 位',
  cancelBooking: '取消预约（须说明原因）',
  rescheduleBooking: '改到同一服务站的另一个时段；约满时 409 并给出接下来的空闲时段',
  staffDay: '工作人员：本服务站连续几天的预约（from=YYYY-MM-DD&days=7 为一周；默认今天一天；旧的 date= 为那一天），电话遮蔽',
  updateStaffBooking: '工作人员：确认预约；时段开始后才能标记已办结或未到场（之前 409 SLOT_NOT_STARTED）',
  undoStaffBooking: '工作人员：撤销本服务站当天（北京时间）对这个预约的最后一次改动，恢复原来的状态',
  cancelStaffBookings:
    '工作人员：取消本服务站的一个预约，或同一手机号、同一网络（预约来自的网络，工作人员看不到地址）今后全部有效的预约，须写原因；预约人查询时看到“服务站取消：原因”，名额重新可约',
  revealBookingPhone: '工作人员回电：本服务站一个预约的完整电话号码（每次查看都记录，不缓存；时段结束 180 天后号码已删除，410）',
  getSchedule: '工作人员：本服务站的每周开放时间和例外日（居民能约的就是这些），以及不在开放时间内、仍然有效、需要打电话商量的预约',
  saveSchedule:
    '工作人员：发布本服务站的每周开放时间和例外日：服务站的开放时间文字由它生成（服务站自报），居民只能约这些时间；已有预约不在新时间内的保留并列出',
  listMediations: '调解记录：法律明白人看自己的，工作人员看本乡镇的，管理员看全县的（最近 500 条）',
  createMediation: '法律明白人登记一次调解或某月的零上报（本月或以前 24 个月内）；编号由手机生成，重发同一编号得到同一条（200）',
  createFollowUp:
    '法律明白人给自己的一条调解记一次回访（日期、协议履行情况、有无反复、司法确认、备注）；编号由手机生成，重发同一编号得到同一条（200）；同一提醒已有回访时 409',
  mediationStats: '调解统计（按类型、结果、乡镇、月份，回访已做和待做；他人可见的小于 5 的数显示为 <5）',
  exportMediations: '管理员：全县调解记录导出为 CSV（当事人姓名已遮蔽）',
  getMediation: '一条调解记录',
  updateMediation: '法律明白人 7 天内修改自己的记录；version 不是最新时 409 并附上最新内容',
  getHealth: '服务是否正常（含数据库和服务站名录的状态）',
  getHome: '首页一次取齐：县名、最新报告及三个数字、最近的服务站、本机的预约、法律明白人的待回访、服务站名录是否最新',
  listReports: '报告列表',
  getReport: '一份报告的全文（章节、数字和同比）；带 If-None-Match 时未变则 304',
  searchReport: '在一份报告里搜索',
  getReportSource: '报告导入时的原文（text/plain，逐字节不变）',
  getReportWxacode: '报告的小程序码（PNG 或 JPEG）',
  resolveScene: '扫小程序码后：场景码指向的页面和参数',
  getOpenApi: '本接口的 OpenAPI 3.1 说明（由 contracts/ 生成，供区县信息化人员和其他平台对接）',
  getQrCode: '本应用一个页面的网页二维码（SVG 或 PNG）',
  listStations: '服务站名录（可按层级、乡镇、关键词筛选，分页）',
  nearestStations: '离一个位置最近的服务站（位置只用于这次计算，不保存）',
  listTowns: '乡镇（街道）列表：各自的村（社区）及其工作室、服务站数',
  getStation: '一个服务站，附本县报告里的数字和服务网络',
  getStationPoster: '服务站的可打印海报（HTML，含网页二维码和小程序码）',
  getStationWxacode: '服务站的小程序码（PNG 或 JPEG）',
  getStaffStationProfile: '工作人员：本服务站现在的电话、地址、开放时间、服务、位置，核实状态和全部修改记录',
  saveStaffStationProfile: '工作人员：更新本服务站的电话、地址、开放时间、服务和位置（WGS-84 会换算成 GCJ-02）；立即生效，标为“服务站自报”，等县司法局核实',
  reportStationCorrection: '居民报告服务站信息有误（无需登录；回电号码可不填，答复中遮蔽）；按 IP 限流',
  adminQueue: '县级管理员：本县待核实的服务站自报、与县里名录冲突的信息和居民纠错（最早的在前）',
  getAdminStationProfile: '县级管理员：本县一个服务站的信息、核实状态和全部修改记录',
  saveAdminStationProfile: '县级管理员：修改本县一个服务站的信息（视为已核实）',
  verifyStation: '县级管理员：核实服务站现在的信息（核实日期为北京时间今天）',
  rejectStationReport: '县级管理员：退回服务站自报（须说明原因），恢复自报之前的信息',
  resolveCorrection: '县级管理员：处理一条居民纠错（须写处理结果）',
  revealCorrectionPhone: '管理员：查看一条纠错留下的完整回电号码（每次查看都有记录；不留号码或已删除时 410）',
}
