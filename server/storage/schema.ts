import type { Generated } from 'kysely'

/** Table types for Kysely; column names are snake_case in both databases. */
export interface ReportsTable {
  id: string
  county: string
  year: number | null
  title: string
  publisher: string | null
  published_at: string | null
  source: string | null
  content_hash: string
  /** the structured report (contracts/report.ts) as JSON text, identical in SQLite and PostgreSQL */
  document: string
  imported_at: string
}

export interface StationsTable {
  id: string
  county: string
  /** the station (contracts/station.ts) as JSON text */
  station: string
  imported_at: string
}

export interface SchedulesTable {
  station_id: string
  /** contracts/bookings.ts Schedule as JSON text */
  schedule: string
  updated_at: string
  updated_by: string | null
}

export interface SlotsTable {
  station_id: string
  slot_start: string
  capacity: number
  booked: Generated<number>
}

export interface BookingsTable {
  id: string
  code: string
  station_id: string
  station_name: string
  slot_start: string
  slot_end: string
  matter: string
  description: string
  name: string
  phone: string
  phone_last4: string
  status: string
  cancel_reason: string | null
  proxy: string | null
  wechat_openid: string | null
  created_at: string
  updated_at: string
  /** sha256 of the booking device's manage token (X-Booking-Token); null for bookings made before it existed */
  manage_token_hash: string | null
}

export interface IdempotencyKeysTable {
  key: string
  fingerprint: string
  status: number
  response: string
  created_at: string
}

export interface OutboxTable {
  id: string
  kind: string
  payload: string
  created_at: string
  due_at: string
  sent_at: string | null
  attempts: Generated<number>
  last_error: string | null
}

export interface UsersTable {
  id: string
  role: string
  username: string | null
  password_hash: string | null
  display_name: string
  station_id: string | null
  county: string | null
  town: string | null
  village: string | null
  phone: string | null
  invite_hash: string | null
  wechat_openid: string | null
  disabled_at: string | null
  /** when the outstanding invite code stops working (INVITE_TTL_DAYS) */
  invite_expires_at: string | null
  /** 1 while the password is a printed one-time password: the next sign-in must set a new one */
  password_must_change: number
  created_at: string
}

export interface AuthTokensTable {
  token_hash: string
  user_id: string
  created_at: string
  expires_at: string
  revoked_at: string | null
}

export interface RateLimitsTable {
  bucket: string
  window_start: string
  hits: number
}

export interface MediationRecordsTable {
  id: string
  kind: string
  version: number
  volunteer_id: string
  county: string
  town: string
  village: string
  occurred_on: string | null
  month: string
  dispute_type: string | null
  source: string | null
  parties_count: number | null
  /** JSON array of `张*` */
  party_names: string
  summary: string
  outcome: string | null
  referred_to: string | null
  agreement: string | null
  amount_yuan: number | null
  /** 0 or 1: booleans the same way in both databases */
  involves_payment: number
  created_at: string
  updated_at: string
}

export interface MediationAuditTable {
  id: string
  record_id: string
  version: number
  action: string
  changed_by: string
  changed_at: string
  snapshot: string
}

export interface ScenesTable {
  /** e.g. `r=K7Q2`, at most 32 characters */
  scene: string
  /** the app page the code opens, e.g. `pages/report/index` */
  page: string
  /** the report or station id passed to that page as `id` */
  target_id: string
  created_at: string
}

export interface WxacodesTable {
  scene: string
  /** release, trial or develop: a code opens one version of the mini program */
  env_version: string
  content_type: string
  image_base64: string
  fetched_at: string
}

export interface DatabaseSchema {
  scenes: ScenesTable
  wxacodes: WxacodesTable
  mediation_records: MediationRecordsTable
  mediation_audit: MediationAuditTable
  reports: ReportsTable
  stations: StationsTable
  schedules: SchedulesTable
  slots: SlotsTable
  bookings: BookingsTable
  idempotency_keys: IdempotencyKeysTable
  outbox: OutboxTable
  users: UsersTable
  auth_tokens: AuthTokensTable
  rate_limits: RateLimitsTable
}
