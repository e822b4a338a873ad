import { z } from 'zod'
import type { Station } from '../../contracts/station'
import type { TownListResponse, TownVillage } from '../../contracts/stations-api'

/**
 * A county's township units (街道/镇/乡) under their current official names, with the former names
 * that older datasets, scraped pages and people still use. One JSON file per county
 * (`data/stations/<county>-towns.json`); nothing here is specific to one county.
 */

export const townTypeSchema = z.enum(['街道', '镇', '乡'])

/** A 村 or 社区 (village-level unit: 村民委员会 / 居民委员会) of a township. */
export const villageSchema = z.object({
  /** NBS 统计用区划代码, 12 digits: the township's 9 and 3 more */
  code: z.string().regex(/^\d{12}$/),
  /** as people say it: `平所村`, `隘口社区` */
  name: z.string().min(1),
  /** the NBS name, the committee's: `平所村村民委员会` */
  officialName: z.string().min(1),
})
export type Village = z.infer<typeof villageSchema>

export const townSchema = z.object({
  /** NBS 统计用区划代码, 9 digits */
  code: z.string().regex(/^\d{9}$/),
  name: z.string().min(1),
  type: townTypeSchema,
  formerNames: z.array(
    z.object({
      name: z.string().min(1),
      /** why this old name maps here (a source, or "推断" with how it was inferred) */
      basis: z.string().min(1),
    }),
  ),
  /** the township's villages and communities, by code; empty when the registry does not list them */
  villages: z.array(villageSchema).default([]),
})
export type Town = z.infer<typeof townSchema>

export const townRegistrySchema = z
  .object({
    county: z.object({
      /** NBS county code, 6 digits */
      code: z.string().regex(/^\d{6}$/),
      name: z.string().min(1),
      /** short or older forms of the county name (`秀山县`) */
      aliases: z.array(z.string().min(1)),
    }),
    source: z.string().min(1),
    /** where the villages came from (dataset, version, vintage), when they are listed */
    villageSource: z.string().min(1).optional(),
    note: z.string().optional(),
    towns: z.array(townSchema).min(1),
  })
  .superRefine((registry, context) => {
    const seen = new Map<string, string>()
    const villageCodes = new Set<string>()
    for (const town of registry.towns) {
      if (!town.code.startsWith(registry.county.code)) {
        context.addIssue({ code: 'custom', path: ['towns'], message: `${town.name} has a code outside county ${registry.county.code}` })
      }
      const villageNames = new Set<string>()
      for (const village of town.villages) {
        if (!village.code.startsWith(town.code))
          context.addIssue({ code: 'custom', path: ['towns'], message: `${village.name} has a code outside ${town.name}` })
        if (villageCodes.has(village.code)) context.addIssue({ code: 'custom', path: ['towns'], message: `village code ${village.code} is listed twice` })
        if (villageNames.has(village.name)) context.addIssue({ code: 'custom', path: ['towns'], message: `${town.name} lists ${village.name} twice` })
        villageCodes.add(village.code)
        villageNames.add(village.name)
      }
      for (const name of [town.name, ...town.formerNames.map((former) => former.name)]) {
        const owner = seen.get(name)
        if (owner !== undefined && owner !== town.code) {
          context.addIssue({ code: 'custom', path: ['towns'], message: `${name} maps to more than one town` })
        }
        seen.set(name, town.code)
      }
    }
  })
export type TownRegistry = z.infer<typeof townRegistrySchema>

const TOWN_SUFFIX = /(?:街道办事处|街道|镇|乡)$/u

function normalisePlaceName(name: string): string {
  return name.replace(/\s+/gu, '')
}

/** `膏田乡` and `膏田镇` share the stem `膏田`: a township that only changed its suffix. */
function townStem(name: string): string {
  return name.replace(TOWN_SUFFIX, '')
}

export type TownMatch = { town: Town; matchedBy: 'name' | 'formerName' | 'stem' }

/**
 * The current township for a name as written by a person or an upstream row: the official name,
 * a recorded former name (`孝溪乡` → `清溪场街道`), or a name that differs only in its suffix
 * (`中和`, `膏田乡` → `膏田镇`) when exactly one township has that stem. A leading county name
 * (`秀山县中和街道`) is ignored. `null` when nothing matches unambiguously.
 */
export function resolveTown(params: { name: string; registry: TownRegistry }): TownMatch | null {
  const { registry } = params
  let name = normalisePlaceName(params.name)
  for (const countyName of [registry.county.name, ...registry.county.aliases].sort((a, b) => b.length - a.length)) {
    if (name.startsWith(countyName) && name.length > countyName.length) {
      name = name.slice(countyName.length)
      break
    }
  }
  if (name === '') return null

  const byName = registry.towns.find((town) => town.name === name)
  if (byName) return { town: byName, matchedBy: 'name' }
  const byFormerName = registry.towns.find((town) => town.formerNames.some((former) => former.name === name))
  if (byFormerName) return { town: byFormerName, matchedBy: 'formerName' }

  const stem = townStem(name)
  if (stem === '') return null
  const byStem = registry.towns.filter((town) => townStem(town.name) === stem)
  return byStem.length === 1 ? { town: byStem[0], matchedBy: 'stem' } : null
}

/** Whether a county name as written (`秀山县`, `秀山土家族苗族自治县`) is this registry's county. */
export function isRegistryCounty(params: { name: string; registry: TownRegistry }): boolean {
  const name = normalisePlaceName(params.name)
  const county = params.registry.county
  return name === county.name || county.aliases.includes(name)
}

const VILLAGE_SUFFIX = /(?:村民委员会|居民委员会|村委会|居委会|社区|村|居)$/u

/**
 * A township's village as written by a person or an upstream row: its name (`平所村`), its NBS
 * committee name (`平所村村民委员会`), or the name without 村/社区 (`平所`) when exactly one
 * village of the township has it. `null` when nothing matches unambiguously.
 */
export function resolveVillage(params: { name: string; town: Town }): Village | null {
  const name = normalisePlaceName(params.name)
  if (name === '') return null
  const exact = params.town.villages.find((village) => village.name === name || village.officialName === name)
  if (exact) return exact
  const stem = name.replace(VILLAGE_SUFFIX, '')
  if (stem === '') return null
  const byStem = params.town.villages.filter((village) => village.name.replace(VILLAGE_SUFFIX, '') === stem)
  return byStem.length === 1 ? byStem[0] : null
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

// one collator: localeCompare(…, 'zh-CN') builds one per comparison
const chinese = new Intl.Collator('zh-CN')

/**
 * The workroom to open for a village: a verified one first, then one the county's own directory
 * lists under another id, then the bundled entry (`<village code>-wr`).
 */
function villageWorkroom(params: { workrooms: readonly Station[]; code: string | null }): Station | null {
  const { workrooms, code } = params
  return workrooms.find((station) => station.verifiedAt !== null) ?? workrooms.find((station) => station.id !== `${code}-wr`) ?? workrooms[0] ?? null
}

/**
 * What the town → village picker offers (`GET /api/stations/towns`): every county of the
 * registries or the directory, its townships (the registry's, then any a station names), and each
 * township's villages — the registry's and any a listed workroom names — with the workroom to open.
 */
export function townList(params: { stations: readonly Station[]; registries: readonly TownRegistry[] }): TownListResponse['counties'] {
  const { registries } = params
  const byCounty = new Map<string, Station[]>()
  for (const registry of registries) byCounty.set(registry.county.name, [])
  for (const station of params.stations) pushTo(byCounty, station.county, station)
  return [...byCounty.entries()].map(([county, stations]) => {
    const registry = registries.find((candidate) => candidate.county.name === county)
    const byTown = new Map<string, Station[]>()
    for (const town of registry?.towns ?? []) byTown.set(town.name, [])
    for (const station of stations) if (station.town !== null) pushTo(byTown, station.town, station)
    return {
      county,
      towns: [...byTown.entries()].map(([name, inTown]) => {
        const registered = registry?.towns.find((town) => town.name === name)?.villages ?? []
        const named = new Map<string, Station[]>()
        for (const station of inTown) if (station.village !== null) pushTo(named, station.village, station)
        const villages: TownVillage[] = [
          ...registered.map((village) => ({ name: village.name, code: village.code })),
          ...[...named.keys()].filter((village) => !registered.some((known) => known.name === village)).map((village) => ({ name: village, code: null })),
        ]
          .map((village) => ({
            ...village,
            stationId:
              villageWorkroom({ workrooms: (named.get(village.name) ?? []).filter((station) => station.tier === 'workroom'), code: village.code })?.id ?? null,
          }))
          .sort((a, b) => chinese.compare(a.name, b.name))
        return { name, villages: villages.map((village) => village.name), villageDetails: villages, stationCount: inTown.length }
      }),
    }
  })
}
