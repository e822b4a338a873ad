import { repeatInBackground } from '../repeat'
import type { Logger } from 'pino'
import { redactCode } from '../http/request-logger'
import { redactSecrets, summariseError } from '../logging'
import type { Storage } from '../storage/database'
import { KyselyOutboxRepository, type OutboxRepository } from './outbox.repository'
import { WechatError, type WechatClient } from '../wechat/wechat-client'
import { isUndeliverable, SmsError, type SmsMessageKind, type SmsSender } from '../sms/sms-sender'

/** WeChat: the user has no subscription credit left (or refused); retrying cannot succeed. */
const NO_SUBSCRIPTION_CREDIT = 43101

interface OutboxPayload {
  bookingId: string
  code: string
  stationName: string
  slotStart: string
  openid: string | null
  /** the phone answered an SMS code when booking: the message may go to it by SMS */
  sms?: boolean
}

const SMS_KINDS: Record<string, SmsMessageKind> = {
  booking_created: 'booking_created',
  booking_reminder: 'booking_reminder',
  booking_cancelled: 'booking_cancelled',
}

/** `2026-11-30T09:00:00+08:00` → `11月30日 09:00`: how the SMS names the time (China time, as stored). */
function smsTime(slotStart: string): string {
  const [, month, day, time] = /^\d{4}-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(slotStart) ?? []
  return month ? `${Number(month)}月${Number(day)}日 ${time}` : slotStart
}

const headings: Record<string, string> = { booking_created: '预约成功', booking_reminder: '明天的法律援助咨询', booking_cancelled: '预约已取消' }

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
      /** the SMS provider (SMS_PROVIDER); messages of bookings whose phone answered an SMS code go by SMS */
      sms?: SmsSender | null
    },
  ) {
    this.outbox = new KyselyOutboxRepository(deps.storage.db)
  }

  private readonly outbox: OutboxRepository

  async sendDue(params: { limit?: number } = {}): Promise<{ sent: number; logged: number; failed: number }> {
    const due = await this.outbox.listDue({ now: this.deps.now().toISOString(), limit: params.limit ?? 50 })
    const tally = { sent: 0, logged: 0, failed: 0 }
    for (const row of due) {
      if (!(await this.outbox.claim(row))) continue
      const payload = JSON.parse(row.payload) as OutboxPayload
      if (row.kind === 'booking_reminder' && !(await this.stillActive(payload.bookingId))) {
        // cancelled (by the resident or the station) since it was queued: a reminder would bring them in for nothing
        await this.outbox.markSent({ id: row.id, at: this.deps.now().toISOString(), lastError: 'skipped: booking no longer active' })
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
        } else if (
          this.deps.sms &&
          SMS_KINDS[row.kind] &&
          this.deps.sms.canSend(SMS_KINDS[row.kind]) &&
          (payload.sms === true || (await this.smsVerifiedEarlier(row.kind, payload.bookingId)))
        ) {
          // the number is read from the booking now, not kept in the outbox; an erased booking sends nothing
          const booking = await this.outbox.bookingPhone(payload.bookingId)
          if (!booking || booking.phone_last4 === '') {
            tally.logged += 1
          } else {
            const kind = SMS_KINDS[row.kind]
            const params: Record<string, string> = { station: thing(payload.stationName), time: smsTime(payload.slotStart) }
            if (kind !== 'booking_cancelled') params.code = payload.code
            await this.deps.sms.send({ phone: booking.phone, kind, params })
            tally.sent += 1
          }
        } else {
          this.deps.logger.info(
            { kind: row.kind, code: redactCode(payload.code), slotStart: payload.slotStart },
            'reminder not sent (WeChat not configured or not accepted); logged instead',
          )
          tally.logged += 1
        }
        await this.outbox.markSent({ id: row.id, at: this.deps.now().toISOString() })
      } catch (error) {
        tally.failed += 1
        const reason = failureReason({ error, openid: payload.openid })
        const errcode = error instanceof WechatError ? error.errcode : error instanceof SmsError ? error.code : null
        if (errcode === NO_SUBSCRIPTION_CREDIT || isUndeliverable(error)) {
          // undeliverable: no more attempts are made
          await this.outbox.markUndeliverable({ id: row.id, lastError: `undeliverable: ${reason}` })
          this.deps.logger.warn(
            { kind: row.kind, errcode },
            errcode === NO_SUBSCRIPTION_CREDIT ? 'reminder undeliverable: no subscription credit' : 'reminder undeliverable: the provider refuses this number',
          )
          continue
        }
        await this.outbox.recordFailure({ id: row.id, lastError: reason })
        // `reason`, not `error`: the err/error serializer reduces a plain string to `{ type: 'string' }`
        this.deps.logger.warn(
          { kind: row.kind, code: redactCode(payload.code), errcode, reason, attempt: row.attempts + 1 },
          'reminder delivery failed; will retry',
        )
      }
    }
    return tally
  }

  private async stillActive(bookingId: string): Promise<boolean> {
    const status = await this.outbox.bookingStatus(bookingId)
    return status === 'booked' || status === 'confirmed'
  }

  /**
   * A cancellation carries no `sms` mark (the cancel does not know how the booking was proved): it
   * goes by SMS when the booking's own confirmation or reminder was marked, found in the outbox.
   */
  private async smsVerifiedEarlier(kind: string, bookingId: string): Promise<boolean> {
    if (kind !== 'booking_cancelled' || !/^[0-9a-f-]{36}$/.test(bookingId)) return false
    return this.outbox.smsMarked(bookingId)
  }

  /** Sends what is due every `intervalMs`, one run at a time; returns a stop function. */
  start(intervalMs: number): () => Promise<void> {
    return repeatInBackground({ work: () => this.sendDue(), intervalMs, logger: this.deps.logger, failure: 'reminder sender failed' })
  }
}
