import { parseWeeklyHours } from '../../../server/stations/opening-hours-text'
import { describeOpenings } from '../../../server/stations/station-defaults'

const days = (text: string) => parseWeeklyHours(text)?.map((opening) => `${opening.weekday} ${opening.start}-${opening.end}`)

describe('parseWeeklyHours', () => {
  it('reads hours as a door notice writes them: day runs, a lunch break, several parts', () => {
    expect(days('周一至周三 9:00-12:00')).toEqual(['1 09:00-12:00', '2 09:00-12:00', '3 09:00-12:00'])
    expect(days('周一至周五 9:00-12:00，14:00-17:30；周六 9:00-12:00')).toHaveLength(11)
    expect(days('星期一到星期二 上午9点-12点 下午2:00-5:30')).toEqual(['1 09:00-12:00', '1 14:00-17:30', '2 09:00-12:00', '2 14:00-17:30'])
    expect(days('周一、周三 9：00－12：00')).toEqual(['1 09:00-12:00', '3 09:00-12:00'])
    expect(days('工作日 9:00-17:00；周六、周日休息')).toHaveLength(5)
    expect(days('周一至周五 9:00-12:00，14:00-17:30（12:00-14:00 午休）')).toHaveLength(10)
  })

  it('reads back every text the weekly openings write', () => {
    const weekly = [
      { weekday: 1, start: '08:30', end: '11:30' },
      { weekday: 2, start: '08:30', end: '11:30' },
      { weekday: 4, start: '14:00', end: '17:00' },
      { weekday: 6, start: '09:00', end: '12:00' },
    ]
    expect(parseWeeklyHours(describeOpenings(weekly))).toEqual(weekly)
  })

  it('gives up (null) rather than guess: times without days, days without times, words it does not know', () => {
    expect(parseWeeklyHours('9:00-17:00')).toBeNull()
    expect(parseWeeklyHours('周一至周五上午')).toBeNull()
    expect(parseWeeklyHours('逢场天 9:00-12:00')).toBeNull()
    expect(parseWeeklyHours('周五至周一 9:00-12:00')).toBeNull()
    expect(parseWeeklyHours('暂停开放')).toBeNull()
  })
})
