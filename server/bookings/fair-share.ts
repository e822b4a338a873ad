import { addDays } from '../../contracts/china-time'

/**
 * A station's fair shares (issue 23 rows 3 and 4): how many active upcoming bookings at one station
 * one client address, and one phone from one address, may hold on one China day and over the
 * booking horizon. Pure: the repository counts what is held inside the booking's write transaction
 * (serialised per station and address) and asks `fairShareRefusal` before it takes the place.
 *
 * The phone's share is counted per (phone, address), never per phone alone: phones are not
 * verified, so a count by phone is one a stranger can fill by typing someone else's number (row 4).
 * What a stranger does from their address fills their address's share, not the owner's.
 */
export interface FairShareCaps {
  /** active bookings one address may hold at one station on one China day */
  perAddressDay: number
  /** active upcoming bookings one address may hold at one station over the horizon */
  perAddressHorizon: number
  /** the same, for one phone booking from one address */
  perPhoneDay: number
  perPhoneHorizon: number
}

/** What the address (and the phone from that address) already hold at the station, before this booking. */
export interface FairShareHeld {
  addressDay: number
  addressHorizon: number
  phoneDay: number
  phoneHorizon: number
}

export interface FairShareRefusal {
  /** whose share is full: the phone's (from this address) or the address's */
  field: 'phone' | 'address'
  scope: 'day' | 'horizon'
  limit: number
}

/**
 * Why this booking would take more than a fair share, or null when it may go ahead. The phone's
 * share is checked first: a person who books too much is told about their own number, not about
 * the neighbours behind the same carrier address.
 */
export function fairShareRefusal(params: { caps: FairShareCaps; held: FairShareHeld }): FairShareRefusal | null {
  const { caps, held } = params
  if (held.phoneDay >= caps.perPhoneDay) return { field: 'phone', scope: 'day', limit: caps.perPhoneDay }
  if (held.phoneHorizon >= caps.perPhoneHorizon) return { field: 'phone', scope: 'horizon', limit: caps.perPhoneHorizon }
  if (held.addressDay >= caps.perAddressDay) return { field: 'address', scope: 'day', limit: caps.perAddressDay }
  if (held.addressHorizon >= caps.perAddressHorizon) return { field: 'address', scope: 'horizon', limit: caps.perAddressHorizon }
  return null
}

/**
 * The refusal in words a resident acts on, with the field it names. The address is not a field
 * the resident typed: it is reported on `stationId` (the station they chose), with what to do.
 */
export function fairShareMessage(refusal: FairShareRefusal): { message: string; field: { path: string; message: string } } {
  const when = refusal.scope === 'day' ? '这一天' : '近期'
  if (refusal.field === 'phone') {
    const reason = `这个手机号在本服务站${when}已有 ${refusal.limit} 个预约`
    return {
      message: `${reason}，不能再约。请先办完或取消已有的预约；着急的话请拨打 12348 法律服务热线，或换一个服务站预约`,
      field: { path: 'phone', message: reason },
    }
  }
  const reason = `同一网络在本服务站${when}的预约已满 ${refusal.limit} 个`
  return {
    message: `${reason}（同村共用一个网络时也算在一起）。请换一天或换一个服务站预约，也可以直接打电话给服务站，或拨打 12348 法律服务热线`,
    field: { path: 'stationId', message: reason },
  }
}

/** What the shares are counted over, as slot texts (Asia/Shanghai, `2026-11-27T09:00:00+08:00`). */
export interface FairShareWindow {
  /** upcoming: slots starting at or after now */
  from: string
  /** the China day of the slot being booked: [dayStart, dayEnd) */
  dayStart: string
  dayEnd: string
}

/** The window for a booking of the slot starting at `slotStart` (Shanghai text), at `nowText` (Shanghai text). */
export function fairShareWindow(params: { slotStart: string; nowText: string }): FairShareWindow {
  const day = params.slotStart.slice(0, 10)
  return { from: params.nowText, dayStart: `${day}T00:00:00+08:00`, dayEnd: `${addDays({ date: day, days: 1 })}T00:00:00+08:00` }
}
