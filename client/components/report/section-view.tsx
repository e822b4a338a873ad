import { Text, View } from '@tarojs/components'
import type { ReportFigure, ReportSection } from '../../../contracts/report'
import { splitFigures } from '../../../contracts/report-text'

export function paragraphAnchor(sectionId: string | null, index: number): string {
  return `${sectionId ?? 'preamble'}-p${index}`
}

export function Paragraph(props: { id: string; text: string; figures: readonly ReportFigure[]; focused: boolean }) {
  return (
    <Text id={props.id} className={`report-paragraph${props.focused ? ' report-paragraph-focused' : ''}`}>
      {splitFigures({ text: props.text, figures: props.figures }).map((segment, index) =>
        segment.figure ? (
          <Text key={index} className='figure-mark'>
            {segment.text}
          </Text>
        ) : (
          segment.text
        ),
      )}
    </Text>
  )
}

/** One heading with its text and its subsections; ids are anchors for the TOC and search. */
export function SectionView(props: { section: ReportSection; figuresBySection: Map<string, ReportFigure[]>; focusedAnchor: string | null }) {
  const { section } = props
  const figures = props.figuresBySection.get(section.id) ?? []
  return (
    <View id={section.id} className={`report-section report-level-${Math.min(section.level, 4)}`}>
      <Text className={`report-heading report-heading-${Math.min(section.level, 4)}`}>
        {section.marker}
        {section.title}
      </Text>
      {section.paragraphs.map((paragraph, index) => {
        const anchor = paragraphAnchor(section.id, index)
        return <Paragraph key={anchor} id={anchor} text={paragraph} figures={figures} focused={props.focusedAnchor === anchor} />
      })}
      {section.children.map((child) => (
        <SectionView key={child.id} section={child} figuresBySection={props.figuresBySection} focusedAnchor={props.focusedAnchor} />
      ))}
    </View>
  )
}
