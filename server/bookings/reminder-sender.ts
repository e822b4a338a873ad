import { repeatInBackground } from '../repeat'
import type { Logger } from 'pino'
import { redactCode } from '../http/request-logger'
import { redactSecrets, summariseError } from '../logging'
import type { Storage } from '../storage/database'
import { WechatError, type WechatClient } from '../wechat/wechat-client'

export const MAX_ATTEMPTS = 5
/** WeChat: the user has no subscription credit left (or refused); retrying cannot succeed. */
const NO_SUBSCRIPTION_CREDIT = 43101

interface OutboxPayload {
  bookingId: string
  code: string
  stationName: string
  slotStart: string
  openid: string | null
}

const headings: Record<string, string> = {
  booking_created: '预约成功',
  booking_reminder: '明天的法律援助咨询',
  booking_cancelled: '预约已取消',
}

/**
 * Why a send failed, as the log and `outbox.last_error` keep it: WeChat's errcode and errmsg (already
 * redacted by WechatClient), or an outside failure's type, code and status — never the request's URL,
 * token or openid (`redactSecrets` once more, with the openid named, whatever threw).
 */
function failureReason(params: { error: unknown; openid: string | null }): string {
  const summary = summariseError(params.error)
  const parts = [
    summary.type,
    summary.code,
    summary.request?.status !== undefined ? `HTTP ${summary.request.status}` : undefined,
    summary.request?.host ? `${summary.request.method ?? ''} ${summary.request.host}${summary.request.path ?? ''}`.trim() : undefined,
    summary.message,
  ]
  return redactSecrets(parts.filter((part) => part).join(': '), { known: [params.openid] }).slice(0, 500)
}

/** WeChat limits `thing` values to 20 characters. */
function thing(text: string): string {
  return text.length > 20 ? `${text.slice(0, 19)}…` : text
}

/**
 * Delivers the outbox rows written in the booking transactions: WeChat subscription messages when
 * an appid, secret and template are configured and the user accepted, a log line otherwise. A row
 * is claimed with a conditional update first, so several BFF instances never send it twice.
 */
export class ReminderSender {
  constructor(
    private readonly deps: {
      storage: Storage
      logger: Logger
      now: () => Date
      wechat: { client: WechatClient; templateId: string } | null
    },
  ) {}

  async sendDue(params: { limit?: number } = {}): Promise<{ sent: number; logged: number; failed: number }> {
    const { db } = this.deps.storage
    const now = this.deps.now().toISOString()
    const due = await db
      .selectFrom('outbox')
      .selectAll()
      .where('sent_at', 'is', null)
      .where('due_at', '<=', now)
      .where('attempts', '<', MAX_ATTEMPTS)
      .orderBy('due_at')
      .limit(params.limit ?? 50)
      .execute()
    const tally = { sent: 0, logged: 0, failed: 0 }
    for (const row of due) {
      const claimed = await db
        .updateTable('outbox')
        .set({ attempts: row.attempts + 1 })
        .where('id', '=', row.id)
        .where('attempts', '=', row.attempts)
        .where('sent_at', 'is', null)
        .executeTakeFirst()
      if (claimed.numUpdatedRows === 0n) continue
      const payload = JSON.parse(row.payload) as OutboxPayload
      if (row.kind === 'booking_reminder' && !(await this.stillActive(payload.bookingId))) {
        // cancelled (by the resident or the station) since it was queued: a reminder would bring them in for nothing
        await db.updateTable('outbox').set({ sent_at: this.deps.now().toISOString(), last_error: 'skipped: booking no longer active' }).where('id', '=', row.id).execute()
        continue
      }
      try {
        if (this.deps.wechat && payload.openid) {
          await this.deps.wechat.client.sendSubscribeMessage({
            openid: payload.openid,
            templateId: this.deps.wechat.templateId,
            page: `pages/me/index?booking=${payload.code}`,
            data: {
              thing1: thing(headings[row.kind] ?? '预约通知'),
              thing2: thing(payload.stationName),
              time3: payload.slotStart.slice(0, 16).replace('T', ' '),
              character_string4: payload.code,
            },
          })
          tally.sent += 1
        } else {
          this.deps.logger.info({ kind: row.kind, code: redactCode(payload.code), slotStart: payload.slotStart }, 'reminder not sent (WeChat not configured or not accepted); logged instead')
          tally.logged += 1
        }
        await db.updateTable('outbox').set({ sent_at: this.deps.now().toISOString(), last_error: null }).where('id', '=', row.id).execute()
      } catch (error) {
        tally.failed += 1
        const reason = failureReason({ error, openid: payload.openid })
        const errcode = error instanceof WechatError ? error.errcode : null
        if (errcode === NO_SUBSCRIPTION_CREDIT) {
          // undeliverable: no more attempts are made
          await db.updateTable('outbox').set({ last_error: `undeliverable: ${reason}`, attempts: MAX_ATTEMPTS }).where('id', '=', row.id).execute()
          this.deps.logger.warn({ kind: row.kind, errcode: NO_SUBSCRIPTION_CREDIT }, 'reminder undeliverable: no subscription credit')
          continue
        }
        await db.updateTable('outbox').set({ last_error: reason }).where('id', '=', row.id).execute()
        // `reason`, not `error`: the err/error serializer reduces a plain string to `{ type: 'string' }`
        this.deps.logger.warn({ kind: row.kind, code: redactCode(payload.code), errcode, reason, attempt: row.attempts + 1 }, 'reminder delivery failed; will retry')
      }
    }
    return tally
  }

  private async stillActive(bookingId: string): Promise<boolean> {
    const booking = await this.deps.storage.db.selectFrom('bookings').select('status').where('id', '=', bookingId).executeTakeFirst()
    return booking !== undefined && (booking.status === 'booked' || booking.status === 'confirmed')
  }

  /** Sends what is due every `intervalMs`, one run at a time; returns a stop function. */
  start(intervalMs: number): () => void {
    return repeatInBackground({ work: () => this.sendDue(), intervalMs, logger: this.deps.logger, failure: 'reminder sender failed' })
  }
}
