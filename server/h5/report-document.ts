import { getQrCode, getReportWxacode } from '../../contracts/endpoints/public'
import { endpointPath, queryString } from '../../contracts/endpoint'
import type { ReportFigure, ReportSection } from '../../contracts/report'
import type { ReportComparison, ReportDetailResponse, ReportFigureWithService } from '../../contracts/reports-api'
import {
  describeChange,
  FIGURE_SERVICE_LINKS,
  figurePhrase,
  formatFigureValue,
  keyFigures,
  paragraphAnchor,
  REPORT_FIGURES_SHOWN_FIRST,
  REPORT_META_ROWS,
  splitFigures,
  tocSections,
} from '../../contracts/report-text'
import { escapeHtml } from '../html'
import {
  DOCUMENT_TABS,
  element,
  hotlineButton,
  link,
  NEEDS_SCRIPT_STYLE,
  noscriptNote,
  page,
  reportPagePath,
  SITE_NAME,
  textElement,
  toDescription,
  wholeRunsHtml,
  type FirstScreen,
} from './first-screen'

/**
 * The report reader as a document (issue 24): the whole report — every section, the figures, the
 * 目录 as links to anchors, the QR codes, 12348 and the ways to the other tabs — in plain HTML that
 * works with JavaScript off. Scrolling, jumping to a part, calling a number and opening the 二维码
 * need no framework. Only search needs the app: the document's own small script
 * (client/document/reader-document.ts) loads the app's scripts when the reader taps 在报告里搜索,
 * and the app takes over at the paragraph the reader was at.
 *
 * Element ids are the app's (`s3`, `s3-p0`, `preamble-p1`), so a link to `#s3` works here and the
 * app finds the same paragraph when it takes over; markup and classes follow the app's page
 * (client/pages/report/index.tsx), so nothing jumps when it does.
 */

function paragraphContent(text: string, figures: readonly ReportFigure[]): string {
  return splitFigures({ text, figures })
    .map((segment) => (segment.figure ? textElement('span', 'figure-mark', segment.text) : wholeRunsHtml(segment.text)))
    .join('')
}

function paragraphHtml(params: { id: string; text: string; figures: readonly ReportFigure[] }): string {
  return element({ tag: 'p', className: 'report-paragraph', attributes: { id: params.id }, content: paragraphContent(params.text, params.figures) })
}

function sectionHtml(params: { section: ReportSection; figuresBySection: ReadonlyMap<string, ReportFigure[]> }): string {
  const { section } = params
  const level = Math.min(section.level, 4)
  const figures = params.figuresBySection.get(section.id) ?? []
  return element({
    tag: 'div',
    className: `report-section report-level-${level}`,
    attributes: { id: section.id },
    content: [
      element({
        tag: level === 1 ? 'h2' : 'h3',
        className: `report-heading report-heading-${level}`,
        content: escapeHtml(`${section.marker}${section.title}`),
      }),
      ...section.paragraphs.map((text, index) => paragraphHtml({ id: paragraphAnchor(section.id, index), text, figures })),
      ...section.children.map((child) => sectionHtml({ section: child, figuresBySection: params.figuresBySection })),
    ].join(''),
  })
}

function tocLinks(sections: readonly ReportSection[]): string {
  return tocSections(sections)
    .map((section) => link({ href: `#${section.id}`, className: `toc-item toc-level-${section.level}`, text: `${section.marker}${section.title}` }))
    .join('')
}

function figureTile(figure: ReportFigureWithService): string {
  const service = figure.service ? FIGURE_SERVICE_LINKS[figure.service] : null
  const content = [
    element({
      tag: 'span',
      className: 'figure-number',
      content: textElement('span', 'figure-value', formatFigureValue(figure.value)) + textElement('span', 'figure-unit', figure.unit ?? ''),
    }),
    textElement('span', 'figure-label', figurePhrase({ figure }) ?? figure.label),
    ...(figure.change ? [textElement('span', `figure-change figure-change-${figure.change.direction}`, describeChange(figure.change))] : []),
    ...(service ? [textElement('span', 'figure-link', `${service.hint} ›`)] : []),
  ].join('')
  return service
    ? element({ tag: 'a', className: 'figure-tile figure-tile-link', attributes: { href: service.path }, content })
    : element({ tag: 'div', className: 'figure-tile', content })
}

function figuresCard(figures: readonly ReportFigureWithService[]): string {
  if (figures.length === 0) return ''
  const first = figures.slice(0, REPORT_FIGURES_SHOWN_FIRST)
  const rest = figures.slice(REPORT_FIGURES_SHOWN_FIRST)
  const grid = (tiles: readonly ReportFigureWithService[], testId: string) =>
    element({ tag: 'div', className: 'figure-grid', attributes: { 'data-testid': testId }, content: tiles.map(figureTile).join('') })
  return element({
    tag: 'div',
    className: 'card',
    content: [
      textElement('span', 'subtitle', '数说'),
      grid(first, 'figure-grid'),
      ...(rest.length > 0
        ? [
            element({
              tag: 'details',
              className: 'document-fold',
              content:
                element({ tag: 'summary', className: 'button button-secondary', content: escapeHtml(`看全部 ${figures.length} 个数字`) }) +
                grid(rest, 'figure-grid-rest'),
            }),
          ]
        : []),
    ].join(''),
  })
}

function comparisonCard(comparison: ReportComparison): string {
  const max = Math.max(...comparison.bars.map((bar) => bar.value), 1)
  const unit = comparison.unit ?? ''
  const rows = comparison.bars.map((bar) =>
    element({
      tag: 'div',
      className: 'chart-row',
      content:
        textElement('span', 'chart-label', bar.label) +
        element({
          tag: 'span',
          className: 'chart-track',
          content: element({ tag: 'span', className: 'chart-bar', attributes: { style: `width:${Math.max(2, (bar.value / max) * 100)}%` }, content: '' }),
        }) +
        textElement('span', 'chart-value', `${formatFigureValue(bar.value)}${unit}`),
    }),
  )
  const chart = element({
    tag: 'div',
    className: 'chart',
    attributes: { role: 'img', 'aria-label': comparison.bars.map((bar) => `${bar.label} ${bar.value}${unit}`).join('，') },
    content: [
      ...(comparison.total ? [textElement('span', 'muted', `${comparison.total.label}共 ${formatFigureValue(comparison.total.value)}${unit}，其中：`)] : []),
      ...rows,
    ].join(''),
  })
  return element({ tag: 'div', className: 'card', content: textElement('span', 'subtitle', '对比') + chart })
}

/** The 二维码 card, as the app's: the H5 code always, the 小程序码 only where the county has a mini program. */
function qrCard(report: ReportDetailResponse): string {
  const pagePath = reportPagePath(report.id)
  const code = (params: { testId: string; src: string; label: string }) =>
    element({
      tag: 'span',
      className: 'qr-code',
      attributes: { 'data-testid': params.testId },
      // lazy: a closed 二维码 costs no request
      content:
        `<img class="qr-image" src="${escapeHtml(params.src)}" alt="${escapeHtml(params.label)}" loading="lazy" width="220" height="220">` +
        textElement('span', 'qr-label', params.label),
    })
  const codes = [
    ...(report.wxacode ? [code({ testId: 'qr-wxacode', src: endpointPath(getReportWxacode.path, { id: report.id }), label: '微信扫一扫 · 小程序' })] : []),
    code({ testId: 'qr-h5', src: `${getQrCode.path}${queryString({ path: pagePath, format: 'png' })}`, label: '手机相机扫一扫 · 网页' }),
  ]
  return element({
    tag: 'div',
    className: 'card qr-card',
    attributes: { 'data-testid': 'qr-card' },
    content: [
      textElement('span', 'subtitle', '扫码在手机上打开'),
      element({ tag: 'span', className: 'qr-codes', content: codes.join('') }),
      textElement(
        'span',
        'muted',
        report.wxacode ? '用微信扫小程序码，或用任何手机相机扫网页码，就能在手机上读这份报告。' : '用微信或手机相机扫一扫，就能在手机上读这份报告。',
      ),
    ].join(''),
  })
}

/**
 * 目录 and 二维码 open in place with no script (<details>); 复制链接 and search need the document's
 * script: with JavaScript off a <noscript> style hides them. Not hidden in the HTML and shown by the
 * script: showing them after the first paint moved the text below (CLS 0.036 under Lighthouse).
 */
function actions(report: ReportDetailResponse): string {
  const fold = (params: { testId: string; label: string; content: string }) =>
    element({
      tag: 'details',
      className: 'document-fold',
      attributes: { 'data-testid': `${params.testId}-fold` },
      content:
        element({
          tag: 'summary',
          className: 'button button-secondary',
          attributes: { 'data-testid': `${params.testId}-toggle` },
          content: escapeHtml(params.label),
        }) + params.content,
    })
  return [
    element({
      tag: 'div',
      className: 'button-row report-actions',
      content: [
        fold({
          testId: 'toc',
          label: '目录',
          content: element({
            tag: 'nav',
            className: 'card toc',
            attributes: { 'data-testid': 'toc', 'aria-label': '目录' },
            content: tocLinks(report.sections),
          }),
        }),
        element({
          tag: 'button',
          className: 'button button-secondary',
          attributes: { type: 'button', 'data-action': 'copy-link', 'data-needs-script': '' },
          content: '复制链接',
        }),
        fold({ testId: 'qr', label: '二维码', content: qrCard(report) }),
      ].join(''),
    }),
    element({
      tag: 'div',
      className: 'card search',
      attributes: { id: 'report-search', 'data-needs-script': '' },
      content: element({
        tag: 'button',
        className: 'button button-secondary',
        attributes: { type: 'button', 'data-boot': 'search', 'data-testid': 'open-search' },
        content: '在报告里搜索',
      }),
    }),
  ].join('')
}

/** The dock of the app's reader (目录, 回到顶部 once the title has scrolled away): the document's script shows it. */
function dock(report: ReportDetailResponse): string {
  return element({
    tag: 'div',
    className: 'report-dock-layer',
    attributes: { 'data-dock': '', hidden: '' },
    content:
      element({
        tag: 'nav',
        className: 'report-dock-sheet',
        attributes: { 'data-testid': 'dock-toc', 'data-dock-sheet': '', 'aria-label': '目录', hidden: '' },
        content: textElement('span', 'subtitle', '目录') + tocLinks(report.sections),
      }) +
      element({
        tag: 'div',
        className: 'report-dock',
        attributes: { 'data-testid': 'reader-dock' },
        content:
          element({
            tag: 'button',
            className: 'button button-secondary report-dock-button',
            attributes: { type: 'button', 'data-testid': 'dock-toc-toggle', 'data-action': 'dock-toc' },
            content: '目录',
          }) +
          link({
            href: '#top',
            className: 'button button-secondary report-dock-button',
            text: '回到顶部',
            attributes: { 'data-testid': 'back-to-top', 'data-action': 'top' },
          }),
      }),
  })
}

function firstParagraph(sections: readonly ReportSection[]): string | null {
  for (const section of sections) {
    const found = section.paragraphs.find((paragraph) => paragraph.trim() !== '') ?? firstParagraph(section.children)
    if (found) return found
  }
  return null
}

/** The reader for one report: the whole of it, as a document. */
export function reportDocument(params: { report: ReportDetailResponse }): FirstScreen {
  const { report } = params
  const figuresBySection = new Map<string, ReportFigure[]>()
  for (const figure of report.figures)
    figuresBySection.set(figure.sectionId ?? 'preamble', [...(figuresBySection.get(figure.sectionId ?? 'preamble') ?? []), figure])

  const metaTable = element({
    tag: 'div',
    className: 'card meta-table',
    attributes: { 'data-testid': 'report-meta' },
    content: REPORT_META_ROWS.map(({ key, label }) => {
      const value = report.meta[key]
      return element({
        tag: 'div',
        className: 'meta-row',
        content:
          textElement('span', 'meta-label', label) +
          (value ? element({ tag: 'span', className: 'meta-value', content: wholeRunsHtml(value) }) : textElement('span', 'meta-value meta-missing', '未标注')),
      })
    }).join(''),
  })
  const body = element({
    tag: 'div',
    className: 'card report-body',
    content: [
      ...report.preamble.map((text, index) => paragraphHtml({ id: paragraphAnchor(null, index), text, figures: figuresBySection.get('preamble') ?? [] })),
      ...report.sections.map((section) => sectionHtml({ section, figuresBySection })),
      ...report.closing.map((line) => textElement('p', 'report-closing', line)),
    ].join(''),
  })
  const elsewhere = element({
    tag: 'div',
    className: 'card document-elsewhere',
    content: [
      hotlineButton,
      element({
        tag: 'nav',
        className: 'document-tabs',
        attributes: { 'aria-label': '法治通' },
        content: DOCUMENT_TABS.map((tab) => link({ href: `/${tab.page}`, className: 'document-tab', text: tab.label })).join(''),
      }),
    ].join(''),
  })
  const header = element({
    tag: 'div',
    className: 'h5-header',
    attributes: { 'data-testid': 'h5-header' },
    content: link({ href: '/', className: 'h5-header-link', text: '首页', attributes: { 'data-testid': 'h5-header-home' } }),
  })

  const bodyHtml = page(
    header +
      element({
        tag: 'div',
        className: 'report report-document',
        attributes: { id: 'top' },
        content: [
          NEEDS_SCRIPT_STYLE,
          textElement('h1', 'title report-title', report.title),
          ...report.headerLines.map((line) => textElement('span', 'muted report-header-line', line)),
          noscriptNote(
            textElement(
              'p',
              'noscript-text',
              '这个浏览器没有开启 JavaScript：报告全文都在下面，点“目录”可以跳到各部分。在报告里搜索要开启 JavaScript 才能用。',
            ),
          ),
          metaTable,
          actions(report),
          figuresCard(keyFigures(report.figures)),
          ...report.comparisons.map(comparisonCard),
          body,
          elsewhere,
          element({ tag: 'div', className: 'report-dock-room', content: '' }),
          dock(report),
        ].join(''),
      }),
  )
  const lead = report.preamble.find((paragraph) => paragraph.trim() !== '') ?? firstParagraph(report.sections)
  return {
    title: `${report.title || '法治政府建设报告'} · ${SITE_NAME}`,
    description: toDescription(lead ?? [report.title, ...report.headerLines].filter(Boolean).join('。')),
    path: reportPagePath(report.id),
    ogType: 'article',
    bodyHtml,
    appBoot: 'on-demand',
  }
}
