import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useCallback, useState } from 'react'
import { LoadNotice } from '../../../components/load-notice'
import { PageShell } from '../../../components/page-shell'
import { useRemote } from '../../../hooks/use-remote'
import { fetchStats, syncOutbox } from '../../../services/mediations'
import { ChoiceGrid } from '../../../components/choice-grid'
import { LOG_PAGE, STATS_PAGE, useOutbox, useVolunteerGate } from '../../components/session'
import { SyncBanner } from '../../components/sync-banner'
import { PERIOD_CHOICES, rangeOf, StatsView, type Period } from '../../components/stats-view'
import { VolunteerHeading, WaitingForSignIn } from '../../components/volunteer-heading'
import '../../components/volunteer.css'

/** 统计: totals (调解, 零上报, 回访, 待回访) and bars by type, outcome, town and month; counts under 5 stay `<5`. */
export default function StatsPage() {
  const session = useVolunteerGate(STATS_PAGE)
  const outbox = useOutbox(session)
  const [period, setPeriod] = useState<Period>('month')
  const load = useCallback(async () => {
    if (!session) return null
    // what is waiting on the phone goes up first, so it is counted
    await syncOutbox()
    return fetchStats(rangeOf(period))
  }, [session, period])
  const { data: stats, error, loading, reload } = useRemote(load)
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })

  if (!session) return <WaitingForSignIn />

  return (
    <PageShell>
      <VolunteerHeading title='调解统计' session={session} />
      <SyncBanner outbox={outbox} here={STATS_PAGE} />
      <ChoiceGrid choices={PERIOD_CHOICES} value={period} onChange={setPeriod} columns={2} label='时间范围' testIdPrefix='period' />
      <View className='vol-gap' />
      <LoadNotice loading={loading && !stats} error={error} onRetry={() => void reload()} />
      {error && stats && <Text className='muted'>下面是上次取到的数字。</Text>}
      {stats && <StatsView stats={stats} period={period} pendingOnPhone={outbox.counts.pending} />}
      <View className='button' role='button' onClick={() => void Taro.navigateTo({ url: LOG_PAGE })}>
        记一笔
      </View>
    </PageShell>
  )
}
