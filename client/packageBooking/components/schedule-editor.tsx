import { Picker, Text, View } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import type { Schedule, ScheduleException, StationScheduleResponse, WeeklyOpening } from '../../../contracts/bookings'
import { chinaDate } from '../../../contracts/china-time'
import { formatDay } from '../../services/bookings'
import { fetchStaffSchedule, saveStaffSchedule } from '../../services/staff'
import { failureMessage, RequestError } from '../../services/http'
import { FieldError, TextField } from './fields'
import { OutsideHoursList } from './outside-hours-list'
import './booking.css'

const WEEKDAY_LABELS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日']

interface Row {
  key: number
  weekday: number
  start: string
  end: string
  slotMinutes: string
  capacity: string
}

interface ClosedDay {
  key: number
  date: string
  reason: string
}

let nextKey = 1

/**
 * A station's schedule for its staff, loaded once `enabled` (on 我的服务站 at once, on the 工作台
 * when opened); a sign-in that has lapsed goes to `onSignedOut`.
 */
export function useStaffSchedule(params: { stationId: string; onSignedOut: () => void; enabled?: boolean }) {
  const { stationId, onSignedOut } = params
  const enabled = params.enabled ?? true
  const [loaded, setLoaded] = useState<StationScheduleResponse | null>(null)
  const [error, setError] = useState<string | null>(null)
  const load = useCallback(async () => {
    setError(null)
    try {
      setLoaded(await fetchStaffSchedule(stationId))
    } catch (failure) {
      if (failure instanceof RequestError && failure.status === 401) onSignedOut()
      else setError(failureMessage(failure, '没有取到开放时间，请再试一次。'))
    }
  }, [stationId, onSignedOut])
  useEffect(() => {
    if (enabled && !loaded) void load()
  }, [enabled, loaded, load])
  return { loaded, setLoaded, error, load }
}
const rowOf = (opening: WeeklyOpening): Row => ({
  key: nextKey++,
  weekday: opening.weekday,
  start: opening.start,
  end: opening.end,
  slotMinutes: String(opening.slotMinutes),
  capacity: String(opening.capacity),
})

/** Rows in weekday order, then by start time. */
function sorted(rows: Row[]): Row[] {
  return [...rows].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start))
}

function wholeNumber(value: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(value.trim())) return null
  const number = Number(value)
  return number >= min && number <= max ? number : null
}

/**
 * 开放时间, the one place staff set them: weekly rows (weekday, start, end — a lunch break is two
 * rows —, minutes per consultation, people per slot) and the closed days. Saving publishes them:
 * the station's hours text everywhere is written from these rows and residents book exactly
 * these slots; bookings already made outside them are kept and listed below for staff to call.
 * Special open days set elsewhere and the notice/horizon settings are kept as they are.
 */
export function ScheduleEditor(props: { loaded: StationScheduleResponse; onSaved: (saved: StationScheduleResponse) => void }) {
  const { schedule } = props.loaded
  const [rows, setRows] = useState<Row[]>(() => sorted(schedule.weekly.map(rowOf)))
  const [closed, setClosed] = useState<ClosedDay[]>(() =>
    schedule.exceptions.flatMap((exception) => (exception.kind === 'closed' ? [{ key: nextKey++, date: exception.date, reason: exception.reason ?? '' }] : [])),
  )
  const openDays = schedule.exceptions.filter((exception) => exception.kind === 'open')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)
  const [saving, setSaving] = useState(false)

  const update = (key: number, change: Partial<Row>) => {
    setRows(rows.map((row) => (row.key === key ? { ...row, ...change } : row)))
    setMessage(null)
  }

  const addRow = () => {
    const last = rows[rows.length - 1]
    setRows([...rows, { key: nextKey++, weekday: last ? Math.min(7, last.weekday + 1) : 1, start: '09:00', end: '12:00', slotMinutes: '30', capacity: '2' }])
  }

  const build = (): { schedule: Schedule; errors: Record<string, string> } => {
    const found: Record<string, string> = {}
    const weekly: WeeklyOpening[] = rows.map((row, index) => {
      const slotMinutes = wholeNumber(row.slotMinutes, 10, 240)
      const capacity = wholeNumber(row.capacity, 1, 50)
      if (row.start >= row.end) found[`weekly.${index}.end`] = '结束时间要晚于开始时间'
      if (slotMinutes === null) found[`weekly.${index}.slotMinutes`] = '每次时长填 10–240 分钟'
      if (capacity === null) found[`weekly.${index}.capacity`] = '每个时段人数填 1–50'
      return { weekday: row.weekday, start: row.start, end: row.end, slotMinutes: slotMinutes ?? 0, capacity: capacity ?? 0 }
    })
    const seen = new Set<string>()
    closed.forEach((day, index) => {
      if (seen.has(day.date)) found[`closed.${index}`] = '这一天已经在列表里了'
      seen.add(day.date)
    })
    const exceptions: ScheduleException[] = [
      ...closed
        .filter((_day, index) => !found[`closed.${index}`])
        .map((day) => ({ kind: 'closed' as const, date: day.date, ...(day.reason.trim() ? { reason: day.reason.trim().slice(0, 100) } : {}) })),
      ...openDays.filter((day) => !seen.has(day.date)),
    ]
    return {
      schedule: {
        weekly,
        exceptions,
        ...(schedule.minNoticeMinutes === undefined ? {} : { minNoticeMinutes: schedule.minNoticeMinutes }),
        horizonDays: schedule.horizonDays,
      },
      errors: found,
    }
  }

  const save = async () => {
    const built = build()
    setErrors(built.errors)
    if (Object.keys(built.errors).length > 0) {
      setMessage({ text: '有几处没填对，请看红字。', error: true })
      return
    }
    setSaving(true)
    setMessage(null)
    try {
      const saved = await saveStaffSchedule({ stationId: props.loaded.stationId, schedule: built.schedule })
      setMessage({ text: `已保存。居民看到的开放时间和能约的时间，从现在起都是：${saved.hours.text}`, error: false })
      props.onSaved(saved)
    } catch (failure) {
      if (failure instanceof RequestError && failure.fields) setErrors(Object.fromEntries(failure.fields.map((field) => [field.path, field.message])))
      setMessage({ text: failure instanceof RequestError ? failure.message : '保存没有成功，请再试一次。', error: true })
    } finally {
      setSaving(false)
    }
  }

  return (
    <View data-testid='schedule-editor'>
      {props.loaded.isDefault ? (
        <Text className='notice'>现在用的是默认开放时间（居民会看到“未经服务站确认”）。按本站实际的时间改好，保存一次就算确认了。</Text>
      ) : (
        <Text className='muted' data-testid='schedule-hours'>
          居民现在看到的开放时间：{props.loaded.hours.text}
        </Text>
      )}
      <Text className='muted'>居民只能约这里的时间。有午休就分两行，如 周一 9:00 至 12:00、周一 14:00 至 17:30。</Text>
      <Text className='field-label'>每周开放</Text>
      {rows.length === 0 && <Text className='muted'>还没有开放时间，居民约不了。点“加一行”。</Text>}
      {rows.map((row, index) => (
        <View className='schedule-row' key={row.key} data-testid='schedule-row'>
          <View className='schedule-pickers'>
            <Picker
              mode='selector'
              range={WEEKDAY_LABELS}
              value={row.weekday - 1}
              onChange={(event) => update(row.key, { weekday: Number(event.detail.value) + 1 })}
            >
              <View className='schedule-pick' role='button'>
                {WEEKDAY_LABELS[row.weekday - 1]}
              </View>
            </Picker>
            <Picker mode='time' value={row.start} onChange={(event) => update(row.key, { start: String(event.detail.value) })}>
              <View className='schedule-pick' role='button'>
                {row.start}
              </View>
            </Picker>
            <Text className='schedule-dash'>至</Text>
            <Picker mode='time' value={row.end} onChange={(event) => update(row.key, { end: String(event.detail.value) })}>
              <View className='schedule-pick' role='button'>
                {row.end}
              </View>
            </Picker>
          </View>
          <FieldError message={errors[`weekly.${index}.end`] ?? errors[`weekly.${index}.start`] ?? errors[`weekly.${index}`]} />
          <View className='schedule-numbers'>
            <TextField
              label='每次几分钟'
              type='number'
              value={row.slotMinutes}
              onInput={(value) => update(row.key, { slotMinutes: value })}
              maxlength={3}
              error={errors[`weekly.${index}.slotMinutes`]}
              testId='schedule-minutes'
            />
            <TextField
              label='每次几人'
              type='number'
              value={row.capacity}
              onInput={(value) => update(row.key, { capacity: value })}
              maxlength={2}
              error={errors[`weekly.${index}.capacity`]}
              testId='schedule-capacity'
            />
          </View>
          <View
            className='button button-secondary schedule-remove'
            role='button'
            onClick={() => setRows(rows.filter((candidate) => candidate.key !== row.key))}
          >
            删除这一行
          </View>
        </View>
      ))}
      <View className='button button-secondary' role='button' data-testid='schedule-add-row' onClick={addRow}>
        加一行
      </View>

      <Text className='field-label field-label-gap'>不开放的日子（节假日、外出等）</Text>
      {closed.length === 0 && <Text className='muted'>没有。</Text>}
      {closed.map((day, index) => (
        <View className='schedule-row' key={day.key}>
          <View className='schedule-pickers'>
            <Picker
              mode='date'
              value={day.date}
              start={chinaDate({ now: new Date() })}
              onChange={(event) =>
                setClosed(closed.map((candidate) => (candidate.key === day.key ? { ...candidate, date: String(event.detail.value) } : candidate)))
              }
            >
              <View className='schedule-pick schedule-pick-wide' role='button'>
                {formatDay(day.date)}
              </View>
            </Picker>
          </View>
          <FieldError message={errors[`closed.${index}`]} />
          <TextField
            label='原因（可以不写）'
            value={day.reason}
            onInput={(value) => setClosed(closed.map((candidate) => (candidate.key === day.key ? { ...candidate, reason: value } : candidate)))}
            maxlength={100}
            testId='closed-reason'
          />
          <View
            className='button button-secondary schedule-remove'
            role='button'
            onClick={() => setClosed(closed.filter((candidate) => candidate.key !== day.key))}
          >
            删除这一天
          </View>
        </View>
      ))}
      <View
        className='button button-secondary'
        role='button'
        data-testid='schedule-add-closed'
        onClick={() => setClosed([...closed, { key: nextKey++, date: chinaDate({ now: new Date(), offsetDays: 1 }), reason: '' }])}
      >
        加一个不开放的日子
      </View>
      {openDays.length > 0 && <Text className='muted'>另有 {openDays.length} 个特别开放日，保存时保留不变。</Text>}

      {message && (
        <Text className={`notice${message.error ? ' notice-error' : ''} schedule-message`} data-testid='schedule-message'>
          {message.text}
        </Text>
      )}
      <View className={`button${saving ? ' button-disabled' : ''}`} role='button' data-testid='schedule-save' onClick={() => void save()}>
        {saving ? '正在保存…' : '保存开放时间'}
      </View>
      <OutsideHoursList bookings={props.loaded.outsideHours} />
    </View>
  )
}
