import { Picker, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { BOOKING_STATUS_LABELS } from '../../../../contracts/bookings'
import { addDays, chinaDate, chinaInstant } from '../../../../contracts/china-time'
import { LoadNotice } from '../../../components/load-notice'
import { formatDate, formatDay, formatTime } from '../../../services/bookings'
import type { StaffBooking } from '../../../services/staff'
import { StaffBookingRow } from '../../components/staff-booking-row'
import { daySections, useClock, useStaffBookings, WEEK_DAYS, type StaffDaySection } from './use-staff-bookings'

/** How far back and ahead the date picker goes: bookings are kept 180 days, slots offered up to 90 days ahead. */
const PICKER_DAYS_BACK = 180
const PICKER_DAYS_AHEAD = 90

function DaySection(props: {
  section: StaffDaySection
  today: Date
  now: number
  onChange: (updated: StaffBooking) => void
  onCancelled: (cancelled: StaffBooking[]) => void
  onSignedOut: () => void
}) {
  const { section } = props
  return (
    <View className='staff-day-section' data-testid='staff-day-section' data-date={section.date}>
      <Text className='staff-day-heading'>
        {formatDay(section.date, props.today)} · {section.active.length > 0 ? `${section.active.length} 个预约` : '没有预约'}
      </Text>
      {section.active.map((booking) => (
        <StaffBookingRow
          key={booking.id}
          booking={booking}
          now={props.now}
          onChange={props.onChange}
          onCancelled={props.onCancelled}
          onSignedOut={props.onSignedOut}
        />
      ))}
      {section.cancelled.length > 0 && (
        <View className='staff-cancelled'>
          <Text className='muted'>已取消 {section.cancelled.length} 个：</Text>
          {section.cancelled.map((booking) => (
            <Text className='muted' key={booking.id}>
              {formatTime(booking.slotStart)} {booking.name}（{BOOKING_STATUS_LABELS[booking.status]}
              {booking.cancelReason ? `：${booking.cancelReason}` : ''}）
            </Text>
          ))}
        </View>
      )}
    </View>
  )
}

/**
 * The station's bookings: today and the next 6 days, one section a day (今天 / 明天 by the BFF's
 * date, so a phone with a wrong clock still says the right day), or any other day from the picker.
 */
export function WeekList(props: { onSignedOut: () => void }) {
  const { view, setView, answer, error, loading, reload, replace, replaceAll } = useStaffBookings(props.onSignedOut)
  const [cancelNotice, setCancelNotice] = useState<string | null>(null)
  const cancelled = (bookings: StaffBooking[]) => {
    replaceAll(bookings)
    setCancelNotice(`已取消 ${bookings.length} 个预约，名额已重新放出；预约人查询时会看到取消原因。`)
  }
  const now = useClock()
  const today = answer?.today ?? chinaDate({ now: new Date() })
  // noon of the BFF's today: what formatDay compares with for 今天 / 明天 / 后天
  const todayNoon = chinaInstant({ date: today, minutes: 12 * 60 })
  const sections = answer ? daySections(answer) : []
  const count = sections.reduce((total, section) => total + section.active.length, 0)
  const week = view.kind === 'week'

  return (
    <View className='card' data-testid='staff-day'>
      <View className='staff-views' role='radiogroup' aria-label='看哪几天'>
        <View className='staff-view-slot'>
          <View
            className={`button button-secondary choice${week ? ' choice-selected' : ''}`}
            role='radio'
            aria-checked={week}
            data-testid='staff-view-week'
            onClick={() => setView({ kind: 'week' })}
          >
            {`今天起 ${WEEK_DAYS} 天`}
          </View>
        </View>
        <View className='staff-view-slot'>
          <Picker
            mode='date'
            value={view.kind === 'day' ? view.date : today}
            start={addDays({ date: today, days: -PICKER_DAYS_BACK })}
            end={addDays({ date: today, days: PICKER_DAYS_AHEAD })}
            onChange={(event) => setView({ kind: 'day', date: String(event.detail.value) })}
          >
            <View className={`button button-secondary choice${week ? '' : ' choice-selected'}`} role='radio' aria-checked={!week} data-testid='staff-view-date'>
              {view.kind === 'day' ? formatDate(view.date) : '选其他日期'}
            </View>
          </Picker>
        </View>
      </View>
      {answer && (
        <Text className='subtitle staff-gap' data-testid='staff-range'>
          {answer.days > 1 ? `${formatDate(answer.from)} 至 ${formatDate(answer.to)}` : formatDay(answer.from, todayNoon)} · 共 {count} 个预约
        </Text>
      )}
      {cancelNotice && (
        <Text className='notice' data-testid='staff-cancel-done'>
          {cancelNotice}
        </Text>
      )}
      <LoadNotice loading={loading && !answer} error={error} onRetry={() => void reload()} />
      {sections.map((section) => (
        <DaySection
          key={section.date}
          section={section}
          today={todayNoon}
          now={now}
          onChange={replace}
          onCancelled={cancelled}
          onSignedOut={props.onSignedOut}
        />
      ))}
      <View className='button button-secondary staff-gap' role='button' data-testid='staff-refresh' onClick={() => void reload()}>
        {loading && answer ? '正在刷新…' : '刷新'}
      </View>
    </View>
  )
}
