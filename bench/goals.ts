/**
 * Every goal and limit the benchmarks print beside their rows (DESIGN.md "Budgets", issue 24), in
 * one module without dependencies so the pure table and history code can import it. Limits are
 * enforced by CI (`npm run sizes`); goals are only printed, never asserted on time.
 */

const KIB = 1024

/** WeChat refuses a package above this */
export const WEAPP_PACKAGE_LIMIT = 2 * KIB * KIB
/** what we aim for in the mini program's main package (a bare Taro app is ~310 KB) */
export const WEAPP_MAIN_PACKAGE_GOAL = 420 * KIB

/** CI fails above this many bytes of JavaScript on the wire for either H5 entry page */
export const H5_JS_WIRE_LIMIT = 170 * KIB
/**
 * JavaScript on the wire before the first interaction, per page (keyed by the names of
 * `benchPages`): the reader is a document (HTML first, the app booted on demand).
 */
export const H5_JS_WIRE_GOALS: Readonly<Record<string, number>> = { 首页: 100 * KIB, 读报告: 30 * KIB }

/** the page's goal, `null` for a page without one */
export function h5JsWireGoal(page: string): number | null {
  return Object.hasOwn(H5_JS_WIRE_GOALS, page) ? H5_JS_WIRE_GOALS[page] : null
}

/** Lighthouse 12 mobile, performance category, on 首页 and on the reader */
export const LIGHTHOUSE_SCORE_GOAL = 95
export const TBT_GOAL_MS = 200
/** time to interactive: Lighthouse still computes it (audit `interactive`), outside the score */
export const TTI_GOAL_MS = 2500
export const LCP_GOAL_MS = 2000

/** a page whose Lighthouse score fell by more than this since the last recorded run is a regression */
export const LIGHTHOUSE_REGRESSION_POINTS = 5

/** budgets of the server benchmarks, as DESIGN.md states them */
export const NEAREST_US_PER_QUERY_GOAL = 15
export const NEAREST_SPEEDUP_GOAL = 1000
export const NEAREST_VS_BARE_GOAL = 0.7
export const REPORT_VS_SAME_BYTES_GOAL = 0.5
export const BOOKINGS_VS_HEALTH_GOALS: Readonly<Record<'sqlite' | 'postgres', number>> = { sqlite: 0.2, postgres: 0.25 }
export const DIRECTORY_MAX_BLOCK_GOAL_MS = 50
export const REPORT_PARSE_GOAL_MS = 50
