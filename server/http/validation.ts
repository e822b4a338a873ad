import { z } from 'zod'
import type { ApiErrorField } from '../../contracts'
import { AppError } from '../errors/app-error'

const where: Record<'body' | 'query' | 'params' | 'headers', string> = { body: '请求内容', query: '查询参数', params: '路径参数', headers: '请求头' }

/** Chinese, user-facing wording for a zod issue; the path is named separately in `fields`. */
function describeIssue(issue: z.core.$ZodIssue): string {
  // contracts/ write their own messages in Chinese; zod's defaults are English and get ours
  if (/\p{Script=Han}/u.test(issue.message)) return issue.message
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? '必填' : '类型不正确'
    case 'too_big':
      return `太长或太大（最多 ${String(issue.maximum)}）`
    case 'too_small':
      return `太短或太小（至少 ${String(issue.minimum)}）`
    case 'invalid_format':
      return '格式不正确'
    case 'invalid_value':
      return '不是允许的取值'
    case 'unrecognized_keys':
      return `包含不认识的字段：${issue.keys.join('、')}`
    default:
      return '取值不正确'
  }
}

export function issuesToFields(issues: readonly z.core.$ZodIssue[]): ApiErrorField[] {
  return issues.map((issue) => ({ path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)', message: describeIssue(issue) }))
}

/**
 * Parses untrusted input with a contracts/ schema (zod/mini) or a server-side one (classic zod)
 * or throws a 400 naming every bad field. Both build on zod's core, so its `safeParse` takes either.
 */
export function parseInput<Schema extends z.core.$ZodType>(params: { schema: Schema; value: unknown; source: keyof typeof where }): z.core.output<Schema> {
  const result = z.safeParse(params.schema, params.value)
  if (result.success) return result.data
  const fields = issuesToFields(result.error.issues)
  throw AppError.of('VALIDATION_FAILED', { message: `${where[params.source]}有误：${fields.map((f) => `${f.path} ${f.message}`).join('；')}`, fields })
}
