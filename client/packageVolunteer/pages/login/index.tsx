import Taro, { useRouter } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { mobilePhoneSchema } from '../../../../contracts/bookings'
import { PageShell } from '../../../components/page-shell'
import { ask, toastDialogFailure } from '../../../services/dialogs'
import { RequestError } from '../../../services/http'
import { MODAL_TEXTS } from '../../../services/interaction-texts'
import { loginWithPhone, loginWithWechat, logoutVolunteer, mediationOutbox, syncOutbox, volunteerSession } from '../../../services/mediations'
import { RECORDS_PAGE } from '../../components/session'
import '../../components/volunteer.css'

const IS_WEAPP = process.env.TARO_ENV === 'weapp'

/** H5 only (the mini program has no such attribute): what the browser may fill in, and no capital or spelling fix in a code. */
function autofill(autocomplete: string): { nativeProps?: Record<string, string> } {
  return IS_WEAPP ? {} : { nativeProps: { autocomplete, autocapitalize: 'none', spellcheck: 'false' } }
}

/** An invite code as printed: a Chinese keyboard's full-width letters folded, spaces and dashes dropped (the BFF does the same). */
function typedInviteCode(typed: string): string {
  // the dashes spelled out: a Unicode property escape is newer than the mini program's ES2015
  return typed
    .normalize('NFKC')
    .replace(/[\s\-\u2010-\u2015\u2212_·.]/g, '')
    .toUpperCase()
}

/** Only pages of this package may be the destination after signing in. */
function safeNext(value: string | undefined): string {
  let next = ''
  try {
    next = decodeURIComponent(value ?? '')
  } catch {
    next = ''
  }
  return /^\/packageVolunteer\/pages\/[a-z]+\/index(\?[\w=&%-]*)?$/.test(next) && !next.startsWith('/packageVolunteer/pages/login/') ? next : RECORDS_PAGE
}

export default function VolunteerLoginPage() {
  const { params } = useRouter()
  const next = safeNext(params.next)
  const [session, setSession] = useState(() => volunteerSession())
  const [phone, setPhone] = useState('')
  const [inviteCode, setInviteCode] = useState('')
  const [errors, setErrors] = useState<{ phone?: string; inviteCode?: string }>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const waiting = mediationOutbox.entries().length

  const signedIn = () => {
    void syncOutbox()
    void Taro.redirectTo({ url: next })
  }

  const submit = async () => {
    if (busy) return
    const found: typeof errors = {}
    if (!IS_WEAPP) {
      const phoneCheck = mobilePhoneSchema.safeParse(phone.trim())
      if (!phoneCheck.success) found.phone = phoneCheck.error.issues[0]?.message ?? '请填写 11 位手机号'
    }
    const code = typedInviteCode(inviteCode)
    if ((!IS_WEAPP || code) && !/^[A-Za-z0-9]{6,20}$/.test(code)) found.inviteCode = '请填写县司法局发给您的邀请码（6 位以上字母或数字）'
    setErrors(found)
    if (Object.keys(found).length > 0) return
    setBusy(true)
    setFailure(null)
    try {
      const started = IS_WEAPP ? await loginWithWechat({ inviteCode: code || undefined }) : await loginWithPhone({ phone, inviteCode: code })
      setSession(started)
      signedIn()
    } catch (error) {
      setFailure(error instanceof RequestError ? error.message : '登录没有成功，请再试一次。')
    } finally {
      setBusy(false)
    }
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

  if (session) {
    return (
      <PageShell>
        <Text className='title'>法律明白人</Text>
        <View className='card'>
          <Text className='text' data-testid='signed-in-as'>
            已登录：{session.displayName}（{session.town}
            {session.village}）
          </Text>
          <View className='button' role='button' data-testid='go-records' onClick={() => void Taro.redirectTo({ url: next })}>
            进入我的调解记录
          </View>
          <View className='button button-secondary' role='button' data-testid='logout' onClick={() => void logout()}>
            退出登录
          </View>
        </View>
      </PageShell>
    )
  }

  return (
    <PageShell>
      <Text className='title'>法律明白人登录</Text>
      <Text className='muted vol-intro'>登录后可以记调解、看自己的记录和统计。没网时也能记，联网后自动上传。</Text>
      {waiting > 0 && (
        <Text className='notice' data-testid='login-waiting'>
          这台手机上还有 {waiting} 条记录没上传，登录后会自动上传。
        </Text>
      )}
      <View className='card'>
        {!IS_WEAPP && (
          <View className='vol-section'>
            <Text className='vol-label'>手机号</Text>
            <Input
              className={`vol-input${errors.phone ? ' vol-invalid' : ''}`}
              type='number'
              maxlength={11}
              value={phone}
              placeholder='登记时留的手机号'
              aria-label='手机号'
              {...autofill('tel-national')}
              data-testid='login-phone'
              onInput={(event) => setPhone(event.detail.value)}
            />
            {errors.phone && <Text className='vol-error'>{errors.phone}</Text>}
          </View>
        )}
        <View className='vol-section'>
          <Text className='vol-label'>
            邀请码
            {IS_WEAPP && <Text className='vol-optional'>（第一次登录才要填）</Text>}
          </Text>
          <Input
            className={`vol-input${errors.inviteCode ? ' vol-invalid' : ''}`}
            maxlength={20}
            value={inviteCode}
            placeholder='县司法局发的 8 位邀请码'
            aria-label='邀请码'
            {...autofill('one-time-code')}
            data-testid='login-invite'
            onInput={(event) => setInviteCode(event.detail.value.toUpperCase())}
          />
          {errors.inviteCode ? (
            <Text className='vol-error'>{errors.inviteCode}</Text>
          ) : (
            <Text className='vol-hint'>
              {IS_WEAPP ? '用过一次后，这个微信就记住您了，以后点一下就能登录。' : '邀请码只能用一次。换手机或退出后再登录，请找县司法局重新发。'}
            </Text>
          )}
        </View>
        {failure && (
          <View className='notice notice-error' role='alert' data-testid='login-error'>
            {failure}
          </View>
        )}
        <View className={`button vol-save${busy ? ' vol-disabled' : ''}`} role='button' data-testid='login-submit' onClick={() => void submit()}>
          {busy ? '正在登录…' : IS_WEAPP ? '微信一键登录' : '登录'}
        </View>
      </View>
      <Text className='muted'>还没有邀请码？请联系所在乡镇司法所或县司法局登记为法律明白人。</Text>
    </PageShell>
  )
}
