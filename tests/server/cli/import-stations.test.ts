import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { runCli as runScript } from '../../support/run-cli'

const mixedCsv = path.resolve(__dirname, '../stations/fixtures/mixed-directory.csv')
const gbkExport = path.resolve(__dirname, '../stations/fixtures/sifaju-export.gbk.csv')
const bomExport = path.resolve(__dirname, '../stations/fixtures/county-export.bom.csv')

interface DryRun {
  dryRun: true
  encoding: string | null
  accepted: number
  rejected: number
  stations: { id: string; name: string; county: string; phone: string | null; location: { lat: number; lng: number } | null }[]
  rejections: { row: number; line: number | null; reasons: string[]; raw: Record<string, string> }[]
  warnings: { row: number; messages: string[] }[]
  ignoredColumns: string[]
  notes: string[]
}

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

  it('--dry-run --json on a GBK export with --county: the stations as they would be stored, nothing stored', async () => {
    const sqlitePath = path.join(dir, 'cli.db')
    const result = await runCli([gbkExport, '--county', '秀山县', '--dry-run', '--json'], { SQLITE_PATH: sqlitePath })
    expect(result.status).toBe(0)
    const output = JSON.parse(result.stdout) as DryRun
    expect(output).toMatchObject({ dryRun: true, encoding: 'gb18030', accepted: 4, rejected: 0, rejections: [], warnings: [], ignoredColumns: ['序号'] })
    expect(output.notes).toEqual(['表头在文件第 2 行，前面的 1 行（标题等）没有读取'])
    expect(output.stations.map((station) => [station.name, station.county, station.phone])).toEqual([
      ['秀山土家族苗族自治县公共法律服务中心', '秀山土家族苗族自治县', '023-06661234'],
      ['清溪场街道公共法律服务工作站', '秀山土家族苗族自治县', '023-06662001转8001'],
      ['示例村公共法律服务工作室（虚构）', '秀山土家族苗族自治县', '13800000011、023-06663001'],
      ['官庄示例社区公共法律服务工作室（虚构）', '秀山土家族苗族自治县', '023-06664001、023-06664002'],
    ])
    expect(result.stderr).toContain('编码：GB18030（GBK）')
    expect(result.stderr).toContain('试运行（没有保存）：可接受 4 行，拒绝 0 行')
    expect(fs.existsSync(sqlitePath)).toBe(false)
  })

  it('--dry-run --json without --county gives a reason for every row whose county is unknown', async () => {
    const result = await runCli([gbkExport, '--dry-run', '--json'], { SQLITE_PATH: path.join(dir, 'cli.db') })
    expect(result.status).toBe(0)
    const output = JSON.parse(result.stdout) as DryRun
    expect(output.stations.map((station) => station.id)).toEqual(['500241-centre'])
    expect(output.rejections.map(({ row, line, reasons }) => ({ row, line, reasons }))).toEqual(
      [2, 3, 4].map((row) => ({
        row,
        line: row + 2,
        reasons: ['缺少区县，名称中也没有写明是哪个区县：请填写区县列（只有一个区县的文件，可在导入时用 --county 区县名 指定）（county）'],
      })),
    )
    expect(output.rejections[0].raw).toMatchObject({ 机构名称: '清溪场街道公共法律服务工作站', 联系电话: '023-0666 2001转8001' })
    expect(result.stderr).toContain('第 2 行（文件第 4 行）未导入：缺少区县')
  })

  it('stores a UTF-8 export with a BOM, saying which rows were left out and which were kept with a warning', async () => {
    const sqlitePath = path.join(dir, 'cli.db')
    const result = await runCli([bomExport, '--json'], { SQLITE_PATH: sqlitePath })
    expect(result.status).toBe(0)
    const summary = JSON.parse(result.stdout) as {
      encoding: string
      accepted: number
      rejected: number
      created: number
      warnings: { row: number; messages: string[] }[]
    }
    expect(summary).toMatchObject({ encoding: 'utf-8-bom', accepted: 3, rejected: 2, created: 3 })
    expect(summary.warnings).toEqual([{ row: 3, line: 4, messages: ['电话中的「待定」不是电话号码，没有导入（phone）'] }])
    expect(result.stderr).toContain('编码：UTF-8（带 BOM）')
    expect(result.stderr).toContain('第 3 行（文件第 4 行）已导入，请留意：电话中的「待定」')
    const db = new SqliteDatabase(sqlitePath, { readonly: true })
    try {
      expect((db.prepare('select count(*) as n from stations').get() as { n: number }).n).toBe(3)
    } finally {
      db.close()
    }
  })

  it('refuses an unknown --datum before reading anything', async () => {
    const result = await runCli([gbkExport, '--datum', 'mercator'], { SQLITE_PATH: path.join(dir, 'cli.db') })
    expect(result.status).toBe(64)
    expect(result.stderr).toContain('--datum「mercator」无法识别')
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
