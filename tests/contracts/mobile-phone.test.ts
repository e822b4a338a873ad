import { mobilePhoneSchema } from '../../contracts/bookings'

const problem = (value: string) => {
  const parsed = mobilePhoneSchema.safeParse(value)
  return parsed.success ? null : parsed.error.issues.map((issue) => issue.message)
}

describe('mobilePhoneSchema (contracts/bookings) says what is wrong with a number', () => {
  it('accepts mainland mobile numbers, spaces around them trimmed', () => {
    expect(problem('13800138000')).toBeNull()
    expect(problem(' 19912345678 ')).toBeNull()
    expect(mobilePhoneSchema.parse(' 13800138000 ')).toBe('13800138000')
  })

  it('11 digits that are not a mobile number: a landline, or a wrong first or second digit', () => {
    expect(problem('02376661234')).toEqual(['这是座机号吗？请填写手机号（1 开头）'])
    expect(problem('23800138000')).toEqual(['手机号应以 1 开头'])
    expect(problem('98000138000')).toEqual(['手机号应以 1 开头'])
    expect(problem('12800138000')).toEqual(['手机号第 2 位应是 3 到 9，请核对'])
  })

  it('other mistakes: nothing, a wrong length, characters that are not digits', () => {
    expect(problem('')).toEqual(['请填写手机号'])
    expect(problem('1380013')).toEqual(['请填写 11 位手机号'])
    expect(problem('138001380001')).toEqual(['请填写 11 位手机号'])
    expect(problem('138-0013-8000')).toEqual(['手机号只填数字，不要空格、横线或其他符号'])
  })
})
