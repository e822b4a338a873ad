// npm run admin -- <command> [options] [--json]   (see `usage` below)
import path from 'node:path'
import pino from 'pino'
import { mobilePhoneSchema } from '../../contracts/bookings'
import { formatChinaTime } from '../../contracts/china-time'
import { AuthService } from '../auth/auth.service'
import { UserRepository } from '../auth/user.repository'
import { loadConfig } from '../config'
import { AppError } from '../errors/app-error'
import { createStationDirectory, loadBundledDirectory } from '../stations/station-directory'
import { KyselyStationRepository } from '../stations/station.repository'
import { resolveTown } from '../stations/towns'
import type { Storage } from '../storage/database'
import { parseOptions, runCommand, USAGE_EXIT, withStorage } from './cli-command'

const usage = `用法：
  npm run admin -- add-staff --station 站点编号 --username 用户名 --name 姓名 [--json]   姓名显示在工作台和修改记录里
  npm run admin -- add-volunteer --name 姓名 --phone 手机号 --town 乡镇 --village 村（社区） [--json]
  npm run admin -- reinvite --phone 手机号 [--enable] [--json]   给法律明白人重新发一次性邀请码（已停用的要加 --enable 才会重新启用）
  npm run admin -- disable --phone 手机号 [--json]               停用法律明白人，立即让其登录失效
  npm run admin -- disable --username 用户名 [--json]            停用工作人员或管理员，立即让其登录失效
  npm run admin -- reset-password --username 用户名 [--enable] [--json]   发新密码，旧密码和所有登录立即失效
  npm run admin -- add-admin --username 用户名 --county 区县 --name 姓名 [--json]
  npm run admin -- set-name --username 用户名 --name 姓名 [--json]    改工作人员或管理员显示的姓名
邀请码 INVITE_TTL_DAYS 天内有效（默认 14 天）。`

class UsageError extends Error {}

type Options = Partial<Record<'station' | 'username' | 'name' | 'phone' | 'town' | 'village' | 'county', string>> & { json: boolean; enable: boolean }

function need(options: Options, ...names: (keyof Omit<Options, 'json' | 'enable'>)[]): void {
  const missing = names.filter((name) => !options[name])
  if (missing.length > 0) throw new UsageError(`缺少参数：${missing.map((name) => `--${name}`).join('、')}`)
}

/** The name shown wherever the account acts (工作台, 修改记录, the county's queue): one line, 1–20 characters. */
function displayNameOf(options: Options): string {
  const name = (options.name ?? '').normalize('NFKC').trim()
  if (Array.from(name).length < 1 || Array.from(name).length > 20 || /\p{Cc}/u.test(name))
    throw new UsageError('--name 应为 1–20 个字的姓名，如 李明 或 隘口镇值班员')
  return name
}

function phoneOf(options: Options): string {
  const parsed = mobilePhoneSchema.safeParse(options.phone)
  if (!parsed.success) throw new UsageError('--phone 应为 11 位手机号')
  return parsed.data
}

function print(options: Options, json: object, text: string): void {
  process.stdout.write(options.json ? `${JSON.stringify(json)}\n` : `${text}\n`)
}

/** 2026-12-14 16:00（北京时间） */
function beijingTime(iso: string): string {
  const china = formatChinaTime(new Date(iso))
  return `${china.slice(0, 10)} ${china.slice(11, 16)}（北京时间）`
}

// Generated passwords are 12 characters from 31 (≈ 59 bits): shown once, never stored in clear,
// and they stay the account's password until the next reset-password (there is no change-password
// screen yet), so the text says "只显示这一次", not "用一次就失效".
const passwordNote = '请当面交给本人；这是一次性密码，只显示这一次：第一次登录时要设置自己的新密码。'

interface CommandContext {
  options: Options
  auth: AuthService
  storage: Storage
  seedDir: string
  now: () => Date
}

/** Each command of `npm run admin`, by name (see `usage`). */
const commands: Record<string, (context: CommandContext) => Promise<void>> = {
  'add-staff': async ({ options, auth, storage, seedDir, now }) => {
    need(options, 'station', 'username', 'name')
    if (!/^[A-Za-z0-9_.-]{3,50}$/.test(options.username ?? '')) throw new UsageError('用户名只能用 3–50 位字母、数字、点、- 或 _')
    const displayName = displayNameOf(options)
    const directory = await createStationDirectory({
      stationsDir: path.join(seedDir, 'stations'),
      repository: new KyselyStationRepository(storage.db),
      logger: pino({ level: 'silent' }),
      now,
    })
    const station = directory.snapshot().stations.find((candidate) => candidate.id === options.station)
    if (!station) throw AppError.of('NOT_FOUND', { message: `没有编号为 ${options.station} 的服务站（可在 /api/stations 查看编号）` })
    const { user, password } = await auth.addStaff({ stationId: station.id, username: options.username ?? '', displayName })
    print(
      options,
      { id: user.id, username: user.username, name: user.displayName, stationId: station.id, stationName: station.name, password },
      `已为“${station.name}”创建工作人员账号 ${user.username}（${user.displayName}）\n一次性密码：${password}\n${passwordNote}`,
    )
  },
  'add-volunteer': async ({ options, auth, seedDir }) => {
    need(options, 'name', 'phone', 'town', 'village')
    const phone = phoneOf(options)
    const { registries } = loadBundledDirectory({ dir: path.join(seedDir, 'stations') })
    const match = registries.map((registry) => ({ registry, match: resolveTown({ name: options.town ?? '', registry }) })).find((entry) => entry.match)
    if (!match?.match) throw new UsageError(`不认识乡镇“${options.town}”：请用现行名称，如 中和街道、隘口镇`)
    const { user, inviteCode, inviteExpiresAt } = await auth.addVolunteer({
      name: options.name ?? '',
      phone,
      county: match.registry.county.name,
      town: match.match.town.name,
      village: options.village ?? '',
    })
    print(
      options,
      { id: user.id, name: user.displayName, phone, county: user.county, town: user.town, village: user.village, inviteCode, inviteExpiresAt },
      `已登记法律明白人 ${user.displayName}（${user.town}${user.village}）\n一次性邀请码：${inviteCode}\n第一次登录时输入；用过即失效，${beijingTime(inviteExpiresAt)}后也失效。`,
    )
  },
  reinvite: async ({ options, auth }) => {
    need(options, 'phone')
    const { user, inviteCode, inviteExpiresAt, enabled } = await auth.reinviteVolunteer({ phone: phoneOf(options), enable: options.enable })
    print(
      options,
      { id: user.id, name: user.displayName, inviteCode, inviteExpiresAt, enabled },
      `${enabled ? `已重新启用 ${user.displayName}。\n` : ''}已给 ${user.displayName} 发新的一次性邀请码：${inviteCode}\n${beijingTime(inviteExpiresAt)}前有效，旧邀请码作废。`,
    )
  },
  disable: async ({ options, auth }) => {
    if (options.phone && options.username) throw new UsageError('--phone 和 --username 只能给一个')
    if (options.username) {
      const { user, tokensRevoked } = await auth.disableAccount({ username: options.username })
      print(
        options,
        { id: user.id, username: user.username, role: user.role, disabled: true, tokensRevoked },
        `已停用 ${user.username}，其所有登录（${tokensRevoked} 个）立即失效。`,
      )
      return
    }
    if (!options.phone) throw new UsageError('缺少参数：--phone（法律明白人）或 --username（工作人员、管理员）')
    const { user, tokensRevoked } = await auth.disableVolunteer({ phone: phoneOf(options) })
    print(
      options,
      { id: user.id, name: user.displayName, disabled: true, tokensRevoked },
      `已停用 ${user.displayName}，其所有登录（${tokensRevoked} 个）立即失效。`,
    )
  },
  'reset-password': async ({ options, auth }) => {
    need(options, 'username')
    const { user, password, tokensRevoked, enabled } = await auth.resetPassword({ username: options.username ?? '', enable: options.enable })
    print(
      options,
      { id: user.id, username: user.username, role: user.role, password, tokensRevoked, enabled },
      `${enabled ? `已重新启用 ${user.username}。\n` : ''}已给 ${user.username} 设新密码：${password}\n旧密码和已有的 ${tokensRevoked} 个登录立即失效。\n${passwordNote}`,
    )
  },
  'add-admin': async ({ options, auth }) => {
    need(options, 'username', 'county', 'name')
    const { user, password } = await auth.addAdmin({ username: options.username ?? '', county: options.county ?? '', displayName: displayNameOf(options) })
    print(
      options,
      { id: user.id, username: user.username, name: user.displayName, county: options.county, password },
      `已创建区县管理员 ${user.username}（${user.displayName}，${options.county}）\n一次性密码：${password}\n${passwordNote}`,
    )
  },
  'set-name': async ({ options, auth }) => {
    need(options, 'username', 'name')
    const { user, previous } = await auth.setDisplayName({ username: options.username ?? '', displayName: displayNameOf(options) })
    print(
      options,
      { id: user.id, username: user.username, name: user.displayName, previous },
      `${user.username} 的姓名已由“${previous}”改为“${user.displayName}”；下次登录后工作台上显示新姓名，以后的修改记录也用新姓名。`,
    )
  },
}

async function run(command: string | undefined, options: Options, storage: Storage, seedDir: string, inviteTtlDays: number): Promise<void> {
  if (command === undefined || !Object.hasOwn(commands, command)) throw new UsageError(`不认识的命令：${command ?? '（空）'}`)
  const now = () => new Date()
  await commands[command]({ options, auth: new AuthService({ users: new UserRepository(storage.db), now, inviteTtlDays }), storage, seedDir, now })
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2)
  const parsed = parseOptions(
    {
      args: rest,
      options: {
        station: { type: 'string' },
        username: { type: 'string' },
        name: { type: 'string' },
        phone: { type: 'string' },
        town: { type: 'string' },
        village: { type: 'string' },
        county: { type: 'string' },
        enable: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    },
    usage,
  )
  if (!parsed) return USAGE_EXIT
  const options: Options = { ...parsed.values, json: parsed.values.json ?? false, enable: parsed.values.enable ?? false }
  const config = loadConfig(process.env)
  return withStorage(config.storage, async (storage) => {
    try {
      await run(command, options, storage, config.seedDir, config.inviteTtlDays)
      return 0
    } catch (error) {
      if (!(error instanceof UsageError)) throw error
      process.stderr.write(`${error.message}\n${usage}\n`)
      return USAGE_EXIT
    }
  })
}

runCommand(main, { failure: '失败' })
