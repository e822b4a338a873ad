import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { NEW_PASSWORD_MIN_LENGTH } from '../../../contracts/auth'
import { useAction } from '../../hooks/use-action'
import { RequestError } from '../../services/http'
import { TextField } from './fields'
import './booking.css'

/** What must be fixed before signing in (`newPassword` when a new one is being set), or null. */
export function signInProblem(entered: { username: string; password: string; newPassword: { value: string; repeated: string } | null }): string | null {
  if (!entered.username.trim() || !entered.password) return '请填写用户名和密码'
  if (!entered.newPassword) return null
  if (entered.newPassword.value.length < NEW_PASSWORD_MIN_LENGTH) return `新密码至少 ${NEW_PASSWORD_MIN_LENGTH} 位`
  if (entered.newPassword.value !== entered.newPassword.repeated) return '两次输入的新密码不一样'
  return null
}

/**
 * Username + password sign-in for station staff and county administrators. The county's printed
 * one-time password opens one sign-in: the answer 403 PASSWORD_CHANGE_REQUIRED turns the form into
 * "set your own password", asked twice.
 */
export function PasswordSignIn<Session>(props: {
  /** `staff` or `admin`: the test ids (`staff-username`, …) */
  who: 'staff' | 'admin'
  title: string
  footnote: string
  login: (credentials: { username: string; password: string; newPassword?: string }) => Promise<Session>
  onSignedIn: (session: Session) => void
}) {
  const { who } = props
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [mustChange, setMustChange] = useState(false)
  const [newPassword, setNewPassword] = useState('')
  const [repeated, setRepeated] = useState('')
  const signIn = useAction(async () => {
    try {
      props.onSignedIn(await props.login({ username, password, ...(mustChange ? { newPassword } : {}) }))
    } catch (failure) {
      if (failure instanceof RequestError && failure.code === 'PASSWORD_CHANGE_REQUIRED') setMustChange(true)
      throw failure
    }
  }, '登录没有成功，请再试一次。')
  const { busy, error } = signIn
  const submit = () => {
    if (busy) return
    const problem = signInProblem({ username, password, newPassword: mustChange ? { value: newPassword, repeated } : null })
    if (problem) signIn.setError(problem)
    else void signIn.run()
  }
  return (
    <View className='card' data-testid={`${who}-sign-in`}>
      <Text className='subtitle'>{props.title}</Text>
      <TextField label='用户名' value={username} onInput={setUsername} maxlength={50} autoComplete='username' testId={`${who}-username`} />
      <TextField
        label={mustChange ? '县司法局给的一次性密码' : '密码'}
        value={password}
        onInput={setPassword}
        password
        maxlength={200}
        autoComplete={mustChange ? 'one-time-code' : 'current-password'}
        testId={`${who}-password`}
      />
      {mustChange && (
        <>
          <TextField
            label={`新密码（至少 ${NEW_PASSWORD_MIN_LENGTH} 位）`}
            value={newPassword}
            onInput={setNewPassword}
            password
            maxlength={200}
            autoComplete='new-password'
            testId={`${who}-new-password`}
          />
          <TextField
            label='再输一次新密码'
            value={repeated}
            onInput={setRepeated}
            password
            maxlength={200}
            autoComplete='new-password'
            testId={`${who}-new-password-again`}
          />
        </>
      )}
      {error && (
        <Text className='notice notice-error' data-testid={`${who}-sign-in-error`}>
          {error}
        </Text>
      )}
      <View className={`button${busy ? ' button-disabled' : ''}`} role='button' data-testid={`${who}-sign-in-button`} onClick={submit}>
        {busy ? '正在登录…' : mustChange ? '设置新密码并登录' : '登录'}
      </View>
      <Text className='muted sign-in-footnote'>{props.footnote}</Text>
    </View>
  )
}
