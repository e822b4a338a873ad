import { Picker, Text, View } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import type { Schedule, ScheduleException, StationScheduleResponse, WeeklyOpening } from '../../../contracts/bookings'
import { chinaDate } from '../../../contracts/china-time'
import { formatDay } from '../../services/bookings'
import { fetchStaffSchedule, saveStaffSchedule } from '../../services/staff'
import { RequestError } from '../../services/http'
import { useAction } from '../../hooks/use-action'
import { FieldError, TextField } from './fields'
import { OutsideHoursList } from './outside-hours-list'
import './booking.css'

const WEEKDAY_LABELS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日']

export interface Row {
  key: number
  weekday: number
  start: string
  end: string
  slotMinutes: string
  capacity: string
}

export interface ClosedDay {
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
  const { run, error } = useAction(async () => {
    try {
      setLoaded(await fetchStaffSchedule(stationId))
    } catch (failure) {
      if (failure instanceof RequestError && failure.status === 401) onSignedOut()
      else throw failure
    }
  }, '没有取到开放时间，请再试一次。')
  const load = useCallback(() => run().then(() => undefined), [run])
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
 * The schedule to save from the rows on screen, with what is wrong keyed by the server's field paths
 * (`weekly.0.end`, `closed.1`). Special open days set elsewhere and the notice/horizon settings are
 * kept as they are; a closed day listed twice is sent once.
 */
export function buildSchedule(params: { schedule: Schedule; rows: Row[]; closed: ClosedDay[] }): { schedule: Schedule; errors: Record<string, string> } {
  const { schedule, rows, closed } = params
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
    ...schedule.exceptions.filter((day) => day.kind === 'open' && !seen.has(day.date)),
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

/** The editor's rows and closed days as typed, and saving them (checked here first, then by the server). */
function useScheduleDraft(props: { loaded: StationScheduleResponse; onSaved: (saved: StationScheduleResponse) => void }) {
  const { schedule } = props.loaded
  const [rows, setRows] = useState<Row[]>(() => sorted(schedule.weekly.map(rowOf)))
  const [closed, setClosed] = useState<ClosedDay[]>(() =>
    schedule.exceptions.flatMap((exception) => (exception.kind === 'closed' ? [{ key: nextKey++, date: exception.date, reason: exception.reason ?? '' }] : [])),
  )
  const openDays = schedule.exceptions.filter((exception) => exception.kind === 'open')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [savedText, setSavedText] = useState<string | null>(null)
  const saving = useAction(async (built: Schedule) => {
    setSavedText(null)
    try {
      const saved = await saveStaffSchedule({ stationId: props.loaded.stationId, schedule: built })
      setSavedText(`已保存。居民看到的开放时间和能约的时间，从现在起都是：${saved.hours.text}`)
      props.onSaved(saved)
    } catch (failure) {
      if (failure instanceof RequestError && failure.fields) setErrors(Object.fromEntries(failure.fields.map((field) => [field.path, field.message])))
      throw failure
    }
  }, '保存没有成功，请再试一次。')
  const message = saving.error ? { text: saving.error, error: true } : savedText ? { text: savedText, error: false } : null

  const changeRow = (key: number, change: Partial<Row>) => {
    setRows(rows.map((row) => (row.key === key ? { ...row, ...change } : row)))
    setSavedText(null)
    saving.setError(null)
  }
  const changeDay = (key: number, change: Partial<ClosedDay>) => setClosed(closed.map((day) => (day.key === key ? { ...day, ...change } : day)))
  const addRow = () => {
    const last = rows[rows.length - 1]
    setRows([...rows, { key: nextKey++, weekday: last ? Math.min(7, last.weekday + 1) : 1, start: '09:00', end: '12:00', slotMinutes: '30', capacity: '2' }])
  }
  const save = () => {
    const built = buildSchedule({ schedule, rows, closed })
    setErrors(built.errors)
    if (Object.keys(built.errors).length === 0) void saving.run(built.schedule)
    else {
      setSavedText(null)
      saving.setError('有几处没填对，请看红字。')
    }
  }

  return {
    rows,
    closed,
    openDays,
    errors,
    message,
    saving: saving.busy,
    save,
    changeRow,
    changeDay,
    addRow,
    removeRow: (key: number) => setRows(rows.filter((row) => row.key !== key)),
    addDay: () => setClosed([...closed, { key: nextKey++, date: chinaDate({ now: new Date(), offsetDays: 1 }), reason: '' }]),
    removeDay: (key: number) => setClosed(closed.filter((day) => day.key !== key)),
  }
}

/**
 * 开放时间, the one place staff set them: weekly rows (weekday, start, end — a lunch break is two
 * rows —, minutes per consultation, people per slot) and the closed days. Saving publishes them:
 * the station's hours text everywhere is written from these rows and residents book exactly
 * these slots; bookings already made outside them are kept and listed below for staff to call.
 * Special open days set elsewhere and the notice/horizon settings are kept as they are.
 */
export function ScheduleEditor(props: { loaded: StationScheduleResponse; onSaved: (saved: StationScheduleResponse) => void }) {
  const { rows, closed, openDays, errors, message, saving, ...draft } = useScheduleDraft(props)
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
        <WeeklyRow
          key={row.key}
          row={row}
          errorOf={(field) => errors[`weekly.${index}${field}`]}
          onChange={(change) => draft.changeRow(row.key, change)}
          onRemove={() => draft.removeRow(row.key)}
        />
      ))}
      <View className='button button-secondary' role='button' data-testid='schedule-add-row' onClick={draft.addRow}>
        加一行
      </View>

      <Text className='field-label field-label-gap'>不开放的日子（节假日、外出等）</Text>
      {closed.length === 0 && <Text className='muted'>没有。</Text>}
      {closed.map((day, index) => (
        <ClosedDayRow
          key={day.key}
          day={day}
          error={errors[`closed.${index}`]}
          onChange={(change) => draft.changeDay(day.key, change)}
          onRemove={() => draft.removeDay(day.key)}
        />
      ))}
      <View className='button button-secondary' role='button' data-testid='schedule-add-closed' onClick={draft.addDay}>
        加一个不开放的日子
      </View>
      {openDays.length > 0 && <Text className='muted'>另有 {openDays.length} 个特别开放日，保存时保留不变。</Text>}

      {message && (
        <Text className={`notice${message.error ? ' notice-error' : ''} schedule-message`} data-testid='schedule-message'>
          {message.text}
        </Text>
      )}
      <View className={`button${saving ? ' button-disabled' : ''}`} role='button' data-testid='schedule-save' onClick={draft.save}>
        {saving ? '正在保存…' : '保存开放时间'}
      </View>
      <OutsideHoursList bookings={props.loaded.outsideHours} />
    </View>
  )
}

/** A tappable value that opens a picker (weekday, time, date). */
function PickedValue(props: { text: string; wide?: boolean }) {
  return (
    <View className={`schedule-pick${props.wide ? ' schedule-pick-wide' : ''}`} role='button'>
      {props.text}
    </View>
  )
}

/** One weekly opening: weekday, start 至 end, minutes per consultation, people per slot. `errorOf('.end')` is the error of its `end`. */
function WeeklyRow(props: { row: Row; errorOf: (field: string) => string | undefined; onChange: (change: Partial<Row>) => void; onRemove: () => void }) {
  const { row, errorOf, onChange } = props
  return (
    <View className='schedule-row' data-testid='schedule-row'>
      <View className='schedule-pickers'>
        <Picker mode='selector' range={WEEKDAY_LABELS} value={row.weekday - 1} onChange={(event) => onChange({ weekday: Number(event.detail.value) + 1 })}>
          <PickedValue text={WEEKDAY_LABELS[row.weekday - 1]} />
        </Picker>
        <Picker mode='time' value={row.start} onChange={(event) => onChange({ start: String(event.detail.value) })}>
          <PickedValue text={row.start} />
        </Picker>
        <Text className='schedule-dash'>至</Text>
        <Picker mode='time' value={row.end} onChange={(event) => onChange({ end: String(event.detail.value) })}>
          <PickedValue text={row.end} />
        </Picker>
      </View>
      <FieldError message={errorOf('.end') ?? errorOf('.start') ?? errorOf('')} />
      <View className='schedule-numbers'>
        <TextField
          label='每次几分钟'
          type='number'
          value={row.slotMinutes}
          onInput={(value) => onChange({ slotMinutes: value })}
          maxlength={3}
          error={errorOf('.slotMinutes')}
          testId='schedule-minutes'
        />
        <TextField
          label='每次几人'
          type='number'
          value={row.capacity}
          onInput={(value) => onChange({ capacity: value })}
          maxlength={2}
          error={errorOf('.capacity')}
          testId='schedule-capacity'
        />
      </View>
      <View className='button button-secondary schedule-remove' role='button' onClick={props.onRemove}>
        删除这一行
      </View>
    </View>
  )
}

/** One day the station is closed, from today on, with an optional reason. */
function ClosedDayRow(props: { day: ClosedDay; error?: string; onChange: (change: Partial<ClosedDay>) => void; onRemove: () => void }) {
  const { day, onChange } = props
  return (
    <View className='schedule-row'>
      <View className='schedule-pickers'>
        <Picker mode='date' value={day.date} start={chinaDate({ now: new Date() })} onChange={(event) => onChange({ date: String(event.detail.value) })}>
          <PickedValue text={formatDay(day.date)} wide />
        </Picker>
      </View>
      <FieldError message={props.error} />
      <TextField label='原因（可以不写）' value={day.reason} onInput={(value) => onChange({ reason: value })} maxlength={100} testId='closed-reason' />
      <View className='button button-secondary schedule-remove' role='button' onClick={props.onRemove}>
        删除这一天
      </View>
    </View>
  )
}
