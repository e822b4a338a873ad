import Taro from '@tarojs/taro'
import { useState } from 'react'
import { useAction } from '../../../hooks/use-action'
import { ask, toastDialogFailure } from '../../../services/dialogs'
import { MODAL_TEXTS } from '../../../services/interaction-texts'
import { loginWithPhone, loginWithWechat, logoutVolunteer, mediationOutbox, syncOutbox, volunteerSession } from '../../../services/mediations'
import { checkLogin, type LoginErrors } from './login-check'

const IS_WEAPP = process.env.TARO_ENV === 'weapp'

/** The sign-in form's state, 登录 (then on to `next`, with an upload of what waits) and 退出登录. */
export function useVolunteerLogin(next: string) {
  const [session, setSession] = useState(() => volunteerSession())
  const [phone, setPhone] = useState('')
  const [inviteCode, setInviteCode] = useState('')
  const [errors, setErrors] = useState<LoginErrors>({})
  const login = useAction(
    (code: string) => (IS_WEAPP ? loginWithWechat({ inviteCode: code || undefined }) : loginWithPhone({ phone, inviteCode: code })),
    '登录没有成功，请再试一次。',
  )

  const submit = async () => {
    if (login.busy) return
    const { errors: found, code } = checkLogin({ phone, inviteCode, weapp: IS_WEAPP })
    setErrors(found)
    if (Object.keys(found).length > 0) return
    const outcome = await login.run(code)
    if (!outcome.ok) return
    setSession(outcome.value)
    void syncOutbox()
    void Taro.redirectTo({ url: next })
  }

  const logout = async () => {
    const pending = mediationOutbox.entries().length
    const confirm = await ask({
      ...MODAL_TEXTS.logout,
      content:
        pending > 0
          ? `还有 ${pending} 条记录没上传。退出后它们仍留在这台手机上，用您的账号再登录后会自动上传。${IS_WEAPP ? '' : '网页版再登录要用新的邀请码。'}确定退出吗？`
          : `确定退出吗？${IS_WEAPP ? '' : '网页版再登录要用新的邀请码。'}`,
    }).catch(() => {
      toastDialogFailure()
      return false
    })
    if (!confirm) return
    await logoutVolunteer()
    setSession(null)
  }

  return { session, phone, setPhone, inviteCode, setInviteCode, errors, busy: login.busy, failure: login.error, submit, logout }
}
