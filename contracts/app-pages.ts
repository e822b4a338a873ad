// No zod here: the app's entry chunk imports page paths, and zod belongs in the shared chunk only
// (tests/e2e/h5-bundle). The schemas over these paths are in app-routes.ts.
/**
 * Every page of the client app, as listed in client/app.config.ts (a test keeps the two equal).
 * Deep links, QR codes and share paths may only point here.
 */
export const appPages = [
  'pages/home/index',
  'pages/reports/index',
  'pages/stations/index',
  'pages/me/index',
  'pages/privacy/index',
  'pages/report/index',
  'pages/station/index',
  'pages/not-found/index',
  'packageBooking/pages/book/index',
  'packageBooking/pages/lookup/index',
  'packageBooking/pages/staff/index',
  'packageBooking/pages/my-station/index',
  'packageBooking/pages/admin/index',
  'packageBooking/pages/report-error/index',
  'packageVolunteer/pages/login/index',
  'packageVolunteer/pages/log/index',
  'packageVolunteer/pages/records/index',
  'packageVolunteer/pages/stats/index',
  'packageVolunteer/pages/county/index',
] as const
export type AppPage = (typeof appPages)[number]

/** The tab bar's pages (client/app.config.ts tabBar): WeChat opens them with switchTab only, without a query. */
export const tabPages: readonly AppPage[] = ['pages/home/index', 'pages/reports/index', 'pages/stations/index', 'pages/me/index']

/** `/pages/report/index/` → `/pages/report/index` (`/` stays): Taro's browser router shows the same page for both. */
export function canonicalPathname(pathname: string): string {
  return pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname
}

/** Whether `page` (`pages/report/index`, no leading slash) is a tab page. */
export function isTabPage(page: string): boolean {
  return (tabPages as readonly string[]).includes(page)
}

/**
 * The query each page reads from its link (what `routeParam` looks up there). `pageUrl` accepts
 * only these names, so a renamed parameter is a type error at every link that still sends the old one.
 */
export const pageQueryKeys = {
  'pages/home/index': ['scene', 'q'],
  'pages/reports/index': [],
  'pages/stations/index': [],
  'pages/me/index': [],
  'pages/privacy/index': [],
  'pages/report/index': ['id', 'section'],
  'pages/station/index': ['id'],
  'pages/not-found/index': [],
  'packageBooking/pages/book/index': ['stationId'],
  'packageBooking/pages/lookup/index': ['code'],
  'packageBooking/pages/staff/index': [],
  'packageBooking/pages/my-station/index': [],
  'packageBooking/pages/admin/index': [],
  'packageBooking/pages/report-error/index': ['id', 'name'],
  'packageVolunteer/pages/login/index': ['next'],
  'packageVolunteer/pages/log/index': ['id'],
  'packageVolunteer/pages/records/index': [],
  'packageVolunteer/pages/stats/index': [],
  'packageVolunteer/pages/county/index': [],
} as const satisfies Record<AppPage, readonly string[]>

export type PageQuery<P extends AppPage> = Partial<Record<(typeof pageQueryKeys)[P][number], string | number | null | undefined>>

/**
 * The path Taro navigates to for a page: `/pages/report/index?id=…`. Values are encoded once;
 * empty ones are left out, so a link never carries `?id=` with nothing after it.
 */
export function pageUrl<P extends AppPage>(page: P, query?: PageQuery<P>): string {
  const pairs = Object.entries(query ?? {}).flatMap(([name, value]) =>
    value === null || value === undefined || value === '' ? [] : [`${name}=${encodeURIComponent(String(value))}`],
  )
  return pairs.length === 0 ? `/${page}` : `/${page}?${pairs.join('&')}`
}
