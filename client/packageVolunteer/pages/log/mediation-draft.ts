import { mediationRecordInputSchema, type CreateMediationRequest, type DisputeType } from '../../../../contracts/mediations'
import { chinaDate } from '../../../../contracts/china-time'
import { newRecordId, type VolunteerSession } from '../../../services/mediations'

export type MediationInput = Extract<CreateMediationRequest, { kind: 'mediation' }>
export type Source = MediationInput['source']
export type Outcome = MediationInput['outcome']
export type Agreement = MediationInput['agreement']

/** 记一笔 as typed: strings and unchosen (null) values; `check` turns it into the contract's record. */
export interface Draft {
  id: string
  occurredOn: string
  town: string
  village: string
  disputeType: DisputeType | null
  source: Source | null
  partiesCount: number
  /** as typed: names separated by 、 , ; or spaces */
  partyNames: string
  summary: string
  outcome: Outcome | null
  referredTo: string
  agreement: Agreement | null
  amount: string
  involvesPayment: boolean
}

export type Errors = Partial<Record<keyof Draft | 'form', string>>

/** Sets one field of the draft (the sections' only way to change it). */
export type Change = <Key extends keyof Draft>(key: Key, value: Draft[Key]) => void

export const SUMMARY_MAX = 1000

export function blankDraft(session: VolunteerSession | null, keep?: Pick<Draft, 'occurredOn' | 'town' | 'village'>): Draft {
  return {
    id: newRecordId(),
    occurredOn: keep?.occurredOn ?? chinaDate({ now: new Date() }),
    town: session?.town ?? keep?.town ?? '',
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

export function draftOf(record: MediationInput): Draft {
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

export function splitNames(text: string): string[] {
  return text
    .split(/[,，、;；\s]+/)
    .map((name) => name.trim())
    .filter(Boolean)
}

/** The record the draft stands for, in the contract's shape (unchosen values stay null: the schema refuses them). */
function candidateOf(draft: Draft): Record<string, unknown> {
  const names = splitNames(draft.partyNames)
  const amount = draft.amount.trim()
  const success = draft.outcome === 'success'
  return {
    kind: 'mediation',
    id: draft.id,
    occurredOn: draft.occurredOn,
    town: draft.town,
    village: draft.village,
    disputeType: draft.disputeType,
    source: draft.source,
    partiesCount: draft.partiesCount,
    ...(names.length > 0 ? { partyNames: names } : {}),
    summary: draft.summary,
    outcome: draft.outcome,
    ...(draft.outcome === 'referred' ? { referredTo: draft.referredTo } : {}),
    agreement: success ? draft.agreement : 'none',
    ...(amount ? { amountYuan: Number(amount) } : {}),
    involvesPayment: success && draft.agreement !== 'none' && draft.involvesPayment,
  }
}

/** The page's words for a choice not made yet: the contract's message for an unchosen option lists the option codes. */
const NOT_CHOSEN: Partial<Record<keyof Draft, string>> = {
  occurredOn: '请选调解日期',
  disputeType: '请选纠纷类型',
  source: '请选纠纷从哪里来',
  outcome: '请选调解结果',
  agreement: '请选有没有协议',
}

const FORM_FIELDS: ReadonlySet<string> = new Set<keyof Draft>([
  'occurredOn',
  'town',
  'village',
  'disputeType',
  'source',
  'partiesCount',
  'partyNames',
  'summary',
  'outcome',
  'referredTo',
  'agreement',
  'involvesPayment',
])

/** The form field that shows a problem with the contract's field (the top of the issue's path). */
function fieldOf(path: readonly PropertyKey[]): keyof Errors {
  const top = String(path[0] ?? '')
  if (top === 'amountYuan') return 'amount'
  return FORM_FIELDS.has(top) ? (top as keyof Draft) : 'form'
}

function messageOf(draft: Draft, field: keyof Errors, issue: { code: string; path: readonly PropertyKey[]; message: string }): string {
  const notChosen = field === 'form' ? undefined : NOT_CHOSEN[field]
  if (notChosen && field !== 'form' && (draft[field] === null || draft[field] === '')) return notChosen
  // zod's own words for these ("数值过大：期望 string <=20 字符") are not for villagers
  if (field === 'amount' && issue.code !== 'too_big') return '金额请只填数字，例如 5000'
  if (field === 'partyNames' && issue.code === 'too_big') return issue.path.length > 1 ? '每个名字最多 20 个字' : '最多 50 个名字'
  return issue.message
}

/**
 * Checks the draft with the contract's schema (the one the server parses with), each problem
 * next to its field. The record it gives back is the schema's output: trimmed, the party names
 * already masked (张*) — full names are never written to the phone's outbox nor sent.
 */
export function checkDraft(draft: Draft, today: string): { record: MediationInput | null; errors: Errors } {
  const errors: Errors = {}
  // the server checks this in its service (mediationDateProblem), not in the contract: it needs today's date
  if (draft.occurredOn > today) errors.occurredOn = '日期不能晚于今天'
  const parsed = mediationRecordInputSchema.safeParse(candidateOf(draft))
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOf(issue.path)
      errors[field] ??= messageOf(draft, field, issue)
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { record: null, errors }
  return { record: parsed.data as MediationInput, errors }
}

/** The fields in the order the form shows them, by name, for "还有几处没填好：…". */
const ERROR_NAMES: Partial<Record<keyof Errors, string>> = {
  occurredOn: '日期',
  town: '乡镇',
  village: '村（社区）',
  disputeType: '纠纷类型',
  source: '纠纷来源',
  partiesCount: '当事人数',
  partyNames: '当事人姓名',
  summary: '简要情况',
  outcome: '调解结果',
  referredTo: '转交给谁',
  agreement: '协议',
  amount: '金额',
}

export function fieldsWithErrors(errors: Errors): string[] {
  return Object.entries(ERROR_NAMES)
    .filter(([key]) => Boolean(errors[key as keyof Errors]))
    .map(([, name]) => name as string)
}
