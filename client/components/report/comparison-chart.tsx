import { Text, View } from '@tarojs/components'
import type { ReportComparison } from '../../../contracts/reports-api'
import { formatFigureValue } from '../../../contracts/report-text'

/** Horizontal bars drawn with views, so the chart is the same in the mini program and on H5. */
export function ComparisonChart(props: { comparison: ReportComparison }) {
  const { comparison } = props
  const max = Math.max(...comparison.bars.map((bar) => bar.value), 1)
  const unit = comparison.unit ?? ''
  return (
    <View className='chart' role='img' aria-label={comparison.bars.map((bar) => `${bar.label} ${bar.value}${unit}`).join('，')}>
      {comparison.total && (
        <Text className='muted'>
          {comparison.total.label}共 {formatFigureValue(comparison.total.value)}
          {unit}，其中：
        </Text>
      )}
      {comparison.bars.map((bar) => (
        <View className='chart-row' key={bar.label}>
          <Text className='chart-label'>{bar.label}</Text>
          <View className='chart-track'>
            <View className='chart-bar' style={{ width: `${Math.max(2, (bar.value / max) * 100)}%` }} />
          </View>
          <Text className='chart-value'>
            {formatFigureValue(bar.value)}
            {unit}
          </Text>
        </View>
      ))}
    </View>
  )
}
