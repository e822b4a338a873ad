import {
  amapMarkerUrl,
  describeWeappLocationFailure,
  fetchHomeNear,
  fetchNearest,
  fetchStation,
  fetchStations,
  fetchTowns,
  formatDistance,
  getPosition,
  loadTownStations,
  refreshDirectoryCopy,
  stationPlace,
  directoryCopyNotice,
  DIRECTORY_COPY_KEY,
  savedDirectory,
  townStationsFrom,
} from '../../../client/services/stations'
import { startBff, type BffProcess } from '../../support/bff-process'

type Success = (position: { coords: { latitude: number; longitude: number; accuracy: number } }) => void
type Failure = (error: { code: number; message: string }) => void

/** jsdom has no geolocation: each test lends `navigator` one that answers as it chooses. */
function stubGeolocation(answer: (success: Success, failure: Failure, options?: PositionOptions) => void) {
  const getCurrentPosition = jest.fn(answer)
  Object.defineProperty(window.navigator, 'geolocation', { value: { getCurrentPosition }, configurable: true })
  return getCurrentPosition
}

function removeGeolocation() {
  Object.defineProperty(window.navigator, 'geolocation', { value: undefined, configurable: true })
}

describe('formatDistance', () => {
  it.each([
    [0, '0 米'],
    [12.4, '12 米'],
    [850, '850 米'],
    [999.4, '999 米'],
    [999.6, '1 公里'],
    [1000, '1 公里'],
    [1234, '1.2 公里'],
    [1250, '1.3 公里'],
    [9949, '9.9 公里'],
    [9960, '10 公里'],
    [12_345, '12 公里'],
    [123_456, '123 公里'],
  ])('%d m → %s', (meters, text) => {
    expect(formatDistance(meters)).toBe(text)
  })
})

describe('getPosition in the browser (H5)', () => {
  afterEach(removeGeolocation)

  it('returns the WGS-84 position the browser gives, asking with a 10 s timeout and 5 min maximumAge', async () => {
    const getCurrentPosition = stubGeolocation((success) => success({ coords: { latitude: 28.4475, longitude: 108.9915, accuracy: 30 } }))
    await expect(getPosition()).resolves.toEqual({ status: 'ok', lat: 28.4475, lng: 108.9915, datum: 'wgs84' })
    expect(getCurrentPosition).toHaveBeenCalledTimes(1)
    expect(getCurrentPosition.mock.calls[0][2]).toMatchObject({ timeout: 10_000, maximumAge: 300_000 })
  })

  it('when the user refuses, resolves (never throws) with status denied and a Chinese message', async () => {
    stubGeolocation((_success, failure) => failure({ code: 1, message: 'User denied Geolocation' }))
    const result = await getPosition()
    expect(result.status).toBe('denied')
    expect(result).toHaveProperty('message', expect.stringMatching(/位置/))
  })

  it('reports a timeout and an unavailable position as such', async () => {
    stubGeolocation((_success, failure) => failure({ code: 3, message: 'Timeout expired' }))
    await expect(getPosition()).resolves.toMatchObject({ status: 'timeout' })
    stubGeolocation((_success, failure) => failure({ code: 2, message: 'Position unavailable' }))
    await expect(getPosition()).resolves.toMatchObject({ status: 'unavailable' })
  })

  it('without geolocation in the browser, says it is unavailable', async () => {
    removeGeolocation()
    await expect(getPosition()).resolves.toMatchObject({ status: 'unavailable', message: expect.stringMatching(/位置/) })
  })

  it('when getCurrentPosition itself throws, still resolves', async () => {
    stubGeolocation(() => {
      throw new Error('blocked by policy')
    })
    await expect(getPosition()).resolves.toMatchObject({ status: 'unavailable' })
  })
})

describe('WeChat getLocation failures', () => {
  it.each([
    ['getLocation:fail auth deny', 'denied'],
    ['getLocation:fail:auth denied', 'denied'],
    ['getLocation:fail privacy permission is not authorized', 'denied'],
    ['getLocation:fail system permission denied', 'denied'],
    ['getLocation:fail timeout', 'timeout'],
    ['getLocation:fail:ERROR_NOCELL&WIFI_LOCATIONSWITCHOFF', 'unavailable'],
    ['getLocation:fail:频繁调用会增加电量损耗，可考虑使用 wx.onLocationChange 监听地理位置变化', 'unavailable'],
    ['getLocation:fail something new', 'unavailable'],
  ])('%s → %s', (errMsg, status) => {
    const result = describeWeappLocationFailure(errMsg)
    expect(result.status).toBe(status)
    expect(result).toHaveProperty('message', expect.any(String))
  })

  it.each([
    ['getLocation:fail auth deny', true],
    ['getLocation:fail:auth denied', true],
    // the privacy guideline and the phone's own switch are not undone in WeChat's 设置
    ['getLocation:fail privacy permission is not authorized', false],
    ['getLocation:fail system permission denied', false],
    ['getLocation:fail timeout', false],
  ])('%s offers the way back through 设置: %s', (errMsg, offered) => {
    expect(describeWeappLocationFailure(errMsg)).toMatchObject(offered ? { canOpenSetting: true } : { status: expect.any(String) })
    if (!offered) expect(describeWeappLocationFailure(errMsg)).not.toHaveProperty('canOpenSetting')
  })
})

describe('station words and links', () => {
  it('names the place of a centre, a workstation and a workroom', () => {
    expect(stationPlace({ county: '秀山土家族苗族自治县', town: null, village: null })).toBe('秀山土家族苗族自治县')
    expect(stationPlace({ county: '秀山土家族苗族自治县', town: '隘口镇', village: null })).toBe('隘口镇')
    expect(stationPlace({ county: '秀山土家族苗族自治县', town: '隘口镇', village: '坝芒村' })).toBe('隘口镇 · 坝芒村')
  })

  it('builds the AMap marker link with lng,lat in GCJ-02', () => {
    expect(amapMarkerUrl({ lat: 28.444772, lng: 108.996043, name: '县中心' })).toBe(
      'https://uri.amap.com/marker?position=108.996043,28.444772&name=%E5%8E%BF%E4%B8%AD%E5%BF%83&coordinate=gaode&callnative=1',
    )
  })
})

describe('station API calls against the real BFF', () => {
  let bff: BffProcess
  beforeAll(async () => {
    bff = await startBff()
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
  })
  afterAll(async () => {
    delete process.env.TARO_APP_API_BASE_URL
    await bff?.stop()
    bff?.cleanup()
  })

  it('lists the towns of Xiushan with their villages, and a town’s stations, also by a former town name', async () => {
    const towns = await fetchTowns()
    const xiushan = towns.counties.find((county) => county.county === '秀山土家族苗族自治县')
    expect(xiushan?.towns.map((town) => town.name)).toEqual(expect.arrayContaining(['隘口镇', '清溪场街道', '中和街道']))
    expect(xiushan?.towns.flatMap((town) => town.villageDetails)).toHaveLength(268)
    expect(xiushan?.towns.find((town) => town.name === '隘口镇')?.villageDetails).toContainEqual({
      name: '坝芒村',
      code: '500241103212',
      stationId: '500241103212-wr',
    })
    const aikou = await fetchStations({ town: '隘口镇' })
    expect(aikou.stations[0].name).toBe('隘口镇公共法律服务工作站')
    expect(aikou.stations.filter((station) => station.tier === 'workroom')).toHaveLength(11)
    const former = await fetchStations({ town: '孝溪乡' })
    expect(new Set(former.stations.map((station) => station.town))).toEqual(new Set(['清溪场街道']))
  })

  it('ranks the located stations near a WGS-84 position and says how many have no location', async () => {
    const nearest = await fetchNearest({ lat: 28.4475, lng: 108.9915, datum: 'wgs84', limit: 3 })
    expect(nearest.datum).toBe('wgs84')
    expect(nearest.stations[0].station.id).toBe('500241-centre')
    expect(nearest.stations[0].distanceMeters).toBeLessThan(2_000)
    expect(nearest.withoutLocation).toBe(295)

    const home = await fetchHomeNear({ lat: 28.4475, lng: 108.9915, datum: 'wgs84' })
    expect(home.nearestStations.map((entry) => entry.station.id)).toEqual(['500241-centre'])
  })

  it('gives a station with the network as reported and as listed', async () => {
    const detail = await fetchStation('500241-centre')
    expect(detail.network.reported).toMatchObject({ workstations: 19, workrooms: 268 })
    expect(detail.network.listed).toEqual({ centres: 1, workstations: 27, workrooms: 268 })
  })
})

describe('the directory kept on the phone (client/services/stations)', () => {
  let bff: BffProcess
  const originalBase = process.env.TARO_APP_API_BASE_URL
  beforeAll(async () => {
    bff = await startBff()
  })
  afterAll(async () => {
    process.env.TARO_APP_API_BASE_URL = originalBase
    await bff?.stop()
    bff?.cleanup()
  })
  beforeEach(() => {
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
  })

  it('is fetched when missing, then not again within a day, and again after it', async () => {
    const day0 = new Date('2026-12-07T07:30:00+08:00')
    await refreshDirectoryCopy({ now: day0 })
    const first = savedDirectory()
    expect(first?.savedAt).toBe(day0.toISOString())
    expect(first?.stations).toHaveLength(296)
    await refreshDirectoryCopy({ now: new Date('2026-12-08T07:00:00+08:00') })
    expect(savedDirectory()?.savedAt).toBe(day0.toISOString())
    await refreshDirectoryCopy({ now: new Date('2026-12-08T07:31:00+08:00') })
    expect(savedDirectory()?.savedAt).toBe('2026-12-07T23:31:00.000Z')
  })

  it('reads a township as the BFF lists it: its workstation and workrooms, and the county centre', async () => {
    await refreshDirectoryCopy({ now: new Date() })
    const copy = savedDirectory()
    const fromCopy = townStationsFrom({ stations: copy?.stations ?? [], county: '秀山土家族苗族自治县', town: '隘口镇' })
    const online = await loadTownStations({ county: '秀山土家族苗族自治县', town: '隘口镇' })
    expect(online.savedCopy).toBeNull()
    expect(fromCopy.stations.map((station) => station.id)).toEqual(online.data.stations.map((station) => station.id))
    expect(fromCopy.centres.map((station) => station.id)).toEqual(['500241-centre'])
  })

  it('is used only during an outage, and a damaged copy is no copy', async () => {
    await refreshDirectoryCopy({ now: new Date() })
    const gone = await startBff()
    process.env.TARO_APP_API_BASE_URL = gone.baseUrl
    await gone.stop()
    gone.cleanup()
    const answer = await loadTownStations({ county: '秀山土家族苗族自治县', town: '隘口镇' })
    expect(answer.savedCopy?.reason).toBe('server')
    expect(answer.data.stations.some((station) => station.id === '500241103-ws')).toBe(true)
    localStorage.setItem(DIRECTORY_COPY_KEY, JSON.stringify({ data: { savedAt: 'x', stations: [{ id: 1 }] } }))
    expect(savedDirectory()).toBeNull()
    await expect(loadTownStations({ county: '秀山土家族苗族自治县', town: '隘口镇' })).rejects.toMatchObject({ failure: 'unreachable' })
  })

  it.each([
    ['07:30', '2026-12-07T07:30:00+08:00'],
    ['23:30', '2026-12-07T23:30:00+08:00'],
  ])('says when the copy was saved in China time (at %s, a copy from 00:10 that day, still the day before in UTC)', (_clock, now) => {
    expect(directoryCopyNotice({ copy: { savedAt: '2026-12-06T16:10:00.000Z', reason: 'offline' }, now: new Date(now) })).toBe(
      '离线：显示的是 今天 12月7日 周一 00:10 保存的服务站名录，电话和开放时间可能已有变化。',
    )
  })
})
