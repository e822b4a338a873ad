import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Booking, Slot, SlotsResponse } from '../../../../contracts/bookings'
import { LoadNotice } from '../../../components/load-notice'
import { PageShell } from '../../../components/page-shell'
import {
  bookAgainPath,
  bookingOffers,
  cancelBooking,
  deviceBooking,
  fetchBooking,
  fetchSlots,
  formatSlot,
  isBookingCode,
  normaliseBookingCode,
  rememberBooking,
  rescheduleBooking,
} from '../../../services/bookings'
import { RequestError } from '../../../services/http'
import { BookingDetails } from '../../components/booking-details'
import { ChoiceGrid, type Choice } from '../../../components/choice-grid'
import { CANCEL_REASON_REQUIRED, QUICK_CANCEL_REASONS, cancelReason, type QuickCancelReason } from '../../components/cancel-reason'
import { FieldError, TextField } from '../../components/fields'
import { SlotPicker } from '../../components/slot-picker'
import { PhoneLookup } from '../../components/phone-lookup'
import { routeParam } from '../../../services/route-param'
import '../../components/booking.css'
import './index.css'

type QuickReason = QuickCancelReason
const REASON_CHOICES: Choice<QuickReason>[] = QUICK_CANCEL_REASONS.map((reason) => ({ value: reason, label: reason }))

type Mode = 'view' | 'cancel' | 'reschedule'

function messageOf(failure: unknown, fallback: string): string {
  return failure instanceof RequestError ? failure.message : fallback
}

export default function LookupPage() {
  const { params } = useRouter()
  const codeFromLink = normaliseBookingCode(routeParam(params, 'code').value ?? '')
  const [code, setCode] = useState(codeFromLink)
  const [phoneLast4, setPhoneLast4] = useState(() => (codeFromLink ? (deviceBooking(codeFromLink)?.phoneLast4 ?? '') : ''))
  // 用手机验证码查 (H5): answers 404 SMS_NOT_CONFIGURED when the BFF sends no SMS, said in words
  const [byPhone, setByPhone] = useState(false)
  const [fieldErrors, setFieldErrors] = useState<{ code?: string; phoneLast4?: string }>({})
  const [booking, setBooking] = useState<Booking | null>(null)
  const [proof, setProof] = useState<{ code: string; phoneLast4: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<string | null>(null)

  const [mode, setMode] = useState<Mode>('view')
  const [quickReason, setQuickReason] = useState<QuickReason | null>(null)
  const [reasonText, setReasonText] = useState('')
  const [reasonError, setReasonError] = useState<string | null>(null)

  const [slots, setSlots] = useState<SlotsResponse | null>(null)
  const [slotsError, setSlotsError] = useState<string | null>(null)
  const [newSlot, setNewSlot] = useState<Slot | null>(null)

  const lookUp = useCallback(async (entered: { code: string; phoneLast4: string }) => {
    const errors: { code?: string; phoneLast4?: string } = {}
    if (!isBookingCode(entered.code)) errors.code = '预约码是 8 位字母和数字'
    if (!/^\d{4}$/.test(entered.phoneLast4)) errors.phoneLast4 = '请填写手机号后 4 位'
    setFieldErrors(errors)
    if (errors.code || errors.phoneLast4) return
    setBusy(true)
    setError(null)
    setDone(null)
    setMode('view')
    try {
      const found = await fetchBooking(entered)
      setBooking(found)
      setProof(entered)
      rememberBooking({
        code: found.code,
        phoneLast4: entered.phoneLast4,
        stationName: found.stationName,
        stationId: found.stationId,
        slotStart: found.slotStart,
      })
    } catch (failure) {
      setBooking(null)
      setError(messageOf(failure, '查询没有成功，请再试一次。'))
    } finally {
      setBusy(false)
    }
  }, [])

  // opened from 我的 or the success screen: this device already holds the proof
  const autoLooked = useRef(false)
  useEffect(() => {
    if (autoLooked.current || !codeFromLink) return
    autoLooked.current = true
    const stored = deviceBooking(codeFromLink)
    if (stored) void lookUp({ code: codeFromLink, phoneLast4: stored.phoneLast4 })
  }, [codeFromLink, lookUp])

  const openReschedule = async () => {
    if (!booking) return
    setMode('reschedule')
    setNewSlot(null)
    setSlotsError(null)
    try {
      setSlots(await fetchSlots({ stationId: booking.stationId }))
    } catch (failure) {
      setSlotsError(messageOf(failure, '没有取到可预约的时间，请再试一次。'))
    }
  }

  const confirmCancel = async () => {
    if (!proof) return
    const reason = cancelReason({ quick: quickReason, text: reasonText })
    if (!reason) {
      setReasonError(CANCEL_REASON_REQUIRED)
      return
    }
    setBusy(true)
    setError(null)
    try {
      const cancelled = await cancelBooking({ ...proof, reason })
      setBooking(cancelled)
      setMode('view')
      setDone('预约已取消。需要的话可以重新预约。')
    } catch (failure) {
      setError(messageOf(failure, '取消没有成功，请再试一次。'))
    } finally {
      setBusy(false)
    }
  }

  const confirmReschedule = async () => {
    if (!proof || !newSlot || !booking) return
    setBusy(true)
    setError(null)
    try {
      const moved = await rescheduleBooking({ ...proof, slotStart: newSlot.start })
      setBooking(moved)
      rememberBooking({
        code: moved.code,
        phoneLast4: proof.phoneLast4,
        stationName: moved.stationName,
        stationId: moved.stationId,
        slotStart: moved.slotStart,
      })
      setMode('view')
      setDone(`已改到 ${formatSlot({ start: moved.slotStart, end: moved.slotEnd })}。`)
    } catch (failure) {
      setError(messageOf(failure, '改期没有成功，请再试一次。'))
      if (failure instanceof RequestError && failure.code === 'SLOT_FULL') {
        setNewSlot(null)
        void fetchSlots({ stationId: booking.stationId }).then(setSlots, () => undefined)
      }
    } finally {
      setBusy(false)
    }
  }

  // 改期 / 取消 only while the booking is active and its time has not come; otherwise 再约一次
  const offers = booking ? bookingOffers({ booking, now: new Date() }) : null
  const active = offers?.canChange === true

  return (
    <PageShell>
      <Text className='title'>查找预约</Text>
      <View className='card'>
        <TextField
          label='预约码（8 位）'
          value={code}
          onInput={(value) => {
            setCode(normaliseBookingCode(value))
            setFieldErrors({ ...fieldErrors, code: undefined })
          }}
          maxlength={12}
          placeholder='例如 K7M4Q2XA'
          error={fieldErrors.code}
          hint='字母会自动变成大写；没有 0、O、1、I'
          testId='code-input'
        />
        <TextField
          label='手机号后 4 位'
          type='number'
          value={phoneLast4}
          onInput={(value) => {
            setPhoneLast4(value.replace(/\D/g, '').slice(0, 4))
            setFieldErrors({ ...fieldErrors, phoneLast4: undefined })
          }}
          maxlength={4}
          error={fieldErrors.phoneLast4}
          testId='last4-input'
        />
        <View className={`button${busy ? ' button-disabled' : ''}`} role='button' data-testid='lookup-button' onClick={() => void lookUp({ code, phoneLast4 })}>
          {busy && !booking ? '正在查询…' : '查询'}
        </View>
      </View>

      {process.env.TARO_ENV !== 'weapp' && !byPhone && (
        <View className='list-item' role='link' data-testid='phone-lookup-link' onClick={() => setByPhone(true)}>
          <Text className='text link'>忘了预约码？用手机验证码查</Text>
        </View>
      )}
      {byPhone && (
        <PhoneLookup
          onPick={(picked) => {
            setCode(picked.code)
            setPhoneLast4(picked.phoneLast4)
            void lookUp(picked)
          }}
        />
      )}

      {error && (
        <Text className='notice notice-error' data-testid='lookup-error'>
          {error}
        </Text>
      )}
      {done && (
        <Text className='notice lookup-done' data-testid='lookup-done'>
          {done}
        </Text>
      )}

      {booking && (
        <View className='card card-accent' data-testid='lookup-result'>
          <BookingDetails booking={booking} />
          {active && mode === 'view' && (
            <View className='nav-row'>
              <View className='button button-secondary' role='button' data-testid='reschedule-button' onClick={() => void openReschedule()}>
                改期
              </View>
              <View className='button button-secondary' role='button' data-testid='cancel-button' onClick={() => setMode('cancel')}>
                取消预约
              </View>
            </View>
          )}
          {offers?.rebook && (
            <View className='button' role='button' data-testid='rebook-button' onClick={() => void Taro.navigateTo({ url: bookAgainPath(booking.stationId) })}>
              再约一次
            </View>
          )}
        </View>
      )}

      {booking && active && mode === 'cancel' && (
        <View className='card' data-testid='cancel-form'>
          <Text className='subtitle'>为什么取消？</Text>
          <ChoiceGrid
            choices={REASON_CHOICES}
            value={quickReason}
            onChange={(value) => {
              setQuickReason(value === quickReason ? null : value)
              setReasonError(null)
            }}
            columns={1}
            label='取消原因'
            testIdPrefix='reason'
          />
          <TextField
            label='想多说一句（可以不写）'
            value={reasonText}
            onInput={(value) => {
              setReasonText(value)
              setReasonError(null)
            }}
            maxlength={150}
            testId='reason-input'
          />
          <FieldError message={reasonError} testId='reason-error' />
          <View className='nav-row'>
            <View className='button button-secondary button-back' role='button' onClick={() => setMode('view')}>
              不取消了
            </View>
            <View
              className={`button button-danger${busy ? ' button-disabled' : ''}`}
              role='button'
              data-testid='confirm-cancel'
              onClick={() => void confirmCancel()}
            >
              {busy ? '正在取消…' : '确认取消'}
            </View>
          </View>
        </View>
      )}

      {booking && active && mode === 'reschedule' && (
        <View className='card' data-testid='reschedule-form'>
          <Text className='subtitle'>改到哪个时间？</Text>
          <Text className='muted'>现在是：{formatSlot({ start: booking.slotStart, end: booking.slotEnd })}</Text>
          <LoadNotice loading={!slots && !slotsError} error={slotsError} onRetry={() => void openReschedule()} />
          {slots && (
            <SlotPicker
              slots={slots.slots.filter((candidate) => candidate.start !== booking.slotStart)}
              selected={newSlot?.start ?? null}
              onSelect={setNewSlot}
              isDefaultSchedule={slots.isDefaultSchedule}
              hours={slots.hours}
              leadMinutes={slots.leadMinutes}
            />
          )}
          {newSlot && <Text className='notice lookup-chosen'>改到：{formatSlot(newSlot)}</Text>}
          <View className='nav-row'>
            <View className='button button-secondary button-back' role='button' onClick={() => setMode('view')}>
              不改了
            </View>
            <View
              className={`button${!newSlot || busy ? ' button-disabled' : ''}`}
              role='button'
              aria-disabled={!newSlot || busy}
              data-testid='confirm-reschedule'
              onClick={() => void confirmReschedule()}
            >
              {busy ? '正在改期…' : '确认改期'}
            </View>
          </View>
        </View>
      )}

      <View className='card'>
        <Text className='muted'>预约码在预约成功的页面上，也保存在这台手机的“我的”里。找不到预约码可以拨打 12348，或直接到服务站。</Text>
        <View className='button button-secondary' role='button' onClick={() => void Taro.navigateTo({ url: '/packageBooking/pages/book/index' })}>
          新的预约
        </View>
      </View>
    </PageShell>
  )
}
