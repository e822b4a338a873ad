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
