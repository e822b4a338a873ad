import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { MATTER_LABELS, matterSchema, type Booking, type Matter, type Slot, type SlotsResponse } from '../../../../contracts/bookings'
import type { Station } from '../../../../contracts/station'
import { HotlineButton } from '../../../components/hotline-button'
import { LoadNotice } from '../../../components/load-notice'
import { PageShell } from '../../../components/page-shell'
import { useRemote } from '../../../hooks/use-remote'
import {
  askForBookingReminders,
  createBooking,
  fetchSlots,
  formatSlot,
  mobilePhoneError,
  newIdempotencyKey,
  slotsOfferedBy,
  rememberBooking,
  type NewBooking,
} from '../../../services/bookings'
import { checkEligibility, ELIGIBILITY_QUESTIONS, OUTCOME_LABELS, type Answer, type EligibilityAnswers } from '../../../services/eligibility'
import { RequestError } from '../../../services/http'
import { fetchStation, fetchStations } from '../../../services/stations'
import { BookingDetails, PapersList } from '../../components/booking-details'
import { ChoiceGrid, type Choice } from '../../components/choice-grid'
import { CheckRow, FieldError, TextAreaField, TextField } from '../../components/fields'
import { SlotPicker } from '../../components/slot-picker'
import '../../components/booking.css'
import './index.css'

type Step = 'station' | 'precheck' | 'matter' | 'slot' | 'details' | 'done'

const STEP_TITLES: Record<Exclude<Step, 'done'>, string> = {
  station: '选服务站',
  precheck: '看看能不能免审查',
  matter: '什么事',
  slot: '选时间',
  details: '留下联系方式',
}

const ANSWER_CHOICES: Choice<Answer>[] = [
  { value: 'yes', label: '是' },
  { value: 'no', label: '否' },
  { value: 'unsure', label: '不确定' },
]

const MATTER_CHOICES: Choice<Matter>[] = matterSchema.options.map((value) => ({ value, label: MATTER_LABELS[value] }))

type AgentRole = 'volunteer' | 'staff' | 'family' | 'other'
const AGENT_ROLE_CHOICES: Choice<AgentRole>[] = [
  { value: 'volunteer', label: '法律明白人' },
  { value: 'staff', label: '工作人员' },
  { value: 'family', label: '家人' },
  { value: 'other', label: '其他' },
]

const DESCRIPTION_MAX = 500

/** Which step shows a field the server complained about. */
function stepOfField(path: string): Step {
  if (path === 'slotStart' || path === 'stationId') return 'slot'
  if (path === 'matter' || path === 'description') return 'matter'
  return 'details'
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

function scrollToTop(): void {
  setTimeout(() => {
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
  }, 0)
}

function fullAnswers(answers: Partial<EligibilityAnswers>): EligibilityAnswers {
  return {
    noMeansTestCase: answers.noMeansTestCase ?? 'unsure',
    vulnerableGroup: answers.vulnerableGroup ?? 'unsure',
    receivesAssistance: answers.receivesAssistance ?? 'unsure',
    migrantWorkerWagesOrInjury: answers.migrantWorkerWagesOrInjury ?? 'unsure',
  }
}

/** 选服务站 when the page was opened without one: every station of the directory, by township. */
function StationChooser(props: { onChoose: (station: Station) => void }) {
  const load = useCallback(() => fetchStations(), [])
  const { data, error, loading, reload } = useRemote(load)
  const groups = useMemo(() => {
    const map = new Map<string, Station[]>()
    for (const station of data?.stations ?? []) {
      const key = station.town ?? `${station.county}（县城）`
      map.set(key, [...(map.get(key) ?? []), station])
    }
    // the county centres first, then the townships in the directory's order
    return [...map.entries()].sort(([, a], [, b]) => Number(b[0].tier === 'centre') - Number(a[0].tier === 'centre'))
  }, [data])
  return (
    <View data-testid='station-chooser'>
      <LoadNotice loading={loading && !data} error={error} onRetry={() => void reload()} />
      {groups.map(([town, stations]) => (
        <View className='card' key={town}>
          <Text className='subtitle'>{town}</Text>
          {stations.map((station) => (
            <View key={station.id} className='list-item' role='button' data-testid='station-choice' onClick={() => props.onChoose(station)}>
              <Text className='text link'>{station.name}</Text>
              {station.village && <Text className='muted'>{station.village}</Text>}
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}

export default function BookPage() {
  const { params } = useRouter()
  const stationFromLink = safeDecode(params.stationId ?? '')
  const [stationId, setStationId] = useState(stationFromLink)
  const [stationName, setStationName] = useState<string | null>(null)
  const steps: Exclude<Step, 'done'>[] = stationFromLink ? ['precheck', 'matter', 'slot', 'details'] : ['station', 'precheck', 'matter', 'slot', 'details']
  const [step, setStep] = useState<Step>(steps[0])

  const [answers, setAnswers] = useState<Partial<EligibilityAnswers>>({})
  const [matter, setMatter] = useState<Matter | null>(null)
  const [description, setDescription] = useState('')

  const [slots, setSlots] = useState<SlotsResponse | null>(null)
  const [slotsError, setSlotsError] = useState<string | null>(null)
  const [slotsLoading, setSlotsLoading] = useState(false)
  const [slot, setSlot] = useState<Slot | null>(null)

  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [consent, setConsent] = useState(false)
  const [proxyOn, setProxyOn] = useState(false)
  const [agentName, setAgentName] = useState('')
  const [agentRole, setAgentRole] = useState<AgentRole | null>(null)
  const [agentPhone, setAgentPhone] = useState('')
  const [personAgreed, setPersonAgreed] = useState(false)

  const [errors, setErrors] = useState<Record<string, string>>({})
  const [submitting, setSubmitting] = useState(false)
  const [submitError, setSubmitError] = useState<{ message: string; canRetry: boolean } | null>(null)
  const [slotFull, setSlotFull] = useState<{ message: string; nextSlots: Slot[] } | null>(null)
  const [booking, setBooking] = useState<Booking | null>(null)
  const [replayNote, setReplayNote] = useState(false)

  // One key per submission, reused by every retry until a booking comes back (never regenerated
  // on a failure): if a lost answer hid a booking, the retry gets that booking, not a second one.
  const idempotencyKey = useRef<string | null>(null)
  // the body last sent without an answer: what 重试 resends, byte for byte
  const unanswered = useRef<NewBooking | null>(null)

  // the station's name for the header (the page may be opened from a link or a QR code)
  const loadStation = useCallback(() => (stationId ? fetchStation(stationId) : Promise.resolve(null)), [stationId])
  const { data: stationDetail, error: stationError, reload: reloadStation } = useRemote(loadStation)
  const shownStationName = stationDetail?.station.name ?? stationName

  const loadSlots = useCallback(async () => {
    if (!stationId) return
    setSlotsLoading(true)
    try {
      const answer = await fetchSlots({ stationId })
      setSlots(answer)
      setSlotsError(null)
      // a chosen slot that filled up meanwhile is unselected
      setSlot((current) => (current && answer.slots.some((candidate) => candidate.start === current.start && candidate.remaining > 0) ? current : null))
    } catch (failure) {
      setSlotsError(failure instanceof RequestError ? failure.message : '没有取到可预约的时间，请再试一次。')
    } finally {
      setSlotsLoading(false)
    }
  }, [stationId])

  useEffect(() => {
    if (step === 'slot') void loadSlots()
  }, [step, loadSlots])

  const eligibility = useMemo(() => checkEligibility({ answers: fullAnswers(answers), matter: matter ?? 'other' }), [answers, matter])
  const allAnswered = ELIGIBILITY_QUESTIONS.every((question) => answers[question.key] !== undefined)

  const goTo = (next: Step) => {
    setStep(next)
    scrollToTop()
  }
  const stepIndex = steps.indexOf(step as Exclude<Step, 'done'>)
  const goBack = () => goTo(steps[Math.max(0, stepIndex - 1)])

  const clearError = (field: string) => {
    if (errors[field]) setErrors(({ [field]: _removed, ...rest }) => rest)
    // "还有几处没填好" goes once the user starts fixing; a 重试 offer stays
    setSubmitError((current) => (current && !current.canRetry ? null : current))
  }

  const chooseSlot = (chosen: Slot) => {
    setSlot(chosen)
    setSlotFull(null)
    setSubmitError(null)
    clearError('slotStart')
  }

  // ---------------------------------------------------------------- checks before sending

  function detailErrors(): Record<string, string> {
    const found: Record<string, string> = {}
    const trimmedName = name.trim()
    if (!trimmedName) found.name = '请填写姓名'
    else if (Array.from(trimmedName).length > 30) found.name = '姓名最多 30 个字'
    const phoneError = mobilePhoneError(phone)
    if (phoneError) found.phone = phoneError
    if (!consent) found.consent = '请阅读并同意隐私说明'
    if (proxyOn) {
      if (!agentName.trim()) found['proxy.agentName'] = '请填写代办人姓名'
      if (!agentRole) found['proxy.agentRole'] = '请选代办人的身份'
      const agentPhoneError = mobilePhoneError(agentPhone)
      if (agentPhoneError) found['proxy.agentPhone'] = agentPhoneError
      if (!personAgreed) found['proxy.personAgreed'] = '请确认本人已同意代为预约'
    }
    return found
  }

  // ---------------------------------------------------------------- sending

  const send = async (body: NewBooking) => {
    idempotencyKey.current ??= newIdempotencyKey()
    setSubmitting(true)
    setSubmitError(null)
    setSlotFull(null)
    try {
      const created = await createBooking({ booking: body, idempotencyKey: idempotencyKey.current })
      idempotencyKey.current = null
      unanswered.current = null
      rememberBooking({ code: created.code, phoneLast4: body.phone.trim().slice(-4), stationName: created.stationName, slotStart: created.slotStart, manageToken: created.manageToken })
      setBooking(created)
      goTo('done')
    } catch (failure) {
      if (!(failure instanceof RequestError)) {
        unanswered.current = body
        setSubmitError({ message: '出了点问题，请点“重试”。', canRetry: true })
        return
      }
      if (failure.failure !== 'http' || (failure.status ?? 0) >= 500 || failure.status === 429) {
        // no answer (or a broken one): the booking may or may not exist — only the same key may ask again
        if (failure.failure !== 'http' || (failure.status ?? 0) >= 500) unanswered.current = body
        setSubmitError({ message: failure.message, canRetry: true })
        return
      }
      if (failure.code === 'IDEMPOTENCY_KEY_REUSED' && unanswered.current && unanswered.current !== body) {
        // the earlier, unanswered submission did go through: fetch its booking with its own body
        setReplayNote(true)
        await send(unanswered.current)
        return
      }
      if (failure.code === 'SLOT_FULL') {
        setSlot(null)
        setSlotFull({ message: failure.message, nextSlots: slotsOfferedBy(failure) })
        void loadSlots()
        return
      }
      if (failure.fields && failure.fields.length > 0) {
        const fieldErrors = Object.fromEntries(failure.fields.map((field) => [field.path, field.message]))
        setErrors(fieldErrors)
        const order: Step[] = ['matter', 'slot', 'details']
        const first = order.find((candidate) => failure.fields?.some((field) => stepOfField(field.path) === candidate)) ?? 'details'
        if (first !== 'details') goTo(first)
      }
      setSubmitError({ message: failure.message, canRetry: false })
    } finally {
      setSubmitting(false)
    }
  }

  const submit = async () => {
    if (submitting) return
    if (!matter) {
      goTo('matter')
      setErrors({ matter: '请选一个事项' })
      return
    }
    if (!slot) {
      goTo('slot')
      setErrors({ slotStart: '请选一个时间' })
      return
    }
    const found = detailErrors()
    setErrors(found)
    if (Object.keys(found).length > 0) {
      setSubmitError({ message: '还有几处没填好，请看红字。', canRetry: false })
      return
    }
    // mini program: the reminder subscription must be asked inside this tap, before anything else
    const wechat = await askForBookingReminders()
    const body: NewBooking = {
      stationId,
      slotStart: slot.start,
      matter,
      description: description.trim(),
      name: name.trim(),
      phone: phone.trim(),
      consent: true,
      ...(proxyOn && agentRole ? { proxy: { agentName: agentName.trim(), agentRole, agentPhone: agentPhone.trim(), personAgreed: true as const } } : {}),
      ...(wechat.wechatCode ? { wechatCode: wechat.wechatCode } : {}),
      ...(wechat.remindersAccepted !== undefined ? { remindersAccepted: wechat.remindersAccepted } : {}),
    }
    await send(body)
  }

  const retry = () => {
    if (unanswered.current) void send(unanswered.current)
    else void submit()
  }

  // ---------------------------------------------------------------- screens

  if (step === 'done' && booking) {
    const papers = checkEligibility({ answers: fullAnswers(answers), matter: booking.matter }).papers
    return (
      <PageShell>
        <View data-testid='booking-success'>
          <Text className='title'>预约成功</Text>
          {replayNote && <Text className='notice'>您前一次提交其实已经成功了，下面就是那次的预约（没有重复预约）。</Text>}
          <View className='card card-accent'>
            <View className='code-box'>
              <Text className='code-label'>您的预约码</Text>
              <Text className='booking-code' data-testid='booking-code'>
                {booking.code}
              </Text>
              <Text className='code-note'>
                记下预约码，<Text className='code-note-tail'>查询或取消要用</Text>
              </Text>
            </View>
            <BookingDetails booking={booking} hideCode />
            <View className='button button-secondary' role='button' onClick={() => void Taro.setClipboardData({ data: booking.code }).catch(() => undefined)}>
              复制预约码
            </View>
          </View>
          <View className='card'>
            <Text className='subtitle'>去的时候带上</Text>
            <PapersList papers={papers} />
            <Text className='muted'>没有的材料也可以先去，工作人员会告诉您怎么补。到了说出预约码就行。</Text>
          </View>
          <View
            className='button'
            role='button'
            data-testid='open-lookup'
            onClick={() => void Taro.navigateTo({ url: `/packageBooking/pages/lookup/index?code=${booking.code}` })}
          >
            查看、改期或取消
          </View>
          <View className='button button-secondary' role='button' onClick={() => void Taro.switchTab({ url: '/pages/home/index' })}>
            回到首页
          </View>
        </View>
      </PageShell>
    )
  }

  // what the last 确认预约 got back; shown on whichever step the user is sent to
  const submitNotices = (
    <>
      {slotFull && (
        <View className='notice notice-error' role='alert' data-testid='slot-full-notice'>
          <Text>{slotFull.message}</Text>
          {slotFull.nextSlots.map((offered) => (
            <View key={offered.start} className='button' role='button' data-testid='next-slot' onClick={() => chooseSlot(offered)}>
              {formatSlot(offered)}（剩 {offered.remaining} 个）
            </View>
          ))}
          {slotFull.nextSlots.length === 0 && <HotlineButton />}
        </View>
      )}
      {submitError && (
        <View className='notice notice-error' role='alert' data-testid='submit-error'>
          <Text>{submitError.message}</Text>
          {submitError.canRetry && (
            <View className='button' role='button' data-testid='retry-button' onClick={retry}>
              重试
            </View>
          )}
        </View>
      )}
    </>
  )

  const progress = stepIndex >= 0 ? `第 ${stepIndex + 1} 步，共 ${steps.length} 步` : ''

  return (
    <PageShell>
      <Text className='step-progress' data-testid='step-progress'>
        {progress}
      </Text>
      <Text className='title step-title'>{STEP_TITLES[step as Exclude<Step, 'done'>]}</Text>
      {shownStationName && step !== 'station' && (
        <Text className='muted book-station' data-testid='book-station'>
          {shownStationName}
        </Text>
      )}
      {stationError && step !== 'station' && (
        <View className='notice notice-error' role='alert'>
          <Text>{stationError}</Text>
          <View className='button' role='button' onClick={() => void reloadStation()}>
            重试
          </View>
        </View>
      )}

      {step === 'station' && (
        <>
          <Text className='text book-intro'>选您要去的服务站。咨询免费。</Text>
          <StationChooser
            onChoose={(station) => {
              setStationId(station.id)
              setStationName(station.name)
              setSlot(null)
              setSlots(null)
              goTo('precheck')
            }}
          />
        </>
      )}

      {step === 'precheck' && (
        <View data-testid='precheck'>
          <Text className='text book-intro'>回答 4 个问题，看看申请法律援助时能不能免予经济困难审查。只是帮您了解，不影响预约，不清楚可以选“不确定”。</Text>
          <View className='card'>
            {ELIGIBILITY_QUESTIONS.map((question) => (
              <View className='question' key={question.key}>
                <Text className='question-article'>法律援助法{question.article}</Text>
                <Text className='question-text'>{question.question}</Text>
                <ChoiceGrid
                  choices={ANSWER_CHOICES}
                  value={answers[question.key] ?? null}
                  onChange={(answer) => setAnswers({ ...answers, [question.key]: answer })}
                  columns={3}
                  label={question.question}
                  testIdPrefix={`precheck-${question.key}`}
                />
              </View>
            ))}
          </View>
          {allAnswered && (
            <View className='card card-accent' data-testid='precheck-result' role='status'>
              <Text className={`outcome outcome-${eligibility.outcome}`} data-testid='precheck-outcome'>
                {OUTCOME_LABELS[eligibility.outcome]}
              </Text>
              <Text className='text'>{eligibility.summary}</Text>
              <Text className='subtitle book-gap'>逐条看</Text>
              {eligibility.criteria.map((criterion) => (
                <View className='criterion' key={criterion.article}>
                  <Text className='question-article'>法律援助法{criterion.article}</Text>
                  <Text className={`text${criterion.answer === 'yes' ? ' criterion-yes' : ''}`}>{criterion.explanation}</Text>
                </View>
              ))}
              <Text className='subtitle book-gap'>要准备的材料</Text>
              <PapersList papers={eligibility.papers} />
              <Text className='muted'>这只是初步参考，以服务站审查为准。咨询本身免费。</Text>
            </View>
          )}
        </View>
      )}

      {step === 'matter' && (
        <View data-testid='matter-step'>
          {submitNotices}
          <View className='card'>
            <Text className='field-label'>选一个最接近的</Text>
            <ChoiceGrid
              choices={MATTER_CHOICES}
              value={matter}
              onChange={(value) => {
                setMatter(value)
                clearError('matter')
              }}
              columns={2}
              label='事项'
              testIdPrefix='matter'
            />
            <FieldError message={errors.matter} testId='matter-error' />
          </View>
          <View className='card'>
            <TextAreaField
              label='简单说说（可以不写）'
              value={description}
              onInput={(value) => {
                setDescription(Array.from(value).slice(0, DESCRIPTION_MAX).join(''))
                clearError('description')
              }}
              maxlength={DESCRIPTION_MAX}
              placeholder='例如：在工地干了 3 个月，老板欠 8000 元工资没给'
              error={errors.description}
              testId='description'
            />
            <Text className='field-hint'>不用写身份证号。到了服务站再细说。</Text>
          </View>
        </View>
      )}

      {step === 'slot' && (
        <View data-testid='slot-step'>
          {submitNotices}
          <LoadNotice loading={slotsLoading && !slots} error={slotsError} onRetry={() => void loadSlots()} />
          {slots && (
            <View className='card'>
              <SlotPicker slots={slots.slots} selected={slot?.start ?? null} onSelect={chooseSlot} isDefaultSchedule={slots.isDefaultSchedule} />
              <FieldError message={errors.slotStart} testId='slot-error' />
            </View>
          )}
          {slot && (
            <Text className='notice book-chosen' data-testid='chosen-slot'>
              已选：{formatSlot(slot)}
            </Text>
          )}
        </View>
      )}

      {step === 'details' && (
        <View data-testid='details-step'>
          <View className='card'>
            <View className='summary-row'>
              <Text className='summary-label'>事项</Text>
              <Text className='summary-value'>{matter ? MATTER_LABELS[matter] : '未选'}</Text>
            </View>
            <View className='summary-row'>
              <Text className='summary-label'>时间</Text>
              <Text className='summary-value' data-testid='summary-time'>
                {slot ? formatSlot(slot) : '未选'}
              </Text>
            </View>
            <View className='button button-secondary' role='button' onClick={() => goTo('slot')}>
              改时间
            </View>
          </View>

          <View className='card'>
            <TextField
              label={proxyOn ? '当事人姓名' : '您的姓名'}
              value={name}
              onInput={(value) => {
                setName(value)
                clearError('name')
              }}
              maxlength={30}
              error={errors.name}
              testId='name-input'
            />
            <TextField
              label={proxyOn ? '当事人手机号' : '您的手机号'}
              type='number'
              value={phone}
              onInput={(value) => {
                setPhone(value.replace(/\D/g, '').slice(0, 11))
                clearError('phone')
              }}
              maxlength={11}
              hint='查询、取消预约要用手机号后 4 位'
              error={errors.phone}
              testId='phone-input'
            />
          </View>

          <View className='card'>
            <CheckRow
              checked={proxyOn}
              onChange={(checked) => {
                setProxyOn(checked)
                setErrors(({ ['proxy.agentName']: _a, ['proxy.agentRole']: _b, ['proxy.agentPhone']: _c, ['proxy.personAgreed']: _d, ...rest }) => rest)
              }}
              testId='proxy-toggle'
            >
              我是替别人预约（代办）
            </CheckRow>
            {proxyOn && (
              <View data-testid='proxy-fields'>
                <TextField
                  label='代办人姓名'
                  value={agentName}
                  onInput={(value) => {
                    setAgentName(value)
                    clearError('proxy.agentName')
                  }}
                  maxlength={30}
                  error={errors['proxy.agentName']}
                  testId='agent-name'
                />
                <View className='field'>
                  <Text className='field-label'>代办人是</Text>
                  <ChoiceGrid
                    choices={AGENT_ROLE_CHOICES}
                    value={agentRole}
                    onChange={(value) => {
                      setAgentRole(value)
                      clearError('proxy.agentRole')
                    }}
                    columns={2}
                    label='代办人身份'
                    testIdPrefix='agent-role'
                  />
                  <FieldError message={errors['proxy.agentRole']} testId='agent-role-error' />
                </View>
                <TextField
                  label='代办人手机号'
                  type='number'
                  value={agentPhone}
                  onInput={(value) => {
                    setAgentPhone(value.replace(/\D/g, '').slice(0, 11))
                    clearError('proxy.agentPhone')
                  }}
                  maxlength={11}
                  error={errors['proxy.agentPhone']}
                  testId='agent-phone'
                />
                <CheckRow
                  checked={personAgreed}
                  onChange={(checked) => {
                    setPersonAgreed(checked)
                    clearError('proxy.personAgreed')
                  }}
                  error={errors['proxy.personAgreed'] ?? errors.proxy}
                  testId='person-agreed'
                >
                  本人已同意代为预约
                </CheckRow>
              </View>
            )}
          </View>

          <View className='card'>
            <CheckRow
              checked={consent}
              onChange={(checked) => {
                setConsent(checked)
                clearError('consent')
              }}
              error={errors.consent}
              testId='consent'
            >
              我已阅读并同意隐私说明：姓名、手机号只用于这次预约
            </CheckRow>
            <View className='list-item' role='link' data-testid='privacy-link' onClick={() => void Taro.navigateTo({ url: '/pages/privacy/index' })}>
              <Text className='text link'>看隐私说明</Text>
            </View>
          </View>

          {submitNotices}
          <View className={`button book-submit${submitting ? ' button-disabled' : ''}`} role='button' aria-disabled={submitting} data-testid='submit-button' onClick={() => void submit()}>
            {submitting ? '正在提交…' : '确认预约'}
          </View>
        </View>
      )}

      {step !== 'station' && (
        <View className='nav-row'>
          {stepIndex > 0 && (
            <View className='button button-secondary button-back' role='button' data-testid='back-button' onClick={goBack}>
              上一步
            </View>
          )}
          {step !== 'details' && (
            <View
              className='button'
              role='button'
              data-testid='next-button'
              onClick={() => {
                if (step === 'matter' && !matter) {
                  setErrors({ ...errors, matter: '请选一个事项' })
                  return
                }
                if (step === 'slot' && !slot) {
                  setErrors({ ...errors, slotStart: '请先选一个时间' })
                  return
                }
                goTo(steps[stepIndex + 1])
              }}
            >
              {step === 'precheck' && !allAnswered ? '跳过，下一步' : '下一步'}
            </View>
          )}
        </View>
      )}
    </PageShell>
  )
}
