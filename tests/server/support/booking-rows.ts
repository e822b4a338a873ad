import { randomUUID } from 'node:crypto'
import type { BookingsTable } from '../../../server/storage/schema'

/**
 * A row of `bookings` as the repository writes it: 张三's unpaid wages at 隘口镇's workstation,
 * booked on 2026-11-26. Each suite gives what it is about (its code and slot scheme, the phone,
 * the status…); the id is new each time.
 */
export function bookingsRow(row: Pick<BookingsTable, 'code' | 'slot_start' | 'slot_end'> & Partial<BookingsTable>): BookingsTable {
  return {
    id: randomUUID(),
    station_id: '500241103-ws',
    station_name: '隘口镇公共法律服务工作站',
    matter: 'labor_wages',
    description: '工地老板拖欠三个月工资',
    name: '张三',
    phone: '13800138000',
    phone_last4: '8000',
    status: 'booked',
    cancel_reason: null,
    proxy: null,
    wechat_openid: null,
    manage_token_hash: null,
    address_hash: null,
    created_at: '2026-11-26T00:00:00.000Z',
    updated_at: '2026-11-26T00:00:00.000Z',
    ...row,
  }
}
