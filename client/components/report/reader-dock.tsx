import { Text, View } from '@tarojs/components'
import type { ReportSection } from '../../../contracts/report'

/** The table of contents' lines (parts and their sections), each a link to its anchor. */
export function TocEntries(props: { entries: readonly ReportSection[]; onJump: (anchor: string) => void }) {
  return (
    <>
      {props.entries.map((section) => (
        <View key={section.id} className={`toc-item toc-level-${section.level}`} role='link' onClick={() => props.onJump(section.id)}>
          <Text>
            {section.marker}
            {section.title}
          </Text>
        </View>
      ))}
    </>
  )
}

/**
 * The reader's dock, once the title has scrolled away: 目录 and 回到顶部 as two big buttons in a bar
 * along the bottom edge, where a thumb rests. A bar, not a floating badge: it covers no words (the
 * page keeps its height free at the end, .report-dock-room) and stays out of the way of the text.
 * 目录 opens the table of contents as a sheet above the bar; a part chosen there is jumped to.
 */
export function ReaderDock(props: {
  tocEntries: readonly ReportSection[]
  tocOpen: boolean
  onToggleToc: () => void
  onJump: (anchor: string) => void
  onTop: () => void
}) {
  return (
    <>
      {props.tocOpen && (
        <View className='report-dock-sheet' data-testid='dock-toc' role='dialog' aria-label='目录'>
          <Text className='subtitle'>目录</Text>
          <TocEntries entries={props.tocEntries} onJump={props.onJump} />
        </View>
      )}
      <View className='report-dock' data-testid='reader-dock'>
        <View className='button button-secondary report-dock-button' role='button' data-testid='dock-toc-toggle' onClick={props.onToggleToc}>
          {props.tocOpen ? '收起目录' : '目录'}
        </View>
        <View className='button button-secondary report-dock-button' role='button' data-testid='back-to-top' onClick={props.onTop}>
          回到顶部
        </View>
      </View>
    </>
  )
}
