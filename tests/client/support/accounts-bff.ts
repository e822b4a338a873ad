import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loginResponseSchema, type LoginResponse } from '../../../contracts'
import { startBff, type BffProcess } from '../../support/bff-process'
import { runCli } from '../../support/run-cli'

export interface AccountsBff {
  bff: BffProcess
  /** the BFF's environment (its own SQLite file), for the admin CLI on the same database */
  env: Record<string, string>
  /**
   * Adds an account with `npm run admin -- <args> --username <username>` and signs it in (the
   * printed one-time password replaced by a password of its own): the sign-in as the BFF answers it.
   */
  addAndSignIn(args: string[], username: string): Promise<LoginResponse>
  close(): Promise<void>
}

/** A real BFF on a SQLite file of its own, whose accounts a page test makes with the admin CLI. */
export async function startAccountsBff(name: string): Promise<AccountsBff> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `fzt-${name}-`))
  const env = { SQLITE_PATH: path.join(dataDir, 'fazhitong.db'), LOG_LEVEL: 'warn' }
  const bff = await startBff({ env })
  return {
    bff,
    env,
    async addAndSignIn(args, username) {
      const added = await runCli({ script: 'admin', args: [...args, '--username', username, '--json'], env })
      if (added.status !== 0) throw new Error(`admin ${args[0]} failed: ${added.stderr}`)
      const { password } = JSON.parse(added.stdout.trim().split('\n').at(-1) ?? '{}') as { password: string }
      const login = await fetch(`${bff.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password, newPassword: 'own-password-2026' }),
      })
      if (login.status !== 200) throw new Error(`sign-in of ${username} answered ${login.status}`)
      return loginResponseSchema.parse(await login.json())
    },
    async close() {
      await bff.stop()
      bff.cleanup()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
