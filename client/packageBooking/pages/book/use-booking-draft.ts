import { useCallback, useMemo, useState, type Dispatch, type SetStateAction } from 'react'
import type { Matter, Slot, SlotsResponse } from '../../../../contracts/bookings'
import type { Station } from '../../../../contracts/station'
import { fetchSlots, mobilePhoneError, type NewBooking } from '../../../services/bookings'
import { allAnswered as everyQuestionAnswered, checkEligibility, withUnsure, type EligibilityAnswers } from '../../../services/eligibility'
import { failureMessage } from '../../../services/http'
import type { Step } from './wizard'

export type AgentRole = 'volunteer' | 'staff' | 'family' | 'other'

/** 留下联系方式: the person to book for and, when someone books for them (代办), that agent. */
export interface Contact {
  name: string
  phone: string
  consent: boolean
  proxyOn: boolean
  agentName: string
  agentRole: AgentRole | null
  agentPhone: string
  personAgreed: boolean
}

const BLANK_CONTACT: Contact = { name: '', phone: '', consent: false, proxyOn: false, agentName: '', agentRole: null, agentPhone: '', personAgreed: false }

/** The error key (the server's field path) of each contact field. */
export const CONTACT_ERROR_KEYS: Record<Exclude<keyof Contact, 'proxyOn'>, string> = {
  name: 'name',
  phone: 'phone',
  consent: 'consent',
  agentName: 'proxy.agentName',
  agentRole: 'proxy.agentRole',
  agentPhone: 'proxy.agentPhone',
  personAgreed: 'proxy.personAgreed',
}

/** Field path → message, shown next to the field. */
export type FieldErrors = Record<string, string>

/** What 确认预约 may send (without the WeChat fields), or the step where something is missing. */
export type DraftCheck = { ok: true; body: NewBooking } | { ok: false; step: Step | null; notice: string | null }

/** The pre-check with every unanswered question as 不确定. */
export function fullAnswers(answers: Partial<EligibilityAnswers>): EligibilityAnswers {
  return withUnsure(answers)
}

function contactErrors(contact: Contact): FieldErrors {
  const found: FieldErrors = {}
  const trimmedName = contact.name.trim()
  if (!trimmedName) found.name = '请填写姓名'
  else if (Array.from(trimmedName).length > 30) found.name = '姓名最多 30 个字'
  const phoneError = mobilePhoneError(contact.phone)
  if (phoneError) found.phone = phoneError
  if (!contact.consent) found.consent = '请阅读并同意隐私说明'
  if (contact.proxyOn) {
    if (!contact.agentName.trim()) found['proxy.agentName'] = '请填写代办人姓名'
    if (!contact.agentRole) found['proxy.agentRole'] = '请选代办人的身份'
    const agentPhoneError = mobilePhoneError(contact.agentPhone)
    if (agentPhoneError) found['proxy.agentPhone'] = agentPhoneError
    if (!contact.personAgreed) found['proxy.personAgreed'] = '请确认本人已同意代为预约'
  }
  return found
}

/**
 * What 确认预约 may send, or the step where something is missing, with the errors to show (they
 * replace the ones shown). `phoneCode` is undefined when no SMS code is asked for.
 */
export function checkDraft(draft: {
  stationId: string
  matter: Matter | null
  description: string
  slot: Slot | null
  contact: Contact
  phoneCode: { requestId: string; code: string } | null | undefined
}): { check: DraftCheck; errors: FieldErrors } {
  const { matter, slot, contact, phoneCode } = draft
  if (!matter) return { check: { ok: false, step: 'matter', notice: null }, errors: { matter: '请选一个事项' } }
  if (!slot) return { check: { ok: false, step: 'slot', notice: null }, errors: { slotStart: '请选一个时间' } }
  const found = contactErrors(contact)
  if (phoneCode !== undefined && !(phoneCode?.requestId && /^\d{6}$/.test(phoneCode.code)))
    found['phoneCode.code'] = phoneCode?.requestId ? '请填写短信里的 6 位验证码' : '请先点“获取验证码”'
  if (Object.keys(found).length > 0) return { check: { ok: false, step: null, notice: '还有几处没填好，请看红字。' }, errors: found }
  const { agentRole } = contact
  const body: NewBooking = {
    stationId: draft.stationId,
    slotStart: slot.start,
    matter,
    description: draft.description.trim(),
    name: contact.name.trim(),
    phone: contact.phone.trim(),
    consent: true,
    ...(contact.proxyOn && agentRole
      ? { proxy: { agentName: contact.agentName.trim(), agentRole, agentPhone: contact.agentPhone.trim(), personAgreed: true as const } }
      : {}),
    ...(phoneCode ? { phoneCode } : {}),
  }
  return { check: { ok: true, body }, errors: found }
}

/**
 * A station's free slots for 选时间. Not useAction: the last failure stays on screen while a retry
 * loads (no flicker between the error and the spinner), and a chosen slot that filled up meanwhile
 * is unselected (`setSlot`).
 */
function useStationSlots(stationId: string, setSlot: Dispatch<SetStateAction<Slot | null>>) {
  const [slots, setSlots] = useState<SlotsResponse | null>(null)
  const [slotsError, setSlotsError] = useState<string | null>(null)
  const [slotsLoading, setSlotsLoading] = useState(false)
  const loadSlots = useCallback(async () => {
    if (!stationId) return
    setSlotsLoading(true)
    try {
      const answer = await fetchSlots({ stationId })
      setSlots(answer)
      setSlotsError(null)
      setSlot((current) => (current && answer.slots.some((candidate) => candidate.start === current.start && candidate.remaining > 0) ? current : null))
    } catch (failure) {
      setSlotsError(failureMessage(failure, '没有取到可预约的时间，请再试一次。'))
    } finally {
      setSlotsLoading(false)
    }
  }, [stationId, setSlot])
  return { slots, setSlots, slotsError, slotsLoading, loadSlots }
}

/** Everything the user has entered in the wizard, the station's slots, and the errors shown next to fields. */
export function useBookingDraft(stationFromLink: string) {
  const [station, setStation] = useState<{ id: string; name: string | null }>({ id: stationFromLink, name: null })
  const [answers, setAnswers] = useState<Partial<EligibilityAnswers>>({})
  const [matter, setMatter] = useState<Matter | null>(null)
  const [description, setDescription] = useState('')
  const [slot, setSlot] = useState<Slot | null>(null)
  const [contact, setContact] = useState<Contact>(BLANK_CONTACT)
  const [errors, setErrors] = useState<FieldErrors>({})

  const { slots, setSlots, slotsError, slotsLoading, loadSlots } = useStationSlots(station.id, setSlot)
  // H5 with SMS on (the slots answer's smsCodeRequired): the code proving the phone
  const [phoneCode, setPhoneCode] = useState<{ requestId: string; code: string } | null>(null)
  const smsCodeRequired = slots?.smsCodeRequired === true && process.env.TARO_ENV !== 'weapp'

  const eligibility = useMemo(() => checkEligibility({ answers: fullAnswers(answers), matter }), [answers, matter])
  const allAnswered = everyQuestionAnswered(answers)

  const clearError = (field: string) =>
    setErrors((current) => (current[field] ? Object.fromEntries(Object.entries(current).filter(([key]) => key !== field)) : current))

  const chooseStation = (chosen: Station) => {
    setStation({ id: chosen.id, name: chosen.name })
    setSlot(null)
    setSlots(null)
  }

  /** 下一步 on 什么事 and 选时间 needs their choice; false (and the error shown) when it is missing. */
  const hasChoiceFor = (step: Step): boolean => {
    if (step === 'matter' && !matter) {
      setErrors({ ...errors, matter: '请选一个事项' })
      return false
    }
    if (step === 'slot' && !slot) {
      setErrors({ ...errors, slotStart: '请先选一个时间' })
      return false
    }
    return true
  }

  /** Before 确认预约 sends anything: every step filled in, else its errors shown. */
  const check = (): DraftCheck => {
    const checked = checkDraft({ stationId: station.id, matter, description, slot, contact, phoneCode: smsCodeRequired ? phoneCode : undefined })
    setErrors(checked.errors)
    return checked.check
  }

  return {
    station,
    chooseStation,
    answers,
    setAnswers,
    eligibility,
    allAnswered,
    matter,
    setMatter,
    description,
    setDescription,
    slot,
    setSlot,
    slots,
    slotsError,
    slotsLoading,
    loadSlots,
    contact,
    setContact,
    phoneCode,
    setPhoneCode,
    smsCodeRequired,
    /** mini program with SMS on: the booking is proved with the WeChat identity (wx.login), reminders or not */
    wechatIdentityRequired: slots?.smsCodeRequired === true && process.env.TARO_ENV === 'weapp',
    errors,
    setErrors,
    clearError,
    hasChoiceFor,
    check,
  }
}

export type BookingDraft = ReturnType<typeof useBookingDraft>
