import { createChangeSignal } from './change-signal'

/**
 * Moves when a 回访 is kept on the phone or reaches the server: 首页's 待回访 lists what the
 * server still sees as due, so 首页 asks again when shown. Its own module, so 首页 (main package)
 * listens without loading the volunteer's services.
 */
export const followUpsSignal = createChangeSignal('follow-ups')
