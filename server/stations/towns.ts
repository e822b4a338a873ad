import { z } from 'zod'

/**
 * A county's township units (街道/镇/乡) under their current official names, with the former names
 * that older datasets, scraped pages and people still use. One JSON file per county
 * (`data/stations/<county>-towns.json`); nothing here is specific to one county.
 */

export const townTypeSchema = z.enum(['街道', '镇', '乡'])

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
    note: z.string().optional(),
    towns: z.array(townSchema).min(1),
  })
  .superRefine((registry, context) => {
    const seen = new Map<string, string>()
    for (const town of registry.towns) {
      if (!town.code.startsWith(registry.county.code)) {
        context.addIssue({ code: 'custom', path: ['towns'], message: `${town.name} has a code outside county ${registry.county.code}` })
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
