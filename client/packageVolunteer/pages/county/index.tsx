import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useCallback, useState } from 'react'
import { describeFollowUp, type MediationRecord, type MediationStatsResponse } from '../../../../contracts/mediations'
import { ChoiceGrid } from '../../../components/choice-grid'
import { LoadNotice } from '../../../components/load-notice'
import { PageShell } from '../../../components/page-shell'
import { useRemote } from '../../../hooks/use-remote'
import { countySession, describeRecord, fetchCountyRecords, fetchCountyStats, formatDate } from '../../../services/mediations'
import { PERIOD_CHOICES, rangeOf, StatsView, type Period } from '../../components/stats-view'
import '../../components/volunteer.css'
import { pageUrl } from '../../../../contracts/app-pages'

const ADMIN_PAGE = pageUrl('packageBooking/pages/admin/index')
const RECENT_SHOWN = 30

function CountyRecord(props: { record: MediationRecord }) {
  const { record } = props
  const { title, detail } = describeRecord(record)
  return (
    <View className='vol-record' data-testid='county-record' data-kind={record.kind} data-id={record.id}>
      <Text className='vol-record-title'>{title}</Text>
      <Text className='vol-record-detail'>
        {detail} · {record.volunteerName}
      </Text>
      {record.followUpsDone.map((followUp) => (
        <View className='vol-followup-done' key={followUp.id} data-testid='county-follow-up'>
          <Text className='vol-record-detail'>
            回访 {formatDate(followUp.visitedOn)}：{describeFollowUp(followUp)}
          </Text>
        </View>
      ))}
    </View>
  )
}

/**
 * 全县调解统计 for the county 司法局 (an administrator signed in through 核实服务站信息): the
 * county's 调解, 零上报, 回访 and 待回访 for a period, and its latest records with their 回访 —
 * what the county's volunteers sent, as soon as it is uploaded.
 */
export default function CountyMediationsPage() {
  const [session] = useState(() => countySession())
  const [period, setPeriod] = useState<Period>('month')
  const load = useCallback(async (): Promise<{ stats: MediationStatsResponse; records: MediationRecord[] } | null> => {
    if (!session) return null
    const [stats, records] = await Promise.all([fetchCountyStats(rangeOf(period)), fetchCountyRecords()])
    return { stats, records }
  }, [session, period])
  const { data, error, loading, reload } = useRemote(load)
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })

  if (!session) {
    return (
      <PageShell>
        <Text className='title'>全县调解统计</Text>
        <Text className='notice' data-testid='county-sign-in-first'>
          县司法局管理员请先登录（我的 → 县司法局：核实服务站信息），再回到这里。
        </Text>
        <View className='button' role='button' onClick={() => void Taro.redirectTo({ url: ADMIN_PAGE })}>
          去登录
        </View>
      </PageShell>
    )
  }

  return (
    <PageShell>
      <Text className='title'>全县调解统计</Text>
      <Text className='vol-who'>{session.displayName}</Text>
      <ChoiceGrid choices={PERIOD_CHOICES} value={period} onChange={setPeriod} columns={2} label='时间范围' testIdPrefix='period' />
      <View className='vol-gap' />
      <LoadNotice loading={loading && !data} error={error} onRetry={() => void reload()} />
      {error && data && <Text className='muted'>下面是上次取到的数字。</Text>}
      {data && <StatsView stats={data.stats} period={period} />}
      {data && (
        <View className='card' data-testid='county-records'>
          <Text className='subtitle'>最近的记录</Text>
          {data.records.length === 0 && <Text className='muted'>还没有记录。</Text>}
          {data.records.slice(0, RECENT_SHOWN).map((record) => (
            <CountyRecord key={record.id} record={record} />
          ))}
          {data.records.length > RECENT_SHOWN && <Text className='vol-hint'>只列出最近 {RECENT_SHOWN} 条；全部记录请用导出（CSV）。</Text>}
        </View>
      )}
    </PageShell>
  )
}
