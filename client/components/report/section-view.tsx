import { Text, View } from '@tarojs/components'
import type { ReportFigure, ReportSection } from '../../../contracts/report'
import { paragraphAnchor, splitFigures } from '../../../contracts/report-text'
import { KeepWholeText } from '../keep-whole-text'

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** `text` cut at every occurrence of `terms` (longest first), so the words a search found can be marked. */
export function splitTerms(params: { text: string; terms: readonly string[] }): { text: string; term: boolean }[] {
  const terms = [...new Set(params.terms.filter((term) => term.length > 0))].sort((a, b) => b.length - a.length)
  if (terms.length === 0) return [{ text: params.text, term: false }]
  const parts: { text: string; term: boolean }[] = []
  const pattern = new RegExp(terms.map(escapeRegExp).join('|'), 'gi')
  let last = 0
  for (let match = pattern.exec(params.text); match !== null; match = pattern.exec(params.text)) {
    if (match.index > last) parts.push({ text: params.text.slice(last, match.index), term: false })
    parts.push({ text: match[0], term: true })
    last = match.index + match[0].length
  }
  if (last < params.text.length) parts.push({ text: params.text.slice(last), term: false })
  return parts
}

function FigureText(props: { text: string; figures: readonly ReportFigure[] }) {
  return (
    <>
      {splitFigures({ text: props.text, figures: props.figures }).map((segment, index) =>
        segment.figure ? (
          <Text key={index} className='figure-mark'>
            {segment.text}
          </Text>
        ) : (
          <KeepWholeText key={index} text={segment.text} />
        ),
      )}
    </>
  )
}

/** One paragraph; the one a jump landed on is focused, and where a search led, its words are marked. */
export function Paragraph(props: { id: string; text: string; figures: readonly ReportFigure[]; focused: boolean; terms?: readonly string[] }) {
  const terms = props.focused ? (props.terms ?? []) : []
  return (
    <Text id={props.id} className={`report-paragraph${props.focused ? ' report-paragraph-focused' : ''}`}>
      {splitTerms({ text: props.text, terms }).map((part, index) =>
        part.term ? (
          <Text key={index} className='report-search-mark' data-testid='landed-mark'>
            {part.text}
          </Text>
        ) : (
          <FigureText key={index} text={part.text} figures={props.figures} />
        ),
      )}
    </Text>
  )
}

/** One heading with its text and its subsections; ids are anchors for the TOC and search. */
export function SectionView(props: {
  section: ReportSection
  figuresBySection: Map<string, ReportFigure[]>
  focusedAnchor: string | null
  terms?: readonly string[]
}) {
  const { section } = props
  const figures = props.figuresBySection.get(section.id) ?? []
  return (
    <View id={section.id} className={`report-section report-level-${Math.min(section.level, 4)}`}>
      <Text className={`report-heading report-heading-${Math.min(section.level, 4)}`}>
        {section.marker}
        {props.focusedAnchor === section.id && props.terms && props.terms.length > 0
          ? splitTerms({ text: section.title, terms: props.terms }).map((part, index) =>
              part.term ? (
                <Text key={index} className='report-search-mark' data-testid='landed-mark'>
                  {part.text}
                </Text>
              ) : (
                part.text
              ),
            )
          : section.title}
      </Text>
      {section.paragraphs.map((paragraph, index) => {
        const anchor = paragraphAnchor(section.id, index)
        return <Paragraph key={anchor} id={anchor} text={paragraph} figures={figures} focused={props.focusedAnchor === anchor} terms={props.terms} />
      })}
      {section.children.map((child) => (
        <SectionView key={child.id} section={child} figuresBySection={props.figuresBySection} focusedAnchor={props.focusedAnchor} terms={props.terms} />
      ))}
    </View>
  )
}
