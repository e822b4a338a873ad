// npm run purge [-- --dry-run] [--json]   applies the retention rules now (the BFF also does it daily)
import { loadConfig } from '../config'
import type { RetentionCounts } from '../retention/retention.repository'
import { RetentionService } from '../retention/retention.service'
import { parseOptions, runCommand, USAGE_EXIT, withStorage } from './cli-command'

const usage = `用法：
  npm run purge                 按保存期限删除或抹去到期的个人信息（服务每天也会自动执行）
  npm run purge -- --dry-run    只统计会处理多少条，不改动数据
  加 --json 输出 JSON`

const labels: Record<keyof RetentionCounts, string> = {
  bookingsErased: '预约：抹去姓名、手机号、说明',
  bookingOpenidsCleared: '预约：清除微信 openid（时段已开始）',
  reminderOpenidsCleared: '提醒记录：清除微信 openid',
  remindersDeleted: '提醒记录：删除',
  idempotencyKeysDeleted: '重复提交保护记录：删除',
  authTokensDeleted: '已过期或已退出的登录：删除',
  loginDevicesDeleted: '已过期或作废的常用设备凭证：删除',
  rateLimitCountersDeleted: '频率限制计数：删除',
  accountsContactErased: '已停用账号：抹去手机号和微信绑定',
  correctionPhonesErased: '服务站纠错：抹去回电号码',
  phoneCodesDeleted: '短信验证码记录：删除（发出 24 小时后）',
}

async function main(): Promise<number> {
  const parsed = parseOptions({ options: { 'dry-run': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } }, usage)
  if (!parsed) return USAGE_EXIT
  const { values } = parsed
  const dryRun = values['dry-run'] === true
  return withStorage(loadConfig(process.env).storage, async (storage) => {
    const counts = await new RetentionService({ storage, now: () => new Date() }).run({ dryRun })
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ dryRun, counts })}\n`)
    } else {
      const lines = (Object.keys(labels) as (keyof RetentionCounts)[]).map((key) => `  ${labels[key]}：${counts[key]}`)
      process.stdout.write(`${dryRun ? '试运行（没有改动数据），到期会处理：' : '已处理：'}\n${lines.join('\n')}\n`)
    }
    return 0
  })
}

runCommand(main, { failure: '失败' })
