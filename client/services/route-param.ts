/** A page's query value as the router gives it (Taro's `useRouter().params`). */
export interface RouteParam {
  /** decoded once; null when the link has no such value or it is broken */
  value: string | null
  /** the value is there but not decodable: a link cut short (`%E0%A4%A`) or mangled on the way */
  broken: boolean
}

/**
 * Reads one query value of a page, never throwing: `decodeURIComponent` throws on a malformed
 * escape, and during render that would blank the page for a resident who only tapped a link.
 */
export function routeParam(params: Partial<Record<string, string>>, name: string): RouteParam {
  const raw = params[name]
  if (!raw) return { value: null, broken: false }
  try {
    return { value: decodeURIComponent(raw), broken: false }
  } catch {
    return { value: null, broken: true }
  }
}
