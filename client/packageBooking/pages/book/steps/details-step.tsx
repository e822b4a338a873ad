import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { pageUrl } from '../../../../../contracts/app-pages'
import { MATTER_LABELS } from '../../../../../contracts/bookings'
import { ChoiceGrid, type Choice } from '../../../../components/choice-grid'
import { formatSlot } from '../../../../services/bookings'
import { CheckRow, FieldError, TextField } from '../../../components/fields'
import { PhoneCodeField } from '../../../components/phone-code-field'
import { CONTACT_ERROR_KEYS, type AgentRole, type BookingDraft, type Contact } from '../use-booking-draft'

const AGENT_ROLE_CHOICES: Choice<AgentRole>[] = [
  { value: 'volunteer', label: '法律明白人' },
  { value: 'staff', label: '工作人员' },
  { value: 'family', label: '家人' },
  { value: 'other', label: '其他' },
]

const digits = (value: string) => value.replace(/\D/g, '').slice(0, 11)

type Edit = <Key extends keyof typeof CONTACT_ERROR_KEYS>(key: Key, value: Contact[Key]) => void

/** What was chosen on the earlier steps, with 改时间. */
function ChosenSummary(props: { draft: BookingDraft; onChangeSlot: () => void }) {
  const { draft } = props
  return (
    <View className='card'>
      <View className='summary-row'>
        <Text className='summary-label'>事项</Text>
        <Text className='summary-value'>{draft.matter ? MATTER_LABELS[draft.matter] : '未选'}</Text>
      </View>
      <View className='summary-row'>
        <Text className='summary-label'>时间</Text>
        <Text className='summary-value' data-testid='summary-time'>
          {draft.slot ? formatSlot(draft.slot) : '未选'}
        </Text>
      </View>
      <View className='button button-secondary' role='button' onClick={props.onChangeSlot}>
        改时间
      </View>
    </View>
  )
}

/** 代办: who books for the person, in what role, their phone, and that the person agreed. */
function ProxyFields(props: { contact: Contact; errors: BookingDraft['errors']; edit: Edit }) {
  const { contact, errors, edit } = props
  return (
    <View data-testid='proxy-fields'>
      <TextField
        label='代办人姓名'
        value={contact.agentName}
        onInput={(value) => edit('agentName', value)}
        maxlength={30}
        error={errors['proxy.agentName']}
        testId='agent-name'
      />
      <View className='field'>
        <Text className='field-label'>代办人是</Text>
        <ChoiceGrid
          choices={AGENT_ROLE_CHOICES}
          value={contact.agentRole}
          onChange={(value) => edit('agentRole', value)}
          columns={2}
          label='代办人身份'
          testIdPrefix='agent-role'
        />
        <FieldError message={errors['proxy.agentRole']} testId='agent-role-error' />
      </View>
      <TextField
        label='代办人手机号'
        type='number'
        value={contact.agentPhone}
        onInput={(value) => edit('agentPhone', digits(value))}
        maxlength={11}
        error={errors['proxy.agentPhone']}
        testId='agent-phone'
      />
      <CheckRow
        checked={contact.personAgreed}
        onChange={(checked) => edit('personAgreed', checked)}
        error={errors['proxy.personAgreed'] ?? errors.proxy}
        testId='person-agreed'
      >
        本人已同意代为预约
      </CheckRow>
    </View>
  )
}

/** 同意隐私说明, with the way to read it. */
function ConsentCard(props: { checked: boolean; error?: string; onChange: (checked: boolean) => void }) {
  return (
    <View className='card'>
      <CheckRow checked={props.checked} onChange={props.onChange} error={props.error} testId='consent'>
        我已阅读并同意隐私说明：姓名、手机号只用于这次预约
      </CheckRow>
      <View className='list-item' role='link' data-testid='privacy-link' onClick={() => void Taro.navigateTo({ url: pageUrl('pages/privacy/index') })}>
        <Text className='text link'>看隐私说明</Text>
      </View>
    </View>
  )
}

/** 留下联系方式: what was chosen, who the booking is for (and who books for them), consent, 确认预约. */
export function DetailsStep(props: {
  draft: BookingDraft
  onEdited: (field: string) => void
  onChangeSlot: () => void
  notices: ReactNode
  submitting: boolean
  onSubmit: () => void
}) {
  const { draft } = props
  const { contact, errors } = draft
  const edit: Edit = (key, value) => {
    draft.setContact((current) => ({ ...current, [key]: value }))
    props.onEdited(CONTACT_ERROR_KEYS[key])
  }
  const toggleProxy = (proxyOn: boolean) => {
    draft.setContact((current) => ({ ...current, proxyOn }))
    draft.setErrors(({ ['proxy.agentName']: _a, ['proxy.agentRole']: _b, ['proxy.agentPhone']: _c, ['proxy.personAgreed']: _d, ...rest }) => rest)
  }
  return (
    <View data-testid='details-step'>
      <ChosenSummary draft={draft} onChangeSlot={props.onChangeSlot} />

      <View className='card'>
        <TextField
          label={contact.proxyOn ? '当事人姓名' : '您的姓名'}
          value={contact.name}
          onInput={(value) => edit('name', value)}
          maxlength={30}
          error={errors.name}
          testId='name-input'
        />
        <TextField
          label={contact.proxyOn ? '当事人手机号' : '您的手机号'}
          type='number'
          value={contact.phone}
          onInput={(value) => edit('phone', digits(value))}
          maxlength={11}
          hint='查询、取消预约要用手机号后 4 位'
          error={errors.phone}
          testId='phone-input'
        />
        {draft.smsCodeRequired && (
          <PhoneCodeField
            phone={contact.phone}
            purpose='booking'
            value={draft.phoneCode}
            onChange={(value) => {
              draft.setPhoneCode(value)
              props.onEdited('phoneCode.code')
            }}
            error={errors['phoneCode.code'] ?? errors.phoneCode}
            testId='phone-code'
          />
        )}
      </View>

      <View className='card'>
        <CheckRow checked={contact.proxyOn} onChange={toggleProxy} testId='proxy-toggle'>
          我是替别人预约（代办）
        </CheckRow>
        {contact.proxyOn && <ProxyFields contact={contact} errors={errors} edit={edit} />}
      </View>

      <ConsentCard checked={contact.consent} error={errors.consent} onChange={(checked) => edit('consent', checked)} />

      {props.notices}
      <View
        className={`button book-submit${props.submitting ? ' button-disabled' : ''}`}
        role='button'
        aria-disabled={props.submitting}
        data-testid='submit-button'
        onClick={props.onSubmit}
      >
        {props.submitting ? '正在提交…' : '确认预约'}
      </View>
    </View>
  )
}
