/** Quick reasons for cancelling a booking: one tap, typing optional. */
export const QUICK_CANCEL_REASONS = ['时间不合适', '问题已解决', '其他'] as const
export type QuickCancelReason = (typeof QUICK_CANCEL_REASONS)[number]

export const CANCEL_REASON_REQUIRED = '请选一个原因（不用写字）'

/**
 * The reason sent with a cancellation (the server requires one, contracts/bookings.ts
 * `cancelBookingRequestSchema`): the chosen quick reason is the reason; words typed add to it.
 * 其他 with words sends the words, 其他 alone sends '其他'. Words without a choice are the reason too.
 * Null when there is neither; at most 200 characters.
 */
export function cancelReason(params: { quick: QuickCancelReason | null; text: string }): string | null {
  const text = params.text.trim()
  let reason: string
  if (params.quick === null) reason = text
  else if (params.quick === '其他') reason = text || '其他'
  else reason = text ? `${params.quick}：${text}` : params.quick
  return reason ? Array.from(reason).slice(0, 200).join('') : null
}
