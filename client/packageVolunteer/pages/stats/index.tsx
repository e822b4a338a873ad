import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useCallback, useState } from 'react'
import type { MediationStatsResponse } from '../../../../contracts/mediations'
import { LoadNotice } from '../../../components/load-notice'
import { PageShell } from '../../../components/page-shell'
import { useRemote } from '../../../hooks/use-remote'
import { chinaMonth, fetchStats, formatMonth, syncOutbox } from '../../../services/mediations'
import { BarChart } from '../../components/bar-chart'
import { ChoiceGrid, type Choice } from '../../../components/choice-grid'
import { LOG_PAGE, STATS_PAGE, useOutbox, useVolunteerGate } from '../../components/session'
import { SyncBanner } from '../../components/sync-banner'
import '../../components/volunteer.css'

type Period = 'month' | 'quarter' | 'year' | 'all'
const PERIOD_CHOICES: Choice<Period>[] = [
  { value: 'month', label: '本月' },
  { value: 'quarter', label: '近三个月' },
  { value: 'year', label: '今年' },
  { value: 'all', label: '全部' },
]

function rangeOf(period: Period): { from?: string; to?: string } {
  const month = chinaMonth()
  switch (period) {
    case 'month':
      return { from: month, to: month }
    case 'quarter':
      return { from: chinaMonth(-2), to: month }
    case 'year':
      return { from: `${month.slice(0, 4)}-01`, to: month }
    case 'all':
      return {}
  }
}

function countText(count: MediationStatsResponse['total']): string {
  return count === '<5' ? '<5' : String(count)
}

function hasHidden(stats: MediationStatsResponse): boolean {
  return [stats.total, stats.zeroReports, stats.followUps.done, stats.followUps.due, ...[stats.byType, stats.byOutcome, stats.byTown, stats.byMonth, stats.followUps.byOutcome].flat().map((row) => row.count)].includes('<5')
}

const SCOPE_NAMES: Record<MediationStatsResponse['scope']['level'], string> = { volunteer: '我记的', town: '全乡镇', county: '全县' }

/** 统计: totals and bars by type, outcome, town and month; counts under 5 stay `<5`. */
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

  if (!session) {
    return (
      <PageShell>
        <Text className='notice'>请先登录…</Text>
      </PageShell>
    )
  }

  const range = rangeOf(period)
  const rangeText = range.from ? (range.from === range.to ? formatMonth(range.from) : `${formatMonth(range.from)}至${formatMonth(range.to ?? range.from)}`) : '全部时间'

  return (
    <PageShell>
      <Text className='title'>调解统计</Text>
      <Text className='vol-who'>
        {session.displayName} · {session.town}
        {session.village}
      </Text>
      <SyncBanner outbox={outbox} here={STATS_PAGE} />
      <ChoiceGrid choices={PERIOD_CHOICES} value={period} onChange={setPeriod} columns={2} label='时间范围' testIdPrefix='period' />
      <View className='vol-gap' />
      <LoadNotice loading={loading && !stats} error={error} onRetry={() => void reload()} />
      {error && stats && <Text className='muted'>下面是上次取到的数字。</Text>}
      {stats && (
        <>
          <View className='card card-accent' data-testid='stats-totals'>
            <Text className='muted'>
              {SCOPE_NAMES[stats.scope.level]}（{stats.scope.name}）· {rangeText}
            </Text>
            <View className='vol-totals'>
              <View className='vol-total'>
                <Text className='vol-total-value' data-testid='stats-total'>
                  {countText(stats.total)}
                </Text>
                <Text className='vol-total-label'>调解（件）</Text>
              </View>
              <View className='vol-total'>
                <Text className='vol-total-value' data-testid='stats-zero'>
                  {countText(stats.zeroReports)}
                </Text>
                <Text className='vol-total-label'>零上报（次）</Text>
              </View>
            </View>
            <View className='vol-totals'>
              <View className='vol-total'>
                <Text className='vol-total-value' data-testid='stats-follow-ups'>
                  {countText(stats.followUps.done)}
                </Text>
                <Text className='vol-total-label'>回访（次）</Text>
              </View>
              <View className='vol-total'>
                <Text className='vol-total-value' data-testid='stats-follow-ups-due'>
                  {countText(stats.followUps.due)}
                </Text>
                <Text className='vol-total-label'>待回访（截至今天）</Text>
              </View>
            </View>
            {outbox.counts.pending > 0 && <Text className='vol-hint'>还有 {outbox.counts.pending} 条在手机上待上传，上传后才计入。</Text>}
          </View>
          {hasHidden(stats) && (
            <Text className='notice' data-testid='suppressed-note'>
              少于 5 件不显示具体数，只写“&lt;5”，保护当事人。
            </Text>
          )}
          <View className='card'>
            <Text className='subtitle'>按纠纷类型</Text>
            <BarChart rows={stats.byType} label='按纠纷类型' testId='chart-type' />
          </View>
          <View className='card'>
            <Text className='subtitle'>按调解结果</Text>
            <BarChart rows={stats.byOutcome} label='按调解结果' testId='chart-outcome' />
          </View>
          {stats.followUps.byOutcome.length > 0 && (
            <View className='card'>
              <Text className='subtitle'>回访结果</Text>
              <BarChart rows={stats.followUps.byOutcome} label='回访结果' testId='chart-follow-ups' />
            </View>
          )}
          <View className='card'>
            <Text className='subtitle'>按乡镇</Text>
            <BarChart rows={stats.byTown} label='按乡镇' testId='chart-town' />
          </View>
          <View className='card'>
            <Text className='subtitle'>按月份</Text>
            <BarChart rows={stats.byMonth.map((row) => ({ ...row, label: formatMonth(row.key) }))} label='按月份' testId='chart-month' />
          </View>
        </>
      )}
      <View className='button' role='button' onClick={() => void Taro.navigateTo({ url: LOG_PAGE })}>
        记一笔
      </View>
    </PageShell>
  )
}
