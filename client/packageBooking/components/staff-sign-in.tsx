import { staffLogin, type StaffSession } from '../../services/staff'
import { PasswordSignIn } from './password-sign-in'

/** 服务站工作人员登录. */
export function StaffSignIn(props: { onSignedIn: (session: StaffSession) => void }) {
  return (
    <PasswordSignIn who='staff' title='服务站工作人员登录' footnote='账号由县司法局开通。居民不需要登录。' login={staffLogin} onSignedIn={props.onSignedIn} />
  )
}
