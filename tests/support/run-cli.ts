import { spawn } from 'node:child_process'
import { repoRoot } from './bff-process'

/** Runs one of server/cli/*.ts as `npm run …` would, asynchronously so a fake upstream can answer. */
export function runCli(params: {
  script: 'admin' | 'import-report' | 'import-stations' | 'purge' | 'backup' | 'restore'
  args: string[]
  env: Record<string, string>
}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `server/cli/${params.script}.ts`, ...params.args], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: '', ...params.env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

/**
 * `npm run admin -- … --json` on a BFF's own SQLite file, as a county's operator runs it beside the
 * service: what it printed (one JSON line). A failure throws with what the CLI said on stderr.
 */
export async function runAdminJson<T>(sqlitePath: string, args: string[]): Promise<T> {
  const result = await runCli({ script: 'admin', args: [...args, '--json'], env: { SQLITE_PATH: sqlitePath, LOG_LEVEL: 'warn' } })
  if (result.status !== 0) throw new Error(`admin ${args[0]} failed (${result.status}): ${result.stderr}`)
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as T
}

/** `admin add-volunteer`: the volunteer's one-time invite code. */
export async function addVolunteerByCli(sqlitePath: string, volunteer: { name: string; phone: string; town?: string; village?: string }): Promise<string> {
  const { name, phone, town = '隘口镇', village = '示例村' } = volunteer
  const added = await runAdminJson<{ inviteCode: string }>(sqlitePath, [
    'add-volunteer',
    '--name',
    name,
    '--phone',
    phone,
    '--town',
    town,
    '--village',
    village,
  ])
  return added.inviteCode
}

/** `admin add-staff`: the one-time password the CLI prints for the new staff member. */
export async function addStaffByCli(sqlitePath: string, staff: { stationId: string; username: string; name: string }): Promise<string> {
  const added = await runAdminJson<{ password: string }>(sqlitePath, [
    'add-staff',
    '--station',
    staff.stationId,
    '--username',
    staff.username,
    '--name',
    staff.name,
  ])
  return added.password
}
