export default defineAppConfig({
  pages: [
    'pages/home/index',
    'pages/reports/index',
    'pages/stations/index',
    'pages/me/index',
    'pages/privacy/index',
    'pages/report/index',
    'pages/station/index',
    'pages/not-found/index',
  ],
  // booking and staff flows load only when used: the main package stays small (WeChat: 2 MB each)
  subPackages: [
    {
      root: 'packageBooking',
      pages: ['pages/book/index', 'pages/lookup/index', 'pages/staff/index', 'pages/my-station/index', 'pages/admin/index', 'pages/report-error/index'],
    },
    { root: 'packageVolunteer', pages: ['pages/login/index', 'pages/log/index', 'pages/records/index', 'pages/stats/index', 'pages/county/index'] },
  ],
  // fetch a flow's package while the user is on the page that leads to it, so weak signal later does not
  // stall it: booking from 首页 and the station page; the volunteers' package only on Wi-Fi (few residents need it)
  preloadRule: {
    'pages/home/index': { network: 'all', packages: ['packageBooking'] },
    'pages/station/index': { network: 'all', packages: ['packageBooking'] },
    'pages/me/index': { network: 'wifi', packages: ['packageVolunteer'] },
  },
  // inject only the components a page uses (Taro's pages declare theirs): faster start on old phones
  lazyCodeLoading: 'requiredComponents',
  // WeChat search indexes the public pages only (config/sitemap.json)
  sitemapLocation: 'sitemap.json',
  window: {
    navigationBarTitleText: '法治通',
    navigationBarBackgroundColor: '#0b4f8a',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f6f9',
    backgroundTextStyle: 'dark',
  },
  tabBar: {
    color: '#4a5563',
    selectedColor: '#0b4f8a',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/home/index', iconPath: 'assets/tabbar/home.png', selectedIconPath: 'assets/tabbar/home-active.png', text: '首页' },
      { pagePath: 'pages/reports/index', iconPath: 'assets/tabbar/reports.png', selectedIconPath: 'assets/tabbar/reports-active.png', text: '报告' },
      { pagePath: 'pages/stations/index', iconPath: 'assets/tabbar/stations.png', selectedIconPath: 'assets/tabbar/stations-active.png', text: '服务站' },
      { pagePath: 'pages/me/index', iconPath: 'assets/tabbar/me.png', selectedIconPath: 'assets/tabbar/me-active.png', text: '我的' },
    ],
  },
  // WeChat: privacy APIs work only after the user agrees to the 用户隐私保护指引 (since 2023-09)
  __usePrivacyCheck__: true,
  // chooseLocation: staff pick their station's place on WeChat's map (我的服务站)
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  permission: { 'scope.userLocation': { desc: '用于查找离您最近的公共法律服务站' } },
})
