import { render, screen } from '@testing-library/react'
import { FigureGrid } from '../../../client/components/report/figure-grid'
import type { ReportFigureWithService } from '../../../contracts/reports-api'

const QUOTE = '今年以来，为困难群众提供法律援助1175挽回经济损失1929万余元，办理农民工讨薪案件659讨薪623万余元。'
const figure = (value: number, unit: string | null, label: string): ReportFigureWithService => ({
  value,
  unit,
  approx: false,
  label,
  change: null,
  sectionId: 's2',
  quote: QUOTE,
  service: null,
})

describe('FigureGrid (数说, client/components/report/figure-grid)', () => {
  it('names a figure without a unit by the words that lead up to it, and leaves 原文缺单位 (an editor’s note) off the tile', () => {
    render(<FigureGrid figures={[figure(1175, null, '法律援助')]} onOpenService={() => undefined} />)
    const tile = screen.getByText('1175').closest('.figure-tile')
    expect(tile).not.toBeNull()
    expect(tile).toHaveTextContent('为困难群众提供法律援助')
    expect(screen.queryByText('法律援助', { exact: true })).toBeNull()
    // that the source lost the unit is an editor's note, never a resident's
    expect(tile).not.toHaveTextContent('原文缺单位')
  })

  it('keeps the label for a figure with a unit, with no note', () => {
    render(<FigureGrid figures={[figure(1929, '万余元', '经济损失')]} onOpenService={() => undefined} />)
    screen.getByText('经济损失', { exact: true })
    screen.getByText('万余元', { exact: true })
    expect(screen.queryByText('原文缺单位')).toBeNull()
    expect(screen.queryByText('为困难群众提供法律援助')).toBeNull()
  })
})
