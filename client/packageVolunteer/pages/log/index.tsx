import Taro, { useRouter } from '@tarojs/taro'
import { Input, Picker, Text, Textarea, View } from '@tarojs/components'
import { useCallback, useMemo, useState } from 'react'
import {
  AGREEMENT_LABELS,
  DISPUTE_TYPE_LABELS,
  MEDIATION_OUTCOME_LABELS,
  MEDIATION_SOURCE_LABELS,
  agreementSchema,
  disputeTypeSchema,
  mediationOutcomeSchema,
  mediationRecordInputSchema,
  mediationSourceSchema,
  type CreateMediationRequest,
  type DisputeType,
} from '../../../../contracts/mediations'
import type { TownListResponse } from '../../../../contracts/stations-api'
import { PageShell } from '../../../components/page-shell'
import { RequestError } from '../../../services/http'
import {
  cachedRecords,
  chinaDate,
  chinaMonth,
  formatDate,
  formatMonth,
  mediationOutbox,
  newRecordId,
  ownerOf,
  saveToOutbox,
  syncOutbox,
  toRecordInput,
  type VolunteerSession,
} from '../../../services/mediations'
import { OutboxStorageError } from '../../../services/outbox'
import { fetchTowns } from '../../../services/stations'
import { CheckRow, Choices, Section, Stepper, type Choice } from '../../components/controls'
import { LOG_PAGE, RECORDS_PAGE, useOutbox, useVolunteerGate } from '../../components/session'
import { SyncBanner } from '../../components/sync-banner'
import '../../components/volunteer.css'

type MediationInput = Extract<CreateMediationRequest, { kind: 'mediation' }>
type Source = MediationInput['source']
type Outcome = MediationInput['outcome']
type Agreement = MediationInput['agreement']

const TYPE_CHOICES: Choice<DisputeType>[] = disputeTypeSchema.options.map((value) => ({ value, label: DISPUTE_TYPE_LABELS[value] }))
const SOURCE_CHOICES: Choice<Source>[] = mediationSourceSchema.options.map((value) => ({ value, label: MEDIATION_SOURCE_LABELS[value] }))
const OUTCOME_CHOICES: Choice<Outcome>[] = mediationOutcomeSchema.options.map((value) => ({ value, label: MEDIATION_OUTCOME_LABELS[value] }))
const AGREEMENT_CHOICES: Choice<Agreement>[] = agreementSchema.options.map((value) => ({ value, label: AGREEMENT_LABELS[value] }))
/** where disputes are usually handed on: a tap instead of typing */
const REFERRAL_SUGGESTIONS = ['司法所', '派出所', '人民法院', '信访办', '乡镇人民调解委员会']
const SUMMARY_MAX = 1000

interface Draft {
  id: string
  occurredOn: string
  town: string
  village: string
  disputeType: DisputeType | null
  source: Source | null
  partiesCount: number
  partyNames: string
  summary: string
  outcome: Outcome | null
  referredTo: string
  agreement: Agreement | null
  amount: string
  involvesPayment: boolean
}

type Errors = Partial<Record<keyof Draft | 'form', string>>

function blankDraft(session: VolunteerSession | null, keep?: Pick<Draft, 'occurredOn' | 'town' | 'village'>): Draft {
  return {
    id: newRecordId(),
    occurredOn: keep?.occurredOn ?? chinaDate(),
    town: keep?.town ?? session?.town ?? '',
    village: keep?.village ?? session?.village ?? '',
    disputeType: null,
    source: null,
    partiesCount: 2,
    partyNames: '',
    summary: '',
    outcome: null,
    referredTo: '',
    agreement: null,
    amount: '',
    involvesPayment: false,
  }
}

function draftOf(record: MediationInput): Draft {
  return {
    id: record.id,
    occurredOn: record.occurredOn,
    town: record.town,
    village: record.village,
    disputeType: record.disputeType,
    source: record.source,
    partiesCount: record.partiesCount,
    partyNames: (record.partyNames ?? []).join('、'),
    summary: record.summary ?? '',
    outcome: record.outcome,
    referredTo: record.referredTo ?? '',
    agreement: record.agreement,
    amount: record.amountYuan !== undefined ? String(record.amountYuan) : '',
    involvesPayment: record.involvesPayment ?? false,
  }
}

function splitNames(text: string): string[] {
  return text
    .split(/[,，、;；\s]+/)
    .map((name) => name.trim())
    .filter(Boolean)
}

/** The names as the server will keep them: family name and `*`. */
function maskedNames(text: string): string[] {
  return splitNames(text).map((name) => `${Array.from(name)[0]}*`)
}

/** Checks the draft the way the server will (same schema), with Chinese words for what is missing. */
function check(draft: Draft, today: string): { record: MediationInput | null; errors: Errors } {
  const errors: Errors = {}
  if (!draft.occurredOn) errors.occurredOn = '请选调解日期'
  else if (draft.occurredOn > today) errors.occurredOn = '日期不能晚于今天'
  if (!draft.town.trim()) errors.town = '请选乡镇'
  if (!draft.village.trim()) errors.village = '请填写村（社区）'
  if (!draft.disputeType) errors.disputeType = '请选纠纷类型'
  if (!draft.source) errors.source = '请选纠纷从哪里来'
  if (!draft.outcome) errors.outcome = '请选调解结果'
  if (draft.outcome === 'referred' && !draft.referredTo.trim()) errors.referredTo = '请写明转交给谁'
  if (draft.outcome === 'success' && !draft.agreement) errors.agreement = '请选有没有协议'
  const names = splitNames(draft.partyNames)
  if (names.some((name) => Array.from(name).length > 20)) errors.partyNames = '每个名字最多 20 个字'
  else if (names.length > 50) errors.partyNames = '最多 50 个名字'
  const amountText = draft.amount.trim()
  const amount = amountText ? Number(amountText) : undefined
  if (amount !== undefined && (!Number.isFinite(amount) || amount < 0)) errors.amount = '金额请只填数字，例如 5000'
  if (Array.from(draft.summary).length > SUMMARY_MAX) errors.summary = `简要情况最多 ${SUMMARY_MAX} 个字`
  if (Object.keys(errors).length > 0) return { record: null, errors }

  const success = draft.outcome === 'success'
  const candidate = {
    kind: 'mediation' as const,
    id: draft.id,
    occurredOn: draft.occurredOn,
    town: draft.town.trim(),
    village: draft.village.trim(),
    disputeType: draft.disputeType,
    source: draft.source,
    partiesCount: draft.partiesCount,
    ...(names.length > 0 ? { partyNames: names } : {}),
    summary: draft.summary.trim(),
    outcome: draft.outcome,
    ...(draft.outcome === 'referred' ? { referredTo: draft.referredTo.trim() } : {}),
    agreement: success ? draft.agreement : 'none',
    ...(amount !== undefined ? { amountYuan: amount } : {}),
    involvesPayment: success && draft.agreement !== 'none' && draft.involvesPayment,
  }
  const parsed = mediationRecordInputSchema.safeParse(candidate)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'form') as keyof Errors
      errors[key] ??= issue.message
    }
    return { record: null, errors }
  }
  // the names leave the form masked (张*), as the server stores them: the full names are never
  // written to the phone's outbox nor sent (the server masks again, which changes nothing)
  return { record: (names.length > 0 ? { ...candidate, partyNames: maskedNames(draft.partyNames) } : candidate) as MediationInput, errors }
}

const ERROR_NAMES: Partial<Record<keyof Errors, string>> = {
  occurredOn: '日期',
  town: '乡镇',
  village: '村（社区）',
  disputeType: '纠纷类型',
  source: '纠纷来源',
  outcome: '调解结果',
  referredTo: '转交给谁',
  agreement: '协议',
  partyNames: '当事人姓名',
  amount: '金额',
  summary: '简要情况',
}

type Saved = { id: string; kind: 'mediation' | 'zero_report'; state: 'saving' | 'uploaded' | 'pending' | 'conflict' | 'rejected'; message: string | null }

function goToRecords(): void {
  const pages = Taro.getCurrentPages()
  const previous = pages.length > 1 ? pages[pages.length - 2] : null
  if (previous && String(previous.route ?? '').includes('packageVolunteer/pages/records')) void Taro.navigateBack()
  else void Taro.redirectTo({ url: RECORDS_PAGE })
}

function scrollToTop(): void {
  setTimeout(() => void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined), 0)
}

/** 记一笔: one screen of big buttons, saved on the phone first, uploaded when there is a network. */
export default function LogPage() {
  const { params } = useRouter()
  const editId = params.id ? decodeURIComponent(params.id) : ''
  const here = editId ? `${LOG_PAGE}?id=${encodeURIComponent(editId)}` : LOG_PAGE
  const session = useVolunteerGate(here)
  const outbox = useOutbox(session)
  const today = chinaDate()

  // editing: the waiting version on this phone, else the record as last fetched
  const editing = useMemo(() => {
    if (!editId || !session) return null
    const entry = mediationOutbox.entry(editId)
    const stored = cachedRecords(session)?.records.find((record) => record.id === editId)
    if (entry && entry.owner === ownerOf(session) && entry.payload.kind === 'mediation') {
      // after a conflict, the edit is made over the server's copy the volunteer was shown
      const baseVersion = entry.op === 'create' ? null : entry.state === 'conflict' && entry.serverCopy ? entry.serverCopy.version : entry.baseVersion
      return { record: entry.payload, baseVersion, editableUntil: entry.op === 'create' ? null : (entry.serverCopy?.editableUntil ?? stored?.editableUntil ?? null) }
    }
    if (stored && stored.kind === 'mediation') {
      return { record: toRecordInput(stored) as MediationInput, baseVersion: stored.version, editableUntil: stored.editableUntil }
    }
    return null
  }, [editId, session])
  const windowClosed = editing?.editableUntil ? new Date(editing.editableUntil).getTime() <= Date.now() : false

  const [draft, setDraft] = useState<Draft>(() => (editing ? draftOf(editing.record) : blankDraft(session)))
  const [errors, setErrors] = useState<Errors>({})
  const [saved, setSaved] = useState<Saved | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const [townList, setTownList] = useState<TownListResponse | null>(null)
  const [townsOpen, setTownsOpen] = useState(false)
  const [townsError, setTownsError] = useState<string | null>(null)

  const change = useCallback(<Key extends keyof Draft>(key: Key, value: Draft[Key]) => {
    setDraft((current) => ({ ...current, [key]: value }))
    setErrors((current) => (current[key] || current.form ? { ...current, [key]: undefined, form: undefined } : current))
  }, [])

  const villagesOfTown = useMemo(() => {
    for (const county of townList?.counties ?? []) {
      const town = county.towns.find((entry) => entry.name === draft.town)
      if (town) return town.villages
    }
    return []
  }, [townList, draft.town])

  const openTowns = async () => {
    setTownsOpen((open) => !open)
    if (townList) return
    setTownsError(null)
    try {
      setTownList(await fetchTowns())
    } catch (error) {
      setTownsError(error instanceof RequestError ? `${error.message} 没网时先用原来的乡镇，联网后可以再改。` : '乡镇名单没有取到，请稍后再试。')
    }
  }

  const afterSave = async (id: string, kind: Saved['kind']) => {
    setSaved({ id, kind, state: 'saving', message: null })
    scrollToTop()
    await syncOutbox()
    const entry = mediationOutbox.entry(id)
    setSaved({ id, kind, state: entry ? entry.state : 'uploaded', message: entry?.lastError ?? null })
  }

  const save = async () => {
    if (!session || saved?.state === 'saving') return
    const { record, errors: found } = check(draft, chinaDate())
    setErrors(found)
    if (!record) {
      setFailure(null)
      return
    }
    try {
      saveToOutbox({ record, baseVersion: editing?.baseVersion ?? null }, session)
    } catch (error) {
      setFailure(error instanceof OutboxStorageError ? error.message : '没有存上，请再试一次。')
      return
    }
    setFailure(null)
    await afterSave(record.id, 'mediation')
  }

  const zeroReport = async () => {
    if (!session) return
    const month = chinaMonth()
    const mine = [...(cachedRecords(session)?.records ?? []).map((record) => ({ kind: record.kind, month: record.month })), ...outbox.entries.map((entry) => ({ kind: entry.payload.kind, month: entry.payload.kind === 'zero_report' ? entry.payload.month : entry.payload.occurredOn.slice(0, 7) }))]
    if (mine.some((record) => record.kind === 'zero_report' && record.month === month)) {
      await Taro.showModal({ title: '已经零上报过了', content: `${formatMonth(month)}已经零上报过，不用再报。`, showCancel: false, confirmText: '知道了' }).catch(() => undefined)
      return
    }
    const hasMediations = mine.some((record) => record.kind === 'mediation' && record.month === month)
    const { confirm } = await Taro.showModal({
      title: '零上报',
      content: hasMediations ? `您${formatMonth(month)}已经记过调解。确定还要报“本月没有调解”吗？` : `确认${formatMonth(month)}在${session.town ?? draft.town}${session.village ?? draft.village}没有调解纠纷？`,
      confirmText: '确认零上报',
      cancelText: '不报了',
    }).catch(() => ({ confirm: false }))
    if (!confirm) return
    const id = newRecordId()
    try {
      saveToOutbox({ record: { kind: 'zero_report', id, month, town: session.town ?? draft.town, village: session.village ?? draft.village } }, session)
    } catch (error) {
      setFailure(error instanceof OutboxStorageError ? error.message : '没有存上，请再试一次。')
      return
    }
    await afterSave(id, 'zero_report')
  }

  const another = () => {
    setDraft((current) => blankDraft(session, { occurredOn: current.occurredOn, town: current.town, village: current.village }))
    setErrors({})
    setSaved(null)
    if (editId) void Taro.redirectTo({ url: LOG_PAGE })
    scrollToTop()
  }

  if (!session) {
    return (
      <PageShell>
        <Text className='notice'>请先登录…</Text>
      </PageShell>
    )
  }

  const banner = <SyncBanner outbox={outbox} here={here} />

  if (saved) {
    const uploaded = saved.state === 'uploaded'
    const bad = saved.state === 'rejected' || saved.state === 'conflict'
    const what = saved.kind === 'zero_report' ? '零上报' : editId ? '修改' : '这笔调解'
    const title = saved.state === 'saving' ? '已保存，正在上传…' : uploaded ? '已上传' : bad ? (saved.state === 'conflict' ? '已保存，但有冲突' : '已保存，但被退回') : '已保存，待上传'
    return (
      <PageShell>
        <Text className='title'>{editId ? '修改调解记录' : '记一笔'}</Text>
        {banner}
        <View className={`vol-result${uploaded ? '' : bad ? ' vol-result-bad' : ' vol-result-pending'}`} role='status' data-testid='save-result'>
          <Text className='vol-result-title' data-testid='save-result-title'>
            {title}
          </Text>
          <Text className='vol-result-note'>
            {uploaded
              ? `${what}已经交到县里的系统了。`
              : bad
                ? (saved.message ?? '请到“我的调解记录”里处理。')
                : `${what}存在手机上了，不会丢。有网时会自动上传，也可以在“我的调解记录”里下拉上传。`}
          </Text>
        </View>
        {saved.kind === 'mediation' && draft.outcome === 'success' && draft.involvesPayment && (
          <Text className='vol-legal'>记得提醒双方：协议涉及给付的，可在协议生效后 30 天内一起向人民法院申请司法确认。到时“我的调解记录”会提醒您回访。</Text>
        )}
        <View className='button vol-save' role='button' data-testid='log-another' onClick={another}>
          再记一笔
        </View>
        <View className='button button-secondary' role='button' data-testid='open-records' onClick={goToRecords}>
          看我的调解记录
        </View>
      </PageShell>
    )
  }

  if (editId && !editing) {
    return (
      <PageShell>
        <Text className='title'>修改调解记录</Text>
        <Text className='notice'>这台手机上找不到这条记录。请回到“我的调解记录”，联网刷新后再点“修改”。</Text>
        <View className='button' role='button' onClick={goToRecords}>
          看我的调解记录
        </View>
      </PageShell>
    )
  }

  if (windowClosed) {
    return (
      <PageShell>
        <Text className='title'>修改调解记录</Text>
        <Text className='notice'>这条记录已超过 7 天，不能再修改。如需更正，请联系司法所。</Text>
        <View className='button' role='button' onClick={goToRecords}>
          看我的调解记录
        </View>
      </PageShell>
    )
  }

  const success = draft.outcome === 'success'
  const names = maskedNames(draft.partyNames)
  const summaryCount = Array.from(draft.summary).length
  const missing = Object.entries(errors)
    .filter(([, message]) => Boolean(message))
    .map(([key]) => ERROR_NAMES[key as keyof Errors])
    .filter(Boolean)

  return (
    <PageShell>
      <Text className='title'>{editId ? '修改调解记录' : '记一笔调解'}</Text>
      <Text className='vol-who'>
        {session.displayName} · {session.town}
        {session.village}
      </Text>
      {banner}

      <View className='card'>
        <Section label='哪天调解的' error={errors.occurredOn} testId='field-date'>
          <Text className='vol-value' data-testid='chosen-date'>
            {formatDate(draft.occurredOn)}
          </Text>
          <View className='vol-choices vol-choices-3'>
            {[0, -1, -2].map((offset) => {
              const date = chinaDate(offset)
              return (
                <View
                  key={offset}
                  className={`button button-secondary choice${draft.occurredOn === date ? ' choice-selected' : ''}`}
                  role='radio'
                  aria-checked={draft.occurredOn === date}
                  data-testid={`date-${-offset}`}
                  onClick={() => change('occurredOn', date)}
                >
                  {['今天', '昨天', '前天'][-offset]}
                </View>
              )
            })}
          </View>
          <Picker mode='date' value={draft.occurredOn} end={today} start={chinaDate(-366)} onChange={(event) => change('occurredOn', String(event.detail.value))}>
            <View className='button button-secondary' role='button'>
              选其他日期
            </View>
          </Picker>
        </Section>

        <Section label='在哪里' error={errors.town ?? errors.village} testId='field-place'>
          <Text className='vol-value' data-testid='chosen-place'>
            {draft.town}
            {draft.village}
          </Text>
          <View className='button button-secondary' role='button' data-testid='change-town' onClick={() => void openTowns()}>
            {townsOpen ? '收起乡镇' : '换乡镇'}
          </View>
          {townsOpen && townsError && <Text className='vol-hint'>{townsError}</Text>}
          {townsOpen && townList && (
            <View className='vol-choices vol-choices-3' data-testid='town-choices'>
              {townList.counties.flatMap((county) =>
                county.towns.map((town) => (
                  <View
                    key={`${county.county}-${town.name}`}
                    className={`button button-secondary choice${draft.town === town.name ? ' choice-selected' : ''}`}
                    role='radio'
                    aria-checked={draft.town === town.name}
                    onClick={() => {
                      change('town', town.name)
                      if (town.name !== draft.town) change('village', town.name === session.town ? (session.village ?? '') : '')
                      setTownsOpen(false)
                    }}
                  >
                    {town.name}
                  </View>
                )),
              )}
            </View>
          )}
          <Text className='vol-label vol-gap'>村（社区）</Text>
          <Input
            className={`vol-input${errors.village ? ' vol-invalid' : ''}`}
            maxlength={30}
            value={draft.village}
            placeholder='例如 示例村'
            aria-label='村（社区）'
            data-testid='village-input'
            onInput={(event) => change('village', event.detail.value)}
          />
          {villagesOfTown.length > 0 && (
            <View className='vol-choices vol-choices-3'>
              {villagesOfTown.slice(0, 30).map((village) => (
                <View key={village} className={`button button-secondary choice${draft.village === village ? ' choice-selected' : ''}`} role='radio' aria-checked={draft.village === village} onClick={() => change('village', village)}>
                  {village}
                </View>
              ))}
            </View>
          )}
        </Section>
      </View>

      <View className='card'>
        <Section label='纠纷类型' error={errors.disputeType} testId='field-type'>
          <Choices choices={TYPE_CHOICES} value={draft.disputeType} onChange={(value) => change('disputeType', value)} columns={2} label='纠纷类型' testIdPrefix='type' />
        </Section>
        <Section label='纠纷从哪里来' error={errors.source} testId='field-source'>
          <Choices choices={SOURCE_CHOICES} value={draft.source} onChange={(value) => change('source', value)} columns={3} label='纠纷来源' testIdPrefix='source' />
        </Section>
        <Section label='几方当事人' testId='field-parties'>
          <Stepper value={draft.partiesCount} min={2} max={50} onChange={(value) => change('partiesCount', value)} label='当事人' testId='parties' />
        </Section>
        <Section label='当事人姓名' optional error={errors.partyNames} testId='field-names'>
          <Input
            className={`vol-input${errors.partyNames ? ' vol-invalid' : ''}`}
            maxlength={300}
            value={draft.partyNames}
            placeholder='如：张三、李四'
            aria-label='当事人姓名'
            data-testid='names-input'
            onInput={(event) => change('partyNames', event.detail.value)}
          />
          <Text className='vol-hint' data-testid='names-note'>
            为保护当事人，只保存姓，名字用 * 代替{names.length > 0 ? `，将保存为 ${names.join('、')}` : '（如 张*）'}。多个名字用顿号隔开。
          </Text>
        </Section>
        <Section label='简要情况' optional error={errors.summary} testId='field-summary'>
          <Textarea
            className={`vol-textarea${errors.summary ? ' vol-invalid' : ''}`}
            value={draft.summary}
            maxlength={SUMMARY_MAX}
            placeholder='一两句话：为什么事、怎么调的'
            autoHeight
            aria-label='简要情况'
            data-testid='summary-input'
            onInput={(event) => change('summary', event.detail.value)}
          />
          <Text className='vol-counter'>
            已写 {summaryCount} / {SUMMARY_MAX} 字
          </Text>
        </Section>
      </View>

      <View className='card'>
        <Section label='调解结果' error={errors.outcome} testId='field-outcome'>
          <Choices
            choices={OUTCOME_CHOICES}
            value={draft.outcome}
            onChange={(value) => {
              change('outcome', value)
              if (value !== 'success') change('agreement', null)
            }}
            columns={3}
            label='调解结果'
            testIdPrefix='outcome'
          />
        </Section>
        {draft.outcome === 'referred' && (
          <Section label='转交给谁' error={errors.referredTo} testId='field-referred'>
            <View className='vol-choices vol-choices-3'>
              {REFERRAL_SUGGESTIONS.map((suggestion) => (
                <View
                  key={suggestion}
                  className={`button button-secondary choice${draft.referredTo === suggestion ? ' choice-selected' : ''}`}
                  role='radio'
                  aria-checked={draft.referredTo === suggestion}
                  onClick={() => change('referredTo', suggestion)}
                >
                  {suggestion}
                </View>
              ))}
            </View>
            <Input
              className={`vol-input vol-gap${errors.referredTo ? ' vol-invalid' : ''}`}
              maxlength={50}
              value={draft.referredTo}
              placeholder='或者写上单位名称'
              aria-label='转交给谁'
              data-testid='referred-input'
              onInput={(event) => change('referredTo', event.detail.value)}
            />
          </Section>
        )}
        {success && (
          <Section label='达成协议了吗' error={errors.agreement} testId='field-agreement'>
            <Choices choices={AGREEMENT_CHOICES} value={draft.agreement} onChange={(value) => change('agreement', value)} columns={3} label='协议' testIdPrefix='agreement' />
          </Section>
        )}
        <Section label='涉及金额（元）' optional error={errors.amount} testId='field-amount'>
          <Input
            className={`vol-input${errors.amount ? ' vol-invalid' : ''}`}
            type='digit'
            maxlength={12}
            value={draft.amount}
            placeholder='例如 5000'
            aria-label='涉及金额（元）'
            data-testid='amount-input'
            onInput={(event) => change('amount', event.detail.value)}
          />
        </Section>
        {success && draft.agreement && draft.agreement !== 'none' && (
          <View className='vol-section'>
            <CheckRow checked={draft.involvesPayment} onChange={(value) => change('involvesPayment', value)} testId='involves-payment'>
              协议涉及给付（赔钱、还钱、分钱等）
            </CheckRow>
            {draft.involvesPayment && (
              <Text className='vol-legal' data-testid='judicial-note'>
                司法确认：双方可在协议生效之日起 30 天内，一起向人民法院申请司法确认；确认后一方不履行，另一方可以申请法院强制执行。保存后会提醒您回访。
              </Text>
            )}
          </View>
        )}
      </View>

      {(missing.length > 0 || errors.form) && (
        <View className='notice notice-error' role='alert' data-testid='form-errors'>
          {missing.length > 0 ? `还有几处没填好：${missing.join('、')}。请看红字。` : errors.form}
        </View>
      )}
      {failure && (
        <View className='notice notice-error' role='alert'>
          {failure}
        </View>
      )}
      <View className='button vol-save' role='button' data-testid='save-record' onClick={() => void save()}>
        {editId ? '保存修改' : '保存'}
      </View>
      <Text className='vol-hint'>没网也能保存：先存在手机上，有网时自动上传。</Text>

      {!editId && (
        <View className='card vol-zero-card'>
          <Text className='subtitle'>这个月没有调解？</Text>
          <Text className='muted'>每月报一次“零上报”，县里就知道您这里本月没有纠纷，而不是漏报。</Text>
          <View className='button vol-zero' role='button' data-testid='zero-report' onClick={() => void zeroReport()}>
            零上报（本月没有调解）
          </View>
        </View>
      )}
    </PageShell>
  )
}
