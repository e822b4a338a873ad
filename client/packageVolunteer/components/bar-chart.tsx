import { Text, View } from '@tarojs/components'
import type { MediationStatsResponse } from '../../../contracts/mediations'
import './volunteer.css'

type Row = MediationStatsResponse['byType'][number]

/** Horizontal bars drawn with views (the same in the mini program and on H5); `<5` stays `<5`. */
export function BarChart(props: { rows: readonly Row[]; label: string; testId: string }) {
  const known = props.rows.map((row) => (typeof row.count === 'number' ? row.count : 0))
  // a hidden `<5` is drawn at 4, so the scale must reach at least 5 when one is present
  const max = Math.max(...known, props.rows.some((row) => row.count === '<5') ? 5 : 1)
  if (props.rows.length === 0) return <Text className='muted'>这段时间没有记录。</Text>
  return (
    <View
      className='vchart'
      role='img'
      aria-label={`${props.label}：${props.rows.map((row) => `${row.label} ${row.count === '<5' ? '少于5' : row.count}件`).join('，')}`}
      data-testid={props.testId}
    >
      {props.rows.map((row) => {
        const hidden = row.count === '<5'
        // a hidden count is drawn as a short striped bar of unknown length, never as a number
        const width = hidden ? (4 / max) * 100 : Math.max(2, ((row.count as number) / max) * 100)
        return (
          <View className='vchart-row' key={row.key}>
            <Text className='vchart-label'>{row.label}</Text>
            <View className='vchart-track'>
              <View className={`vchart-bar${hidden ? ' vchart-bar-hidden' : ''}`} style={{ width: `${width}%` }} />
            </View>
            <Text className='vchart-value'>{hidden ? '<5' : row.count}</Text>
          </View>
        )
      })}
    </View>
  )
}
