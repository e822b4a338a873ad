import { adminLogin, type AdminSession } from '../../services/station-keeping'
import { PasswordSignIn } from './password-sign-in'

/** 县司法局管理员登录 (an account made with `npm run admin -- add-admin`). */
export function AdminSignIn(props: { onSignedIn: (session: AdminSession) => void }) {
  return (
    <PasswordSignIn
      who='admin'
      title='县司法局管理员登录'
      footnote='管理员账号由县司法局开通。服务站工作人员请到“服务站工作台”登录。'
      login={adminLogin}
      onSignedIn={props.onSignedIn}
    />
  )
}
