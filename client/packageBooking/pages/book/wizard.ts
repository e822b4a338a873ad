import Taro from '@tarojs/taro'
import { useState } from 'react'

/** The booking wizard's steps; `station` only when the page was opened without one. */
export type Step = 'station' | 'precheck' | 'matter' | 'slot' | 'details' | 'done'
export type FormStep = Exclude<Step, 'done'>

export const STEP_TITLES: Record<FormStep, string> = {
  station: '选服务站',
  precheck: '看看能不能免审查',
  matter: '什么事',
  slot: '选时间',
  details: '留下联系方式',
}

/** Which step shows a field the server complained about. */
function stepOfField(path: string): Step {
  if (path === 'slotStart' || path === 'stationId') return 'slot'
  if (path === 'matter' || path === 'description') return 'matter'
  return 'details'
}

/** The earliest step that shows one of these fields (the user is sent there to fix it). */
export function firstStepWithError(paths: readonly string[]): Step {
  const order: Step[] = ['matter', 'slot', 'details']
  return order.find((candidate) => paths.some((path) => stepOfField(path) === candidate)) ?? 'details'
}

function scrollToTop(): void {
  setTimeout(() => {
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
  }, 0)
}

/** Where the user is in the wizard; every move starts the new step at the top of the screen. */
export function useWizard(withStationStep: boolean) {
  const steps: FormStep[] = withStationStep ? ['station', 'precheck', 'matter', 'slot', 'details'] : ['precheck', 'matter', 'slot', 'details']
  const [step, setStep] = useState<Step>(steps[0])
  const index = steps.indexOf(step as FormStep)

  const goTo = (next: Step) => {
    setStep(next)
    scrollToTop()
  }
  return {
    step,
    /** 0-based position of the current step; -1 on `done` */
    index,
    goTo,
    goBack: () => goTo(steps[Math.max(0, index - 1)]),
    goNext: () => goTo(steps[index + 1]),
    progress: index >= 0 ? `第 ${index + 1} 步，共 ${steps.length} 步` : '',
  }
}
