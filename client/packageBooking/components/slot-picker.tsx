import { Text, View } from '@tarojs/components'
import { useEffect, useMemo, useState } from 'react'
import type { BookableHours, Slot } from '../../../contracts/bookings'
import { formatDate, formatDay, formatTime, nearDayWord, slotsByDay } from '../../services/bookings'
import '../../components/choice-grid.css'
import './booking.css'

/** The station's hours, the same words its page shows, and how late a slot can still be booked. */
function HoursNote(props: { hours?: BookableHours; leadMinutes?: number }) {
  if (!props.hours) return null
  return (
    <View className='slot-hours' data-testid='slot-hours'>
      <Text className='text'>开放时间：{props.hours.text}</Text>
      {props.leadMinutes !== undefined && props.leadMinutes > 0 && <Text className='muted'>今天的时段也能约，至少提前 {props.leadMinutes} 分钟。</Text>}
    </View>
  )
}

/** A day or a slot: a radio with its main words and how many places are left; a full one looks disabled. */
function ChoiceButton(props: {
  selected: boolean
  full: boolean
  /** a full slot says so to screen readers too (a full day can still be opened to see its slots) */
  disabledWhenFull?: boolean
  testId: string
  start?: string
  main: string
  sub: string
  onClick: () => void
}) {
  return (
    <View
      className={`button button-secondary choice${props.selected ? ' choice-selected' : ''}${props.full ? ' choice-disabled' : ''}`}
      role='radio'
      aria-checked={props.selected}
      aria-disabled={props.disabledWhenFull ? props.full : undefined}
      data-testid={props.testId}
      data-start={props.start}
      onClick={props.onClick}
    >
      <Text className='slot-main'>{props.main}</Text>
      <Text className='slot-sub'>{props.sub}</Text>
    </View>
  )
}

/**
 * 选时间: the days that have slots (each says how many places are left), then that day's slots.
 * Full slots stay visible but cannot be chosen.
 */
export function SlotPicker(props: {
  slots: readonly Slot[]
  selected: string | null
  onSelect: (slot: Slot) => void
  isDefaultSchedule: boolean
  hours?: BookableHours
  leadMinutes?: number
}) {
  const days = useMemo(() => slotsByDay(props.slots), [props.slots])
  const firstFreeDay = days.find((day) => day.free > 0)?.date ?? days[0]?.date ?? null
  const [day, setDay] = useState<string | null>(props.selected?.slice(0, 10) ?? firstFreeDay)

  // a new list (e.g. after 约满 or a reload) may no longer have the shown day
  useEffect(() => {
    if (!days.some((entry) => entry.date === day)) setDay(props.selected?.slice(0, 10) ?? firstFreeDay)
  }, [days, day, firstFreeDay, props.selected])

  if (days.length === 0) {
    return (
      <View>
        <HoursNote hours={props.hours} leadMinutes={props.leadMinutes} />
        <Text className='notice' data-testid='no-slots'>
          近期没有可以预约的时段。可以拨打 12348 咨询，或在开放时间直接到服务站。
        </Text>
      </View>
    )
  }
  const shown = days.find((entry) => entry.date === day)
  return (
    <View data-testid='slot-picker'>
      <HoursNote hours={props.hours} leadMinutes={props.leadMinutes} />
      {props.isDefaultSchedule && (
        <Text className='notice' data-testid='default-schedule-note'>
          默认开放时间，未经服务站确认。去之前最好先打电话问一下。
        </Text>
      )}
      <Text className='field-label'>哪一天</Text>
      <View className='choice-grid choice-grid-2 day-grid' role='radiogroup' aria-label='日期'>
        {days.map((entry) => (
          <ChoiceButton
            key={entry.date}
            selected={entry.date === day}
            full={entry.free === 0}
            testId='day-button'
            main={formatDate(entry.date)}
            sub={[nearDayWord(entry.date), entry.free === 0 ? '已约满' : `剩 ${entry.free} 个`].filter(Boolean).join('，')}
            onClick={() => setDay(entry.date)}
          />
        ))}
      </View>
      {shown && (
        <View>
          <Text className='field-label field-label-gap'>{formatDay(shown.date)} 的时间</Text>
          <View className='choice-grid choice-grid-2 slot-grid' role='radiogroup' aria-label='时间'>
            {shown.slots.map((slot) => {
              const full = slot.remaining === 0
              return (
                <ChoiceButton
                  key={slot.start}
                  selected={slot.start === props.selected}
                  full={full}
                  disabledWhenFull
                  testId={full ? 'slot-full' : 'slot-button'}
                  start={slot.start}
                  main={`${formatTime(slot.start)}–${formatTime(slot.end)}`}
                  sub={full ? '已约满' : `剩 ${slot.remaining} 个`}
                  onClick={() => {
                    if (!full) props.onSelect(slot)
                  }}
                />
              )
            })}
          </View>
        </View>
      )}
    </View>
  )
}
