import { apiErrorSchema } from '../../contracts/errors'
import { reportSearchQuerySchema } from '../../contracts/reports-api'

describe('reportSearchQuerySchema', () => {
  it('trims the query and refuses an empty one with a Chinese message', () => {
    expect(reportSearchQuerySchema.parse({ q: '  法律援助 ' })).toEqual({ q: '法律援助' })
    const empty = reportSearchQuerySchema.safeParse({ q: '   ' })
    expect(empty.success).toBe(false)
    expect(empty.error?.issues[0].message).toBe('请输入要搜索的词')
  })

  it('refuses a query longer than 50 characters', () => {
    expect(reportSearchQuerySchema.safeParse({ q: '法'.repeat(51) }).success).toBe(false)
  })
})

describe('apiErrorSchema', () => {
  it('requires a code and a message; fields are optional', () => {
    expect(apiErrorSchema.safeParse({ error: { code: 'NOT_FOUND', message: '没有找到' } }).success).toBe(true)
    expect(apiErrorSchema.safeParse({ error: { message: '没有 code' } }).success).toBe(false)
  })
})
