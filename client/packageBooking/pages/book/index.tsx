import { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useCallback, useEffect } from 'react'
import type { Slot } from '../../../../contracts/bookings'
import { PageShell } from '../../../components/page-shell'
import { useRemote } from '../../../hooks/use-remote'
import { lastBookedStationId } from '../../../services/bookings'
import { fetchStation } from '../../../services/stations'
import { Booked } from './steps/booked'
import { DetailsStep } from './steps/details-step'
import { MatterStep } from './steps/matter-step'
import { PrecheckStep } from './steps/precheck-step'
import { SlotStep } from './steps/slot-step'
import { StationStep } from './steps/station-step'
import { SubmitNotices } from './steps/submit-notices'
import { useBookingDraft, type BookingDraft } from './use-booking-draft'
import { useBookingSubmission } from './use-booking-submission'
import { firstStepWithError, STEP_TITLES, useWizard, type FormStep } from './wizard'
import { routeParam } from '../../../services/route-param'
import '../../components/booking.css'
import './index.css'

/** 确认预约 as the wizard sends it: a missing field or a refused one moves to its step, a full slot reloads the slots. */
function useWizardSubmission(draft: BookingDraft, wizard: ReturnType<typeof useWizard>) {
  return useBookingSubmission({
    check: () => {
      const checked = draft.check()
      if (!checked.ok && checked.step) wizard.goTo(checked.step)
      return checked
    },
    onBooked: () => wizard.goTo('done'),
    wechatIdentity: () => draft.wechatIdentityRequired,
    onSlotFull: () => {
      draft.setSlot(null)
      void draft.loadSlots()
    },
    onFieldErrors: (errors) => {
      draft.setErrors(errors)
      const first = firstStepWithError(Object.keys(errors))
      if (first !== 'details') wizard.goTo(first)
    },
  })
}

/** 上一步 / 下一步 under every step but the station step; 下一步 checks the step's choice first (留下联系方式 submits instead). */
function WizardNav(props: { wizard: ReturnType<typeof useWizard>; draft: BookingDraft }) {
  const { wizard, draft } = props
  const { step } = wizard
  return (
    <View className='nav-row'>
      {wizard.index > 0 && (
        <View className='button button-secondary button-back' role='button' data-testid='back-button' onClick={wizard.goBack}>
          上一步
        </View>
      )}
      {step !== 'details' && (
        <View
          className='button'
          role='button'
          data-testid='next-button'
          onClick={() => {
            if (draft.hasChoiceFor(step)) wizard.goNext()
          }}
        >
          {step === 'precheck' && !draft.allAnswered ? '跳过，下一步' : '下一步'}
        </View>
      )}
    </View>
  )
}

/** The step's place and title, the station's name, and the station's load failure (the slot step says its own). */
function StepHeader(props: {
  wizard: ReturnType<typeof useWizard>
  stationName: string | null | undefined
  stationError: string | null
  slotsFailed: boolean
  onReload: () => unknown
}) {
  const { step } = props.wizard
  return (
    <>
      <Text className='step-progress' data-testid='step-progress'>
        {props.wizard.progress}
      </Text>
      <Text className='title step-title'>{STEP_TITLES[step as FormStep]}</Text>
      {props.stationName && step !== 'station' && (
        <Text className='muted book-station' data-testid='book-station'>
          {props.stationName}
        </Text>
      )}
      {/* the slot step's own notice says the same when the network or the BFF is down: one box, not two */}
      {props.stationError && step !== 'station' && !(step === 'slot' && props.slotsFailed) && (
        <View className='notice notice-error' role='alert'>
          <Text>{props.stationError}</Text>
          <View className='button' role='button' onClick={() => void props.onReload()}>
            重试
          </View>
        </View>
      )}
    </>
  )
}

/**
 * 预约法律援助, step by step: [选服务站 →] 能不能免审查 → 什么事 → 选时间 → 留下联系方式 → 预约码.
 * The draft (use-booking-draft) holds what the user entered, the submission (use-booking-submission)
 * how it is sent so that a lost answer never books twice; each step is a component under steps/.
 */
export default function BookPage() {
  const { params } = useRouter()
  const stationFromLink = routeParam(params, 'stationId').value ?? ''
  const wizard = useWizard(!stationFromLink)
  const { step } = wizard
  const draft = useBookingDraft(stationFromLink)
  const submission = useWizardSubmission(draft, wizard)

  // the station's name for the header (the page may be opened from a link or a QR code)
  const stationId = draft.station.id
  const loadStation = useCallback(() => (stationId ? fetchStation(stationId) : Promise.resolve(null)), [stationId])
  const { data: stationDetail, error: stationError, reload: reloadStation } = useRemote(loadStation)
  const stationName = stationDetail?.station.name ?? draft.station.name

  const { loadSlots } = draft
  useEffect(() => {
    if (step === 'slot') void loadSlots()
  }, [step, loadSlots])

  /** the user changed a field: its error goes, and so does a refusal of the last 确认预约 */
  const edited = (field: string) => {
    draft.clearError(field)
    submission.dismissRefusal()
  }
  const chooseSlot = (chosen: Slot) => {
    draft.setSlot(chosen)
    submission.clearNotices()
    edited('slotStart')
  }

  if (step === 'done' && submission.booking) {
    return (
      <PageShell>
        <Booked booking={submission.booking} answers={draft.answers} replayed={submission.replayed} />
      </PageShell>
    )
  }

  const notices = <SubmitNotices slotFull={submission.slotFull} problem={submission.problem} onChooseSlot={chooseSlot} onRetry={submission.retry} />

  return (
    <PageShell>
      <StepHeader wizard={wizard} stationName={stationName} stationError={stationError} slotsFailed={Boolean(draft.slotsError)} onReload={reloadStation} />

      {step === 'station' && (
        <StationStep
          firstId={draft.station.id || lastBookedStationId()}
          firstLabel={draft.station.id ? '刚才选的服务站' : '上次预约的服务站'}
          onChoose={(station) => {
            draft.chooseStation(station)
            wizard.goTo('precheck')
          }}
        />
      )}
      {step === 'precheck' && (
        <PrecheckStep answers={draft.answers} onAnswers={draft.setAnswers} eligibility={draft.eligibility} allAnswered={draft.allAnswered} />
      )}
      {step === 'matter' && <MatterStep draft={draft} onEdited={edited} notices={notices} />}
      {step === 'slot' && (
        <SlotStep
          draft={draft}
          onChoose={chooseSlot}
          notices={notices}
          onRetry={() => {
            void draft.loadSlots()
            if (stationError) void reloadStation()
          }}
        />
      )}
      {step === 'details' && (
        <DetailsStep
          draft={draft}
          onEdited={edited}
          onChangeSlot={() => wizard.goTo('slot')}
          notices={notices}
          submitting={submission.submitting}
          onSubmit={() => void submission.submit()}
        />
      )}

      {step !== 'station' && <WizardNav wizard={wizard} draft={draft} />}
    </PageShell>
  )
}
