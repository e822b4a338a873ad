import { render, screen } from '@testing-library/react'
import { Paragraph, SectionView, splitTerms } from '../../../client/components/report/section-view'
import type { ReportFigure, ReportSection } from '../../../contracts/report'

const figure: ReportFigure = {
  value: 1175,
  unit: null,
  approx: false,
  label: '法律援助',
  change: null,
  sectionId: 's1',
  quote: '为困难群众提供法律援助1175挽回经济损失。',
}

describe('splitTerms (the words a search found, cut out of a paragraph)', () => {
  it('cuts every occurrence, longest term first, and keeps the rest as it is', () => {
    expect(splitTerms({ text: '法律援助和法律援助中心', terms: ['法律', '法律援助'] })).toEqual([
      { text: '法律援助', term: true },
      { text: '和', term: false },
      { text: '法律援助', term: true },
      { text: '中心', term: false },
    ])
    expect(splitTerms({ text: '没有', terms: [] })).toEqual([{ text: '没有', term: false }])
  })
})

describe('Paragraph and SectionView where a search hit lands (client/components/report/section-view)', () => {
  it('marks the searched words in the paragraph the reader landed on, and keeps its figure chips', () => {
    const { container } = render(<Paragraph id='s1-p0' text='为困难群众提供法律援助1175挽回经济损失。' figures={[figure]} focused terms={['法律援助']} />)
    expect(screen.getAllByTestId('landed-mark').map((mark) => mark.textContent)).toEqual(['法律援助'])
    expect(container.querySelector('.figure-mark')?.textContent).toBe('1175')
  })

  it('marks nothing in a paragraph the reader did not land on', () => {
    render(<Paragraph id='s1-p1' text='法律援助' figures={[]} focused={false} terms={['法律援助']} />)
    expect(screen.queryByTestId('landed-mark')).toBeNull()
  })

  it('marks the words in a heading when the hit was the heading itself', () => {
    const section: ReportSection = { id: 's2', level: 1, marker: '二、', title: '公共法律服务提质增效', paragraphs: [], children: [] }
    render(<SectionView section={section} figuresBySection={new Map()} focusedAnchor='s2' terms={['法律服务']} />)
    expect(screen.getByTestId('landed-mark').textContent).toBe('法律服务')
  })

  it('keeps a time range on one line (a nowrap run)', () => {
    const { container } = render(<Paragraph id='s1-p2' text='每周三14:00-17:30有律师值班。' figures={[]} focused={false} />)
    expect(container.querySelector('.nowrap')?.textContent).toBe('14:00-17:30')
  })
})
