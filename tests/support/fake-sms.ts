import type { FakeUpstream } from './fake-upstream'

/** What both fake SMS providers (腾讯云, 阿里云) show a test; `Sent` is each provider's own message record. */
export interface FakeSmsProvider<Sent> {
  baseUrl: string
  upstream: FakeUpstream
  /** messages accepted, in order */
  sent: Sent[]
  /** requests refused (signature, unknown key, …), by the provider's error code, in order */
  refused: { code: string }[]
  /** the next send answers this provider code once (a daily limit, a blacklisted number) */
  failNext: string | null
  /** the 6-digit code of the last message sent to this number (what the owner reads on the phone) */
  lastCode(phone: string): string | null
  close(): Promise<void>
}
