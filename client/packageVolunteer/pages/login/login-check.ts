import { mobilePhoneSchema } from '../../../../contracts/bookings'

/** What the sign-in form checks before asking the BFF. Pure, tested without rendering. */

export interface LoginErrors {
  phone?: string
  inviteCode?: string
}

/** An invite code as printed: a Chinese keyboard's full-width letters folded, spaces and dashes dropped (the BFF does the same). */
export function typedInviteCode(typed: string): string {
  // the dashes spelled out: a Unicode property escape is newer than the mini program's ES2015
  return typed
    .normalize('NFKC')
    .replace(/[\s\-\u2010-\u2015\u2212_·.]/g, '')
    .toUpperCase()
}

/**
 * H5 needs a phone number and an invite code; the mini program signs in with WeChat, and the code
 * (asked the first time only) is checked only when one was typed.
 */
export function checkLogin(params: { phone: string; inviteCode: string; weapp: boolean }): { errors: LoginErrors; code: string } {
  const errors: LoginErrors = {}
  if (!params.weapp) {
    const phoneCheck = mobilePhoneSchema.safeParse(params.phone.trim())
    if (!phoneCheck.success) errors.phone = phoneCheck.error.issues[0]?.message ?? '请填写 11 位手机号'
  }
  const code = typedInviteCode(params.inviteCode)
  if ((!params.weapp || code) && !/^[A-Za-z0-9]{6,20}$/.test(code)) errors.inviteCode = '请填写县司法局发给您的邀请码（6 位以上字母或数字）'
  return { errors, code }
}

/** Only pages of this package may be the destination after signing in (anything else: `fallback`). */
export function safeNext(next: string | null, fallback: string): string {
  return next !== null && /^\/packageVolunteer\/pages\/[a-z]+\/index(\?[\w=&%-]*)?$/.test(next) && !next.startsWith('/packageVolunteer/pages/login/')
    ? next
    : fallback
}
