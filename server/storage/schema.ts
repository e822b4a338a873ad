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
  /** the imported text byte for byte (migration 0011_report_source); null for reports imported before */
  source_text: string | null
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
  /**
   * HMAC-SHA256 (key: server_keys 'booking-address') of the client address bucket the booking came
   * from (IPv4, or an IPv6 /64), for the station's fair shares and staff's 取消同一网络的预约; never the
   * address. Null for bookings made before 0018 and once the personal data is erased.
   */
  address_hash: string | null
}

export interface ServerKeysTable {
  name: string
  secret: string
  created_at: string
}

export interface IdempotencyKeysTable {
  key: string
  fingerprint: string
  status: number
  response: string
  created_at: string
}

/**
 * A message is given up after this many attempts (`attempts` reaches it; an undeliverable one is set
 * to it at once): the sender, the retention rules and the metrics all read the column this way.
 */
export const OUTBOX_MAX_ATTEMPTS = 5

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

/** A phone's device credential for a staff or administrator account (issue 23 row 5): only its sha256 */
export interface LoginDevicesTable {
  credential_hash: string
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

export interface MediationFollowUpsTable {
  id: string
  record_id: string
  volunteer_id: string
  county: string
  town: string
  kind: string
  /** YYYY-MM-DD, China date of the visit */
  visited_on: string
  fulfilment: string
  /** 0 or 1 */
  recurred: number
  judicial: string
  note: string
  created_at: string
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

/** Every status change of a booking (migration 0009_staff_day): who, when, from, to. */
export interface BookingStatusChangesTable {
  id: string
  booking_id: string
  station_id: string
  /** 1, 2, … per booking; the highest is the last change */
  version: number
  from_status: string
  to_status: string
  /** 'staff' or 'resident' (the booking's own phone: cancel, reschedule) */
  actor: string
  /** users.id of the staff member; null for the resident */
  changed_by: string | null
  /** UTC ISO */
  changed_at: string
  /** id of the change this one undid; null for an ordinary change */
  undoes: string | null
}

/** Each 回电 (migration 0009_staff_day): which booking's phone a staff member saw, when — never the phone. */
export interface CorrectionPhoneRevealsTable {
  id: string
  correction_id: string
  /** the administrator's user id */
  revealed_by: string
  /** UTC ISO */
  revealed_at: string
}

export interface BookingPhoneRevealsTable {
  id: string
  booking_id: string
  station_id: string
  revealed_by: string
  /** UTC ISO */
  revealed_at: string
}

/** What a station's staff or the county set over the directory's facts (migration 0008_station_keeping). */
export interface StationOverlaysTable {
  station_id: string
  county: string
  /** contracts/station-keeping.ts StationFacts as JSON text */
  facts: string
  /** 'self_reported' (staff, awaiting the county), 'verified', or 'none' (nothing kept any more: rejected, replaced) */
  status: string
  /** 'staff' or 'admin' */
  origin: string
  /** 1, 2, … with every change of the row */
  version: number
  /** UTC ISO: when these facts were set */
  reported_at: string
  /** users.id */
  reported_by: string
  /** YYYY-MM-DD, China time; null while self-reported */
  verified_at: string | null
  verified_by: string | null
  /** StationFacts JSON: the directory's facts as they were when these were set or verified (a later change there is news) */
  base: string | null
  /** JSON of the overlay a rejection restores while self-reported; null: none (the directory's facts return) */
  previous: string | null
}

/** Every change of a station's facts (migration 0008_station_keeping): who, when, before, after. */
export interface StationProfileHistoryTable {
  id: string
  station_id: string
  county: string
  /** self_report, admin_edit, verify, reject, upstream_replaced */
  action: string
  /** the overlay version this change made (1, 2, …): orders the station's history */
  version: number
  /** users.id; null for the county's published directory */
  actor_id: string | null
  actor_name: string | null
  /** 'staff' or 'admin' */
  actor_role: string | null
  /** UTC ISO */
  at: string
  /** StationFacts JSON */
  before: string | null
  after: string | null
  note: string | null
}

/** Residents' 信息有误 reports (migration 0008_station_keeping). */
export interface StationCorrectionsTable {
  id: string
  station_id: string
  county: string
  /** phone, address, hours, location, closed, other */
  field: string
  message: string
  /** digits only; erased by the retention rules */
  callback_phone: string | null
  /** UTC ISO */
  created_at: string
  resolved_at: string | null
  resolved_by: string | null
  resolved_by_name: string | null
  resolution_note: string | null
  /** how many identical reports this open correction stands for (0016); 1 for one sender */
  reports: number
}

/** SMS codes (migration 0017_phone_codes): keyed hashes only, deleted a day after they were sent. */
export interface PhoneCodesTable {
  /** sha256 of the request id the requesting phone keeps (only it can try the code) */
  id: string
  /** keyed hash (HMAC) of the phone number */
  phone_hash: string
  /** keyed hash of the requesting address key (IPv4, or an IPv6 /64) */
  address_hash: string
  /** booking | lookup */
  purpose: string
  /** keyed hash of the request id and the 6-digit code */
  code_hash: string
  sent_at: string
  expires_at: string
  /** wrong codes tried so far (5 and the code is used up) */
  tries: Generated<number>
  /** when the right code was given; it then proves the phone until it expires */
  verified_at: string | null
}

export interface DatabaseSchema {
  phone_codes: PhoneCodesTable
  station_overlays: StationOverlaysTable
  station_profile_history: StationProfileHistoryTable
  station_corrections: StationCorrectionsTable
  booking_status_changes: BookingStatusChangesTable
  booking_phone_reveals: BookingPhoneRevealsTable
  correction_phone_reveals: CorrectionPhoneRevealsTable
  scenes: ScenesTable
  wxacodes: WxacodesTable
  mediation_records: MediationRecordsTable
  mediation_audit: MediationAuditTable
  mediation_follow_ups: MediationFollowUpsTable
  reports: ReportsTable
  stations: StationsTable
  schedules: SchedulesTable
  slots: SlotsTable
  bookings: BookingsTable
  idempotency_keys: IdempotencyKeysTable
  outbox: OutboxTable
  users: UsersTable
  auth_tokens: AuthTokensTable
  login_devices: LoginDevicesTable
  rate_limits: RateLimitsTable
  server_keys: ServerKeysTable
}
