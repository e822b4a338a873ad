/** What the catalogue says of one code; the BFF answers every throw of it with exactly this status. */
export interface ErrorCatalogueEntry {
  status: number
  message: string
  /** the `WWW-Authenticate` challenge a 401 of this code carries */
  authenticate?: string
  /** the `Retry-After` (seconds) it carries when the throw does not give its own (a limit's window) */
  retryAfterSeconds?: number
}

/**
 * Every error code the BFF answers, with its HTTP status and the Chinese message a user sees when
 * the server has nothing more specific to say. Pages compare codes from here only, so a renamed or
 * removed code is a type error, not a silent branch that never runs.
 */
export const errorCatalogue = {
  // requests the server cannot read
  VALIDATION_FAILED: { status: 400, message: '填写的内容有误，请按提示修改' },
  INVALID_JSON: { status: 400, message: '请求内容不是有效的 JSON' },
  REQUEST_ABORTED: { status: 400, message: '请求被中断' },
  BAD_REQUEST: { status: 400, message: '请求有误' },
  BODY_TOO_LARGE: { status: 413, message: '请求内容太大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '请求内容必须是 JSON（Content-Type: application/json）' },
  UNSUPPORTED_ENCODING: { status: 415, message: '请求内容的编码不受支持' },
  NOT_FOUND: { status: 404, message: '没有找到请求的内容' },
  RATE_LIMITED: { status: 429, message: '操作太频繁，请稍后再试', retryAfterSeconds: 60 },

  // sign-in
  UNAUTHORIZED: { status: 401, message: '请先登录', authenticate: 'Bearer' },
  INVITE_EXPIRED: { status: 401, message: '邀请码已过期，请找县司法局重新发邀请码', authenticate: 'Bearer' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, message: '第一次登录请设置新密码' },
  ACCOUNT_DISABLED: { status: 409, message: '这个账号已停用' },
  USERNAME_TAKEN: { status: 409, message: '用户名已被使用' },
  PHONE_TAKEN: { status: 409, message: '手机号已登记' },
  WECHAT_NOT_CONFIGURED: { status: 422, message: '服务器没有配置微信登录，请用手机号和邀请码登录' },
  LOGIN_BUSY: { status: 503, message: '现在登录的人太多，请稍后再试', retryAfterSeconds: 2 },

  // bookings
  SLOT_FULL: { status: 409, message: '这个时段已经约满了，请换一个时段' },
  SLOT_NOT_OFFERED: { status: 422, message: '这个时段不能预约：已经过去、离现在太近，或不在开放时间内' },
  ALREADY_BOOKED: { status: 409, message: '这个手机号已经预约了这个时段' },
  FAIR_SHARE_FULL: { status: 409, message: '这个服务站近期给同一手机号或同一网络的预约已满，请换一天或换一个服务站预约，也可以拨打 12348' },
  BOOKING_NOT_FOUND: { status: 404, message: '没有找到这个预约，请核对预约码和手机号后 4 位' },
  BOOKING_NOT_ACTIVE: { status: 409, message: '这个预约已经取消或结束' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: '这个请求编号已经用于另一份预约，请刷新页面后重新提交' },
  STATUS_NOT_ALLOWED: { status: 409, message: '预约当前的状态不能这样改' },
  SLOT_NOT_STARTED: { status: 409, message: '这个预约的时段还没开始，开始后才能标记“已办结”或“未到场”' },
  NO_ADDRESS_RECORD: { status: 409, message: '这个预约没有记下来自哪个网络（较早的预约），只能单个取消' },
  NOTHING_TO_UNDO: { status: 409, message: '没有可以撤销的改动：只能撤销本服务站当天（北京时间）最后一次改动' },
  PHONE_ERASED: { status: 410, message: '这个预约的电话号码已按隐私规则删除（时段结束 180 天后），不能再回电' },
  PHONE_CODE_REQUIRED: { status: 422, message: '请填写短信验证码（先点“获取验证码”）' },
  PHONE_CODE_INVALID: { status: 422, message: '验证码不对或已失效，请重新获取' },
  SMS_NOT_CONFIGURED: { status: 404, message: '本服务没有接入短信，不用验证码' },
  SMS_FAILED: { status: 502, message: '短信暂时发不出去，请稍后再试，或拨打服务站电话预约' },
  VERSION_CONFLICT: { status: 409, message: '内容已被别人改过，请看最新内容后再保存' },

  // mediations
  ID_TAKEN: { status: 409, message: '记录编号冲突，请重新生成后再提交' },
  EDIT_WINDOW_CLOSED: { status: 409, message: '记录超过 7 天，不能再修改；如需更正请联系司法所' },
  FOLLOW_UP_RECORDED: { status: 409, message: '这次回访已经记过了' },
  OTHER_TOWN: { status: 403, message: '只能记本乡镇（街道）的调解和零上报' },
  CORRECTIONS_FULL: { status: 429, message: '这个服务站已有很多条纠错在等县司法局处理，请过几天再报；急事请拨打 12348', retryAfterSeconds: 86400 },

  // keeping the station directory true
  NO_PENDING_REPORT: { status: 409, message: '这个服务站没有待核实的自报信息，也没有和县里名录冲突的信息' },
  CORRECTION_RESOLVED: { status: 409, message: '这条纠错已经处理过了' },

  // reports and the WeChat front door
  COUNTY_UNKNOWN: { status: 422, message: '无法判断报告所属区县' },
  REPORT_UNREADABLE: { status: 422, message: '没有在内容里找到报告' },
  SCENE_NOT_FOUND: { status: 404, message: '这个小程序码已失效或不是本服务的码' },
  WXACODE_UNAVAILABLE: { status: 404, message: '本服务没有接入微信小程序，暂无小程序码；请扫网页二维码' },
  WXACODE_FAILED: { status: 502, message: '微信暂时没有生成小程序码，请稍后再试', retryAfterSeconds: 60 },

  // the county's monitoring (GET /metrics)
  METRICS_UNAUTHORIZED: {
    status: 401,
    message: '监控指标只对本机开放，其他地址请带上正确的令牌（Authorization: Bearer <METRICS_TOKEN>）',
    authenticate: 'Bearer realm="metrics"',
  },

  // the server's own trouble
  DATABASE_UNAVAILABLE: { status: 503, message: '数据库暂时连不上，请过几秒再试', retryAfterSeconds: 5 },
  DATABASE_BUSY: { status: 503, message: '现在使用的人太多，服务器正忙，请过几秒再试', retryAfterSeconds: 5 },
  INTERNAL: { status: 500, message: '服务器出了点问题，请稍后再试' },
} as const satisfies Record<string, ErrorCatalogueEntry>

export type ErrorCode = keyof typeof errorCatalogue

export const errorCodes = Object.keys(errorCatalogue) as ErrorCode[]

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(errorCatalogue, value)
}
