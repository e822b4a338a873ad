import { Text, View } from '@tarojs/components'
import type { MediationStatsResponse } from '../../../contracts/mediations'
import { chinaMonth } from '../../../contracts/china-time'
import { formatMonth } from '../../services/mediations'
import { type Choice } from '../../components/choice-grid'
import { BarChart } from './bar-chart'
import './volunteer.css'

export type Period = 'month' | 'quarter' | 'year' | 'all'
export const PERIOD_CHOICES: Choice<Period>[] = [
  { value: 'month', label: '本月' },
  { value: 'quarter', label: '近三个月' },
  { value: 'year', label: '今年' },
  { value: 'all', label: '全部' },
]

export function rangeOf(period: Period): { from?: string; to?: string } {
  const month = chinaMonth({ now: new Date() })
  switch (period) {
    case 'month':
      return { from: month, to: month }
    case 'quarter':
      return { from: chinaMonth({ now: new Date(), offsetMonths: -2 }), to: month }
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
  return [
    stats.total,
    stats.zeroReports,
    stats.followUps.done,
    stats.followUps.due,
    ...[stats.byType, stats.byOutcome, stats.byTown, stats.byMonth, stats.followUps.byOutcome].flat().map((row) => row.count),
  ].includes('<5')
}

const SCOPE_NAMES: Record<MediationStatsResponse['scope']['level'], string> = { volunteer: '我记的', town: '全乡镇', county: '全县' }

function Total(props: { value: MediationStatsResponse['total']; label: string; testId: string }) {
  return (
    <View className='vol-total'>
      <Text className='vol-total-value' data-testid={props.testId}>
        {countText(props.value)}
      </Text>
      <Text className='vol-total-label'>{props.label}</Text>
    </View>
  )
}

/**
 * 调解统计 as numbers and bars: 调解, 零上报, 回访 and 待回访, then by type, outcome, 回访结果,
 * town and month; counts under 5 stay `<5` outside one's own view. The volunteer's page and the
 * county's page show the same view of their own scope.
 */
export function StatsView(props: { stats: MediationStatsResponse; period: Period; pendingOnPhone?: number }) {
  const { stats } = props
  const range = rangeOf(props.period)
  const rangeText = range.from
    ? range.from === range.to
      ? formatMonth(range.from)
      : `${formatMonth(range.from)}至${formatMonth(range.to ?? range.from)}`
    : '全部时间'
  return (
    <>
      <View className='card card-accent' data-testid='stats-totals'>
        <Text className='muted'>
          {SCOPE_NAMES[stats.scope.level]}（{stats.scope.name}）· {rangeText}
        </Text>
        <View className='vol-totals'>
          <Total value={stats.total} label='调解（件）' testId='stats-total' />
          <Total value={stats.zeroReports} label='零上报（次）' testId='stats-zero' />
        </View>
        <View className='vol-totals'>
          <Total value={stats.followUps.done} label='回访（次）' testId='stats-follow-ups' />
          <Total value={stats.followUps.due} label='待回访（截至今天）' testId='stats-follow-ups-due' />
        </View>
        {(props.pendingOnPhone ?? 0) > 0 && <Text className='vol-hint'>还有 {props.pendingOnPhone} 条在手机上待上传，上传后才计入。</Text>}
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
  )
}
