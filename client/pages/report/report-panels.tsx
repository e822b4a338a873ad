import { Button, Image, Text, View } from '@tarojs/components'
import { useState, type Dispatch } from 'react'
import type { ReportFigure } from '../../../contracts/report'
import type { ReportDetailResponse, ReportFigureWithService } from '../../../contracts/reports-api'
import { paragraphAnchor, REPORT_FIGURES_SHOWN_FIRST, REPORT_META_ROWS } from '../../../contracts/report-text'
import { KeepWholeText } from '../../components/keep-whole-text'
import { FigureGrid } from '../../components/report/figure-grid'
import { Paragraph, SectionView } from '../../components/report/section-view'
import { qrImageUrl, wxacodeImageUrl } from '../../services/api'
import type { ReaderEvent, ReaderState } from './reader-state'

/** The report's title, header lines and its 发布 table (未标注 where the report does not say). */
export function ReportHeading(props: { report: ReportDetailResponse }) {
  const { report } = props
  return (
    <>
      <Text className='title report-title'>{report.title}</Text>
      {report.headerLines.map((line) => (
        <Text key={line} className='muted report-header-line'>
          {line}
        </Text>
      ))}

      <View className='card meta-table' data-testid='report-meta'>
        {REPORT_META_ROWS.map((row) => (
          <View className='meta-row' key={row.key}>
            <Text className='meta-label'>{row.label}</Text>
            <Text className={`meta-value${report.meta[row.key] ? '' : ' meta-missing'}`}>
              {report.meta[row.key] ? <KeepWholeText text={report.meta[row.key] ?? ''} /> : '未标注'}
            </Text>
          </View>
        ))}
      </View>
    </>
  )
}

/** 目录, 分享 / 复制链接 and 二维码, with the QR card they open. */
export function ReportActions(props: {
  id: string
  /** the report's own path, as shared */
  path: string
  /** the county has a mini program (else the 小程序码 is not even asked for) */
  wxacode: boolean
  reader: Pick<ReaderState, 'tocOpen' | 'qrOpen'>
  dispatch: Dispatch<ReaderEvent>
}) {
  // a code that still fails to load (WeChat down) leaves the H5 code alone too
  const [wxacodeFailed, setWxacodeFailed] = useState(false)
  const wxacodeShown = props.wxacode && !wxacodeFailed
  const copyLink = () => {
    const link = `${window.location.origin}${props.path}`
    void import('../../services/share-link').then(({ copyLink: copy }) => copy(link))
  }
  return (
    <>
      <View className='button-row report-actions'>
        <View className='button button-secondary' role='button' data-testid='toc-toggle' onClick={() => props.dispatch({ type: 'toggle', panel: 'tocOpen' })}>
          {props.reader.tocOpen ? '收起目录' : '目录'}
        </View>
        {process.env.TARO_ENV === 'weapp' ? (
          <Button className='button button-secondary share-button' openType='share'>
            分享
          </Button>
        ) : (
          <View className='button button-secondary' role='button' onClick={copyLink}>
            复制链接
          </View>
        )}
        <View className='button button-secondary' role='button' onClick={() => props.dispatch({ type: 'toggle', panel: 'qrOpen' })}>
          二维码
        </View>
      </View>

      {props.reader.qrOpen && (
        <View className='card qr-card' data-testid='qr-card'>
          <Text className='subtitle'>扫码在手机上打开</Text>
          <View className='qr-codes'>
            {wxacodeShown && (
              <View className='qr-code' data-testid='qr-wxacode'>
                <Image className='qr-image' src={wxacodeImageUrl({ kind: 'report', id: props.id })} mode='aspectFit' onError={() => setWxacodeFailed(true)} />
                <Text className='qr-label'>微信扫一扫 · 小程序</Text>
              </View>
            )}
            <View className='qr-code' data-testid='qr-h5'>
              <Image className='qr-image' src={qrImageUrl({ path: props.path })} mode='aspectFit' />
              <Text className='qr-label'>手机相机扫一扫 · 网页</Text>
            </View>
          </View>
          <Text className='muted'>
            {wxacodeShown ? '用微信扫小程序码，或用任何手机相机扫网页码，就能在手机上读这份报告。' : '用微信或手机相机扫一扫，就能在手机上读这份报告。'}
          </Text>
        </View>
      )}
    </>
  )
}

/** 数说: the key figures, the first few until 看全部. */
export function KeyFigures(props: {
  figures: ReportFigureWithService[]
  all: boolean
  dispatch: Dispatch<ReaderEvent>
  onOpenService: (figure: ReportFigureWithService) => void
}) {
  const { figures } = props
  if (figures.length === 0) return null
  return (
    <View className='card'>
      <Text className='subtitle'>数说</Text>
      <FigureGrid figures={props.all ? figures : figures.slice(0, REPORT_FIGURES_SHOWN_FIRST)} onOpenService={props.onOpenService} />
      {figures.length > REPORT_FIGURES_SHOWN_FIRST && (
        <View className='button button-secondary' role='button' onClick={() => props.dispatch({ type: 'toggle', panel: 'allFigures' })}>
          {props.all ? '收起' : `看全部 ${figures.length} 个数字`}
        </View>
      )}
    </View>
  )
}

/** The text: preamble, the sections shown so far, and the closing lines once every section is there. */
export function ReportBody(props: {
  report: ReportDetailResponse
  figuresBySection: Map<string, ReportFigure[]>
  reader: Pick<ReaderState, 'focusedAnchor' | 'landedTerms' | 'shownSections'>
}) {
  const { report, figuresBySection } = props
  const { focusedAnchor, landedTerms, shownSections } = props.reader
  return (
    <View className='card report-body'>
      {report.preamble.map((paragraph, index) => {
        const anchor = paragraphAnchor(null, index)
        return (
          <Paragraph
            key={anchor}
            id={anchor}
            text={paragraph}
            figures={figuresBySection.get('preamble') ?? []}
            focused={focusedAnchor === anchor}
            terms={landedTerms}
          />
        )
      })}
      {report.sections.slice(0, shownSections).map((section) => (
        <SectionView key={section.id} section={section} figuresBySection={figuresBySection} focusedAnchor={focusedAnchor} terms={landedTerms} />
      ))}
      {shownSections >= report.sections.length &&
        report.closing.map((line) => (
          <Text key={line} className='report-closing'>
            {line}
          </Text>
        ))}
    </View>
  )
}
