// npm run admin -- add-staff --station ID --username U [--name 显示名] [--json]
import path from 'node:path'
import { parseArgs } from 'node:util'
import pino from 'pino'
import { AuthService } from '../auth/auth.service'
import { UserRepository } from '../auth/user.repository'
import { loadConfig } from '../config'
import { AppError } from '../http/app-error'
import { createStationDirectory } from '../stations/station-directory'
import { KyselyStationRepository } from '../stations/station.repository'
import { openStorage } from '../storage/database'

const usage = `用法：
  npm run admin -- add-staff --station 站点编号 --username 用户名 [--name 显示名] [--json]`

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2)
  const { values } = parseArgs({
    args: rest,
    options: { station: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean', default: false } },
  })
  if (command !== 'add-staff' || !values.station || !values.username) {
    process.stderr.write(`${usage}\n`)
    return 64
  }
  if (!/^[A-Za-z0-9_.-]{3,50}$/.test(values.username)) {
    process.stderr.write('用户名只能用 3–50 位字母、数字、点、- 或 _\n')
    return 64
  }
  const config = loadConfig(process.env)
  const storage = await openStorage(config.storage)
  try {
    const now = () => new Date()
    const directory = await createStationDirectory({ stationsDir: path.join(config.seedDir, 'stations'), repository: new KyselyStationRepository(storage.db), logger: pino({ level: 'silent' }), now })
    const station = directory.snapshot().stations.find((candidate) => candidate.id === values.station)
    if (!station) {
      process.stderr.write(`没有编号为 ${values.station} 的服务站（可在 /api/stations 查看编号）\n`)
      return 1
    }
    const { user, password } = await new AuthService({ users: new UserRepository(storage.db), now }).addStaff({ stationId: station.id, username: values.username, displayName: values.name })
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ id: user.id, username: user.username, stationId: station.id, stationName: station.name, password })}\n`)
    } else {
      process.stdout.write(`已为“${station.name}”创建工作人员账号 ${user.username}\n一次性密码：${password}\n请当面交给本人；这个密码不会再显示。\n`)
    }
    return 0
  } finally {
    await storage.close()
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`失败：${error instanceof AppError || error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  },
)
