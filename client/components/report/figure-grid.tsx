import { Text, View } from '@tarojs/components'
import type { ReportFigureWithService } from '../../../contracts/reports-api'
import { describeChange, FIGURE_SERVICE_LINKS, figurePhrase, formatFigureValue } from '../../../contracts/report-text'

/**
 * 数说: the report's numbers at a glance; a figure about one of our services leads to it. A figure whose
 * unit the source lost is named by the words before it in the report (`为困难群众提供法律援助`), since a bare
 * `1175` under a two-word label says too little. That the unit is missing is an editor's
 * concern (the import's dry run lists it), not a resident's: no 原文缺单位 here.
 */
export function FigureGrid(props: { figures: ReportFigureWithService[]; onOpenService: (figure: ReportFigureWithService) => void }) {
  return (
    <View className='figure-grid' data-testid='figure-grid'>
      {props.figures.map((figure, index) => {
        const phrase = figurePhrase({ figure })
        return (
          <View
            key={`${figure.sectionId ?? 'p'}-${index}`}
            className={`figure-tile${figure.service ? ' figure-tile-link' : ''}`}
            onClick={figure.service ? () => props.onOpenService(figure) : undefined}
          >
            <View className='figure-number'>
              <Text className='figure-value'>{formatFigureValue(figure.value)}</Text>
              <Text className='figure-unit'>{figure.unit ?? ''}</Text>
            </View>
            <Text className='figure-label'>{phrase ?? figure.label}</Text>
            {figure.change && <Text className={`figure-change figure-change-${figure.change.direction}`}>{describeChange(figure.change)}</Text>}
            {figure.service && <Text className='figure-link'>{FIGURE_SERVICE_LINKS[figure.service].hint} ›</Text>}
          </View>
        )
      })}
    </View>
  )
}
