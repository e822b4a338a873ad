import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { structuredReportSchema } from '../../../contracts/report'
import { runCli as runScript } from '../../support/run-cli'
import { startFakeUpstream } from '../../support/fake-upstream'

const lushan = path.resolve(__dirname, '../importers/fixtures/lushan-2023-page.html')

const runCli = (args: string[], env: Record<string, string>) => runScript({ script: 'import-report', args, env })

function storedTitles(sqlitePath: string): string[] {
  if (!fs.existsSync(sqlitePath)) return []
  const db = new SqliteDatabase(sqlitePath, { readonly: true })
  try {
    return (db.prepare('select title from reports order by title').all() as { title: string }[]).map((row) => row.title)
  } finally {
    db.close()
  }
}

describe('npm run import:report', () => {
  let dir: string
  let sqlitePath: string
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-cli-'))
    sqlitePath = path.join(dir, 'cli.db')
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('stores a report file with progress, and a second import updates nothing and duplicates nothing', async () => {
    const first = await runCli([lushan], { SQLITE_PATH: sqlitePath })
    expect(first.status).toBe(0)
    expect(first.stderr).toContain('已导入：鹿山县2023年度法治政府建设情况报告')
    const again = await runCli([lushan, '--county', '鹿山县'], { SQLITE_PATH: sqlitePath })
    expect(again.status).toBe(0)
    expect(again.stderr).toContain('内容没有变化')
    expect(storedTitles(sqlitePath)).toEqual(['鹿山县2023年度法治政府建设情况报告'])
  })

  it('with --dry-run --json prints only the structured report on stdout and stores nothing', async () => {
    const result = await runCli(['--dry-run', '--json', 'data/reports/xiushan-2023.txt'], { SQLITE_PATH: sqlitePath })
    expect(result.status).toBe(0)
    const report = structuredReportSchema.parse(JSON.parse(result.stdout))
    expect(report.meta.indexNo).toBe('11500241358692734W/2024-00016')
    expect(fs.existsSync(sqlitePath)).toBe(false)
  })

  it('with --dry-run --json on a page without a title exits 1 and prints a JSON error naming the problem, with the sections it found', async () => {
    const result = await runCli(['--dry-run', '--json', path.resolve(__dirname, '../importers/fixtures/beihe-no-title.txt')], { SQLITE_PATH: sqlitePath })
    expect(result.status).toBe(1)
    const printed = JSON.parse(result.stdout) as { error: { code: string; message: string }; report: unknown }
    expect(printed.error.code).toBe('REPORT_UNREADABLE')
    expect(printed.error.message).toContain('标题')
    expect(structuredReportSchema.parse(printed.report).sections.map((section) => section.title)).toEqual(['工作成效', '下步打算'])
    expect(result.stderr).toContain('没有在内容里找到报告标题')
    expect(fs.existsSync(sqlitePath)).toBe(false)
  })

  it('fetches a URL through the upstream client, and names the failure when the site answers 500', async () => {
    const upstream = await startFakeUpstream()
    try {
      upstream.respond((req, res) => {
        if (req.url === '/ok.html') {
          res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
          res.end(fs.readFileSync(lushan))
          return
        }
        res.writeHead(500)
        res.end()
      })
      const ok = await runCli([`${upstream.baseUrl}/ok.html`], { SQLITE_PATH: sqlitePath })
      expect(ok.status).toBe(0)
      expect(storedTitles(sqlitePath)).toEqual(['鹿山县2023年度法治政府建设情况报告'])

      const broken = await runCli([`${upstream.baseUrl}/broken.html`], { SQLITE_PATH: sqlitePath })
      expect(broken.status).toBe(1)
      expect(broken.stderr).toMatch(/导入失败：.*500/)
    } finally {
      await upstream.close()
    }
  })

  it('without a file, prints the usage and exits non-zero', async () => {
    const result = await runCli([], { SQLITE_PATH: sqlitePath })
    expect(result.status).toBe(64)
    expect(result.stderr).toContain('用法')
  })
})
