import { checkLogin, safeNext, typedInviteCode } from '../../../client/packageVolunteer/pages/login/login-check'

describe('法律明白人登录: what the form checks before asking the BFF', () => {
  it('when a code is typed on a Chinese keyboard, folds full-width letters and drops spaces and dashes', () => {
    expect(typedInviteCode('ａｂ１２－cd 34')).toBe('AB12CD34')
  })

  it('when on H5 the phone number or the code is missing, says which', () => {
    expect(checkLogin({ phone: '123', inviteCode: '', weapp: false }).errors).toEqual({
      phone: expect.any(String),
      inviteCode: '请填写县司法局发给您的邀请码（6 位以上字母或数字）',
    })
    expect(checkLogin({ phone: '13800138000', inviteCode: 'ab12-cd34', weapp: false })).toEqual({ errors: {}, code: 'AB12CD34' })
  })

  it('when in the mini program, asks no phone number and checks the code only when one was typed', () => {
    expect(checkLogin({ phone: '', inviteCode: '', weapp: true })).toEqual({ errors: {}, code: '' })
    expect(checkLogin({ phone: '', inviteCode: 'ab', weapp: true }).errors).toEqual({ inviteCode: expect.any(String) })
  })

  it('when the link names where to go next, goes only to another page of the volunteer package', () => {
    const fallback = '/packageVolunteer/pages/records/index'
    expect(safeNext('/packageVolunteer/pages/log/index?id=abc', fallback)).toBe('/packageVolunteer/pages/log/index?id=abc')
    expect(safeNext('/packageVolunteer/pages/login/index', fallback)).toBe(fallback)
    expect(safeNext('https://example.com/', fallback)).toBe(fallback)
    expect(safeNext(null, fallback)).toBe(fallback)
  })
})
