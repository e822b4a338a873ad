import Taro from '@tarojs/taro'
import { DIALOG_FAILED_NOTICE, TOAST_TEXTS } from './interaction-texts'

/** A question in WeChat's dialog; texts from interaction-texts (WeChat limits their length). */
export interface Question {
  title: string
  content: string
  confirmText: string
  cancelText: string
}

/** A dialog with one button, to tell something. */
export interface Notice {
  title: string
  content: string
  confirmText: string
}

/**
 * WeChat did not open the dialog (it refuses texts over its limits, and a phone set to another
 * language may translate a button past them). Never read as 取消: the user saw nothing and chose
 * nothing, so the caller says so on the page (`message`).
 */
export class DialogError extends Error {
  constructor(readonly errMsg: string) {
    super(DIALOG_FAILED_NOTICE)
    this.name = 'DialogError'
  }
}

function errMsgOf(failure: unknown): string {
  if (failure && typeof failure === 'object' && 'errMsg' in failure) return String((failure as { errMsg: unknown }).errMsg)
  return failure instanceof Error ? failure.message : String(failure)
}

async function open(options: { title: string; content: string; confirmText: string; cancelText?: string }): Promise<boolean> {
  try {
    const answer = await Taro.showModal({ ...options, showCancel: options.cancelText !== undefined })
    return answer.confirm
  } catch (failure) {
    const errMsg = errMsgOf(failure)
    // the title only: a dialog's content can name a person
    console.error(`[dialogs] WeChat did not open the dialog "${options.title}": ${errMsg}`)
    throw new DialogError(errMsg)
  }
}

/** Asks; true on the confirm button, false on the cancel button. Throws DialogError when no dialog opened. */
export function ask(question: Question): Promise<boolean> {
  return open(question)
}

/** Tells, with one button. Throws DialogError when no dialog opened. */
export async function tell(notice: Notice): Promise<void> {
  await open(notice)
}

/** For a page with no place for a notice: a toast (icon none) saying the dialog did not open. */
export function toastDialogFailure(): void {
  void Taro.showToast({ ...TOAST_TEXTS.dialogFailed, duration: 3000 }).catch(() => undefined)
}
