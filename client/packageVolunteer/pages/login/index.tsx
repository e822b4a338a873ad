import Taro, { useRouter } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { PageShell } from '../../../components/page-shell'
import { mediationOutbox, type VolunteerSession } from '../../../services/mediations'
import { routeParam } from '../../../services/route-param'
import { RECORDS_PAGE } from '../../components/session'
import { safeNext } from './login-check'
import { useVolunteerLogin } from './use-volunteer-login'
import '../../components/volunteer.css'

const IS_WEAPP = process.env.TARO_ENV === 'weapp'

/** H5 only (the mini program has no such attribute): what the browser may fill in, and no capital or spelling fix in a code. */
function autofill(autocomplete: string): { nativeProps?: Record<string, string> } {
  return IS_WEAPP ? {} : { nativeProps: { autocomplete, autocapitalize: 'none', spellcheck: 'false' } }
}

/** A labelled input with its error, or else its hint. */
function LoginField(props: {
  label: ReactNode
  error: string | undefined
  hint?: string
  input: { type?: 'number'; maxlength: number; value: string; placeholder: string; ariaLabel: string; autocomplete: string; testId: string }
  onInput: (value: string) => void
}) {
  const { input } = props
  return (
    <View className='vol-section'>
      <Text className='vol-label'>{props.label}</Text>
      <Input
        className={`vol-input${props.error ? ' vol-invalid' : ''}`}
        type={input.type}
        maxlength={input.maxlength}
        value={input.value}
        placeholder={input.placeholder}
        aria-label={input.ariaLabel}
        {...autofill(input.autocomplete)}
        data-testid={input.testId}
        onInput={(event) => props.onInput(event.detail.value)}
      />
      {props.error ? <Text className='vol-error'>{props.error}</Text> : props.hint && <Text className='vol-hint'>{props.hint}</Text>}
    </View>
  )
}

/** Signed in already: on to the records, or 退出登录. */
function SignedIn(props: { session: VolunteerSession; next: string; onLogout: () => void }) {
  return (
    <PageShell>
      <Text className='title'>法律明白人</Text>
      <View className='card'>
        <Text className='text' data-testid='signed-in-as'>
          已登录：{props.session.displayName}（{props.session.town}
          {props.session.village}）
        </Text>
        <View className='button' role='button' data-testid='go-records' onClick={() => void Taro.redirectTo({ url: props.next })}>
          进入我的调解记录
        </View>
        <View className='button button-secondary' role='button' data-testid='logout' onClick={props.onLogout}>
          退出登录
        </View>
      </View>
    </PageShell>
  )
}

export default function VolunteerLoginPage() {
  const { params } = useRouter()
  const next = safeNext(routeParam(params, 'next').value, RECORDS_PAGE)
  const login = useVolunteerLogin(next)
  const { errors, busy } = login
  const waiting = mediationOutbox.entries().length

  if (login.session) return <SignedIn session={login.session} next={next} onLogout={() => void login.logout()} />

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
          <LoginField
            label='手机号'
            error={errors.phone}
            input={{
              type: 'number',
              maxlength: 11,
              value: login.phone,
              placeholder: '登记时留的手机号',
              ariaLabel: '手机号',
              autocomplete: 'tel-national',
              testId: 'login-phone',
            }}
            onInput={login.setPhone}
          />
        )}
        <LoginField
          label={
            <>
              邀请码
              {IS_WEAPP && <Text className='vol-optional'>（第一次登录才要填）</Text>}
            </>
          }
          error={errors.inviteCode}
          hint={IS_WEAPP ? '用过一次后，这个微信就记住您了，以后点一下就能登录。' : '邀请码只能用一次。换手机或退出后再登录，请找县司法局重新发。'}
          input={{
            maxlength: 20,
            value: login.inviteCode,
            placeholder: '县司法局发的 8 位邀请码',
            ariaLabel: '邀请码',
            autocomplete: 'one-time-code',
            testId: 'login-invite',
          }}
          onInput={(value) => login.setInviteCode(value.toUpperCase())}
        />
        {login.failure && (
          <View className='notice notice-error' role='alert' data-testid='login-error'>
            {login.failure}
          </View>
        )}
        <View className={`button vol-save${busy ? ' vol-disabled' : ''}`} role='button' data-testid='login-submit' onClick={() => void login.submit()}>
          {busy ? '正在登录…' : IS_WEAPP ? '微信一键登录' : '登录'}
        </View>
      </View>
      <Text className='muted'>还没有邀请码？请联系所在乡镇司法所或县司法局登记为法律明白人。</Text>
    </PageShell>
  )
}
