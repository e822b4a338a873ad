import { Text, View } from '@tarojs/components'
import { BOOKING_STATUS_LABELS, MATTER_LABELS, type Booking } from '../../../contracts/bookings'
import { formatSlot } from '../../services/bookings'
import './booking.css'

const AGENT_ROLE_LABELS: Readonly<Record<string, string>> = { volunteer: '法律明白人', staff: '工作人员', family: '家人', other: '其他' }

export function StatusBadge(props: { status: Booking['status'] }) {
  return (
    <Text className={`status-badge status-badge-${props.status}`} data-testid='booking-status'>
      {BOOKING_STATUS_LABELS[props.status]}
    </Text>
  )
}

/** One booking as its owner sees it (the phone is masked by the server). */
export function BookingDetails(props: { booking: Booking; hideCode?: boolean }) {
  const { booking } = props
  const rows: { label: string; value: string; testId?: string }[] = [
    { label: '服务站', value: booking.stationName, testId: 'booking-station' },
    { label: '时间', value: formatSlot({ start: booking.slotStart, end: booking.slotEnd }), testId: 'booking-time' },
    { label: '事项', value: MATTER_LABELS[booking.matter] },
    ...(booking.description ? [{ label: '说明', value: booking.description }] : []),
    { label: '姓名', value: booking.name },
    { label: '手机', value: booking.phone },
    ...(booking.proxy
      ? [{ label: '代办', value: `${booking.proxy.agentName}（${AGENT_ROLE_LABELS[booking.proxy.agentRole] ?? booking.proxy.agentRole}）` }]
      : []),
    ...(booking.cancelReason ? [{ label: '取消原因', value: booking.cancelReason }] : []),
  ]
  return (
    <View data-testid='booking-details'>
      {!props.hideCode && (
        <View className='summary-row'>
          <Text className='summary-label'>预约码</Text>
          <Text className='summary-value summary-code'>{booking.code}</Text>
        </View>
      )}
      <View className='summary-row'>
        <Text className='summary-label'>状态</Text>
        <View className='summary-value'>
          <StatusBadge status={booking.status} />
        </View>
      </View>
      {rows.map((row) => (
        <View className='summary-row' key={row.label}>
          <Text className='summary-label'>{row.label}</Text>
          <Text className='summary-value' data-testid={row.testId}>
            {row.value}
          </Text>
        </View>
      ))}
    </View>
  )
}

/** 要带的材料: a numbered list to read, not boxes to tick (□ looked like check boxes that did nothing when tapped). */
export function PapersList(props: { papers: readonly string[] }) {
  return (
    <View className='papers' data-testid='papers' role='list'>
      {props.papers.map((paper, index) => (
        <View className='paper' key={paper} role='listitem'>
          <Text className='paper-number'>{index + 1}.</Text>
          <Text className='paper-text'>{paper}</Text>
        </View>
      ))}
    </View>
  )
}
