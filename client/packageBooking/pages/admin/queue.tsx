import { Text, View } from '@tarojs/components'
import { LoadNotice } from '../../../components/load-notice'
import type { PhoneReveal } from '../../../services/station-keeping'
import { formatWhen } from '../../components/station-form-facts'
import { QueueItem } from './queue-item'
import { queueKey, useAdminQueue } from './use-admin'

/** 待核实's list: what the last item dealt with came to, the items (newest first), then 回电记录. */
export function Queue(props: { onEdit: (stationId: string) => void; onSignedOut: () => void; onCounty: (county: string) => void }) {
  const queue = useAdminQueue(props)
  const { items, reveals, done } = queue.state
  return (
    <View data-testid='admin-queue'>
      {done && (
        <View className='queue-done' role='status' data-testid='queue-done'>
          <Text>{done}</Text>
        </View>
      )}
      <LoadNotice loading={queue.loading} error={queue.error} onRetry={queue.load} />
      {items && (
        <Text className='subtitle' data-testid='queue-count'>
          {items.length === 0 ? '没有待核实的内容了' : `待核实 ${items.length} 项（新的在前）`}
        </Text>
      )}
      {items?.map((item) => (
        <QueueItem
          key={queueKey(item)}
          item={item}
          onEdit={props.onEdit}
          onSignedOut={props.onSignedOut}
          onDone={(words) => queue.done(item, words)}
          onStale={queue.stale}
        />
      ))}
      {items && <PhoneRevealLog reveals={reveals} />}
    </View>
  )
}

/** 回电记录: which staff member saw which booking's whole phone, when (last 7 days; the phone masked here). */
function PhoneRevealLog(props: { reveals: PhoneReveal[] }) {
  return (
    <View className='card' data-testid='phone-reveals'>
      <Text className='subtitle'>近 7 天工作人员查看预约电话（回电）</Text>
      {props.reveals.length === 0 && <Text className='muted'>没有</Text>}
      {props.reveals.map((reveal, index) => (
        <View key={`${reveal.revealedAt}-${index}`} className='list-item' data-testid='phone-reveal'>
          <Text className='text'>
            {reveal.staffName} · {reveal.stationName}
          </Text>
          <Text className='muted'>
            {formatWhen(reveal.revealedAt)} 查看了 {formatWhen(reveal.slotStart)} 预约的电话 {reveal.phone}
          </Text>
        </View>
      ))}
    </View>
  )
}
