import { mediationRecordInputSchema } from '../../../contracts/mediations'
import { blankDraft, checkDraft, fieldsWithErrors, type Draft } from '../../../client/packageVolunteer/pages/log/mediation-draft'

const TODAY = '2025-06-10'

function draft(changes: Partial<Draft> = {}): Draft {
  return { ...blankDraft(null, { occurredOn: '2025-06-09', town: '隘口镇', village: '示例村' }), ...changes }
}

const complete: Partial<Draft> = { disputeType: 'neighbor', source: 'initiative', outcome: 'failed' }

describe('记一笔 checks with the contract (client/packageVolunteer/pages/log/mediation-draft)', () => {
  it('names what is not chosen yet in the page’s words, in the order the form shows them', () => {
    const { record, errors } = checkDraft(draft({ village: ' ' }), TODAY)
    expect(record).toBeNull()
    expect(errors).toMatchObject({ disputeType: '请选纠纷类型', source: '请选纠纷从哪里来', outcome: '请选调解结果', village: '请填写村（社区）' })
    expect(fieldsWithErrors(errors)).toEqual(['村（社区）', '纠纷类型', '纠纷来源', '调解结果'])
  })

  it('a successful mediation needs to say whether there is an agreement', () => {
    expect(checkDraft(draft({ ...complete, outcome: 'success' }), TODAY).errors).toEqual({ agreement: '请选有没有协议' })
  })

  it('refuses a date after today (a rule of the server’s service, not of the contract)', () => {
    expect(checkDraft(draft({ ...complete, occurredOn: '2025-06-11' }), TODAY).errors).toEqual({ occurredOn: '日期不能晚于今天' })
  })

  it('takes the contract’s own words where it has them', () => {
    expect(checkDraft(draft({ ...complete, outcome: 'referred', referredTo: '  ' }), TODAY).errors).toEqual({ referredTo: '转交时请写明转交给谁' })
    expect(checkDraft(draft({ ...complete, town: '' }), TODAY).errors).toEqual({ town: '请选择乡镇' })
    expect(checkDraft(draft({ ...complete, summary: '第一行\u0000' }), TODAY).errors.summary).toMatch(/控制字符/)
  })

  it('says in words what is wrong with an amount or the names', () => {
    expect(checkDraft(draft({ ...complete, amount: '五千' }), TODAY).errors).toEqual({ amount: '金额请只填数字，例如 5000' })
    expect(checkDraft(draft({ ...complete, amount: '-5' }), TODAY).errors).toEqual({ amount: '金额请只填数字，例如 5000' })
    expect(checkDraft(draft({ ...complete, partyNames: `张三、${'长'.repeat(21)}` }), TODAY).errors).toEqual({ partyNames: '每个名字最多 20 个字' })
    expect(checkDraft(draft({ ...complete, partyNames: Array.from({ length: 51 }, () => '张').join('、') }), TODAY).errors).toEqual({
      partyNames: '最多 50 个名字',
    })
  })

  it('gives the record as the contract parses it: trimmed, names masked, no agreement unless it succeeded', () => {
    const { record, errors } = checkDraft(
      draft({
        disputeType: 'neighbor',
        source: 'application',
        outcome: 'success',
        agreement: 'written',
        involvesPayment: true,
        partyNames: ' 张三，李四  王五 ',
        summary: ' 排水沟 ',
        amount: '600',
        village: ' 示例村 ',
      }),
      TODAY,
    )
    expect(errors).toEqual({})
    expect(record).toMatchObject({
      kind: 'mediation',
      village: '示例村',
      partyNames: ['张*', '李*', '王*'],
      summary: '排水沟',
      agreement: 'written',
      amountYuan: 600,
      involvesPayment: true,
    })
    expect(mediationRecordInputSchema.safeParse(record).success).toBe(true)

    const failed = checkDraft(draft({ ...complete, agreement: 'oral', involvesPayment: true, referredTo: '司法所' }), TODAY).record
    expect(failed).toMatchObject({ outcome: 'failed', agreement: 'none', involvesPayment: false })
    expect(failed).not.toHaveProperty('referredTo')
    expect(failed).not.toHaveProperty('partyNames')
    expect(failed).not.toHaveProperty('amountYuan')
  })
})
