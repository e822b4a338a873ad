import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { runCli as runScript } from '../../support/run-cli'

const mixedCsv = path.resolve(__dirname, '../stations/fixtures/mixed-directory.csv')

const runCli = (args: string[], env: Record<string, string>) => runScript({ script: 'import-stations', args, env })

describe('npm run import:stations', () => {
  let dir: string
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-stations-cli-'))
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('stores the good rows, lists each rejected row with its reasons, and summarises', async () => {
    const sqlitePath = path.join(dir, 'cli.db')
    const result = await runCli([mixedCsv, '--json'], { SQLITE_PATH: sqlitePath })
    expect(result.status).toBe(0)
    const summary = JSON.parse(result.stdout) as { accepted: number; rejected: number; created: number; rejections: { row: number; reasons: string[] }[] }
    expect(summary).toMatchObject({ accepted: 5, rejected: 5, created: 5 })
    expect(result.stderr).toContain('第 6 行')
    expect(result.stderr).toMatch(/完成：接受 5 行.*拒绝 5 行/)
    const db = new SqliteDatabase(sqlitePath, { readonly: true })
    try {
      expect((db.prepare('select count(*) as n from stations').get() as { n: number }).n).toBe(5)
    } finally {
      db.close()
    }
    const again = await runCli([mixedCsv, '--json'], { SQLITE_PATH: sqlitePath })
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, updated: 5 })
  })

  it('refuses a file that is not a directory, storing nothing', async () => {
    const garbage = path.join(dir, 'garbage.json')
    fs.writeFileSync(garbage, '{"stations": [1, ')
    const result = await runCli([garbage], { SQLITE_PATH: path.join(dir, 'cli.db') })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('文件无法读取')
    expect(fs.existsSync(path.join(dir, 'cli.db'))).toBe(false)
  })
})
