import fs from 'node:fs'
import path from 'node:path'
import type { HomeCounty, HomeResponse } from '../../contracts/home'
import {
  directoryNotice,
  HOME_ENTRIES,
  HOTLINE_LABEL,
  PUBLIC_LEGAL_HOTLINE,
  homeHeading,
  iconDataUrl,
  type HomeEntry,
  type HomeIconName,
} from '../../contracts/home-entries'
import type { ReportFigureWithService, ReportSummary } from '../../contracts/reports-api'
// the reader's own formatting, so the server's document and the app's page print figures alike
import { figurePhrase, formatFigureValue } from '../../contracts/report-text'
import { repoRoot } from '../config'
import { telHref } from '../../contracts/station-text'
import { escapeHtml } from '../html'
import {
  DOCUMENT_TABS,
  element,
  link,
  NEEDS_SCRIPT_STYLE,
  noscriptNote,
  page,
  reportPagePath,
  SITE_NAME,
  textElement,
  toDescription,
  type FirstScreen,
} from './first-screen'

/**
 * 首页 as a document (issue 24), as the reader is: the county's services, the 12348 line, the
 * nearest-station card, the latest report with its headline figures and the tab bar, in plain HTML
 * that works with JavaScript off. Every way on is a link; only 用我的位置查找 needs the app, and
 * the document's script (client/document/home-document.ts) loads it then. The phone's own cards
 * (我的下一次预约, 待回访) are the script's to add: only the phone holds what proves them.
 *
 * Markup, classes and ids follow the app's page (client/pages/home/index.tsx and its components),
 * so nothing jumps when the app takes over.
 */

/** The tab bar's own icons (scripts/generate-tab-icons.ts, ~0.5 KB each), read once each, as the app inlines them. */
const tabIcons = new Map<string, string | null>()

function tabIcon(name: string): string | null {
  if (!tabIcons.has(name)) {
    const file = path.join(repoRoot, 'client/assets/tabbar', `${name}.png`)
    // a checkout without the icons still gets its labels
    tabIcons.set(name, fs.existsSync(file) ? `data:image/png;base64,${fs.readFileSync(file).toString('base64')}` : null)
  }
  return tabIcons.get(name) ?? null
}

/** The bottom tab bar, where the app's will be, drawn alike (client/styles/home-first-screen.css). */
function tabBarHtml(): string {
  return element({
    tag: 'nav',
    className: 'document-tabbar',
    attributes: { 'aria-label': '法治通', 'data-testid': 'document-tabbar' },
    // 首页 selected, with its active icon
    content: DOCUMENT_TABS.map((tab, index) => {
      const icon = tabIcon(index === 0 ? `${tab.icon}-active` : tab.icon)
      return element({
        tag: 'a',
        className: index === 0 ? 'document-tabbar-item document-tabbar-selected' : 'document-tabbar-item',
        attributes: { href: `/${tab.page}`, ...(index === 0 ? { 'aria-current': 'page' } : {}) },
        content: (icon ? `<img class="document-tabbar-icon" src="${icon}" alt="">` : '') + textElement('span', 'document-tabbar-label', tab.label),
      })
    }).join(''),
  })
}

function headlineHtml(figure: ReportFigureWithService): string {
  return element({
    tag: 'div',
    className: 'headline',
    content:
      element({
        tag: 'span',
        className: 'headline-value',
        content: escapeHtml(formatFigureValue(figure.value)) + textElement('span', 'headline-unit', figure.unit ?? ''),
      }) + textElement('span', 'headline-label', figurePhrase({ figure }) ?? figure.label),
  })
}

/** A decorative icon drawn as a background, as the app draws it (client/components/home/service-entries.tsx): the text beside it says what it is. */
function iconHtml(params: { className: string; name: HomeIconName }): string {
  return element({ tag: 'span', className: params.className, attributes: { style: `background-image:url("${iconDataUrl(params.name)}")` }, content: '' })
}

function entryHtml(entry: HomeEntry): string {
  return element({
    tag: 'a',
    className: 'home-entry',
    attributes: { href: entry.path, 'data-testid': `home-entry-${entry.key}` },
    content:
      iconHtml({ className: 'home-entry-icon', name: entry.icon }) +
      element({
        tag: 'span',
        className: 'home-entry-words',
        content: textElement('span', 'home-entry-label', entry.label) + textElement('span', 'home-entry-hint', entry.hint),
      }),
  })
}

/** The four services and the 12348 line, as client/components/home/service-entries.tsx renders them. */
const serviceEntriesHtml = element({
  tag: 'div',
  className: 'home-services',
  content:
    element({ tag: 'div', className: 'home-entries', attributes: { 'data-testid': 'home-entries' }, content: HOME_ENTRIES.map(entryHtml).join('') }) +
    element({
      tag: 'a',
      className: 'home-hotline',
      attributes: { href: telHref(PUBLIC_LEGAL_HOTLINE), 'data-testid': 'home-hotline' },
      content: iconHtml({ className: 'home-hotline-icon', name: 'phone' }) + textElement('span', 'home-hotline-label', HOTLINE_LABEL),
    }),
})

/**
 * 离我最近的服务站 as the app's card starts (client/components/stations/nearest-card.tsx). Finding
 * by position needs the app (the position is asked for and used once); the towns and villages are
 * a link away, which also works with JavaScript off.
 */
const nearestCardHtml = element({
  tag: 'div',
  className: 'card',
  attributes: { id: 'home-nearest', 'data-testid': 'home-nearest' },
  content: [
    textElement('span', 'subtitle', '离我最近的服务站'),
    textElement('span', 'muted', '位置只用来查这一次，不会保存。'),
    element({
      tag: 'div',
      className: 'button-row',
      content:
        element({
          tag: 'button',
          className: 'button document-button',
          attributes: { type: 'button', 'data-boot': 'locate', 'data-testid': 'home-nearest-locate', 'data-needs-script': '' },
          content: '用我的位置查找',
        }) + `<noscript>${link({ href: '/pages/stations/index', className: 'button button-secondary', text: '按乡镇、村查找' })}</noscript>`,
    }),
  ].join(''),
})

function reportCardHtml(params: { report: ReportSummary; headlines: readonly ReportFigureWithService[] }): string {
  const { report } = params
  return element({
    tag: 'a',
    className: 'card card-accent',
    attributes: { id: 'home-report', href: reportPagePath(report.id), 'data-testid': 'latest-report' },
    content: [
      textElement('span', 'muted', `最新报告${report.publishedAt ? ` · ${report.publishedAt} 发布` : ''}`),
      element({ tag: 'h2', className: 'subtitle', attributes: { 'data-testid': 'latest-report-title' }, content: escapeHtml(report.title) }),
      ...(report.publisher ? [textElement('span', 'muted', report.publisher)] : []),
      ...(params.headlines.length > 0
        ? [
            element({
              tag: 'div',
              className: 'headline-grid',
              attributes: { 'data-testid': 'headline-figures' },
              content: params.headlines.map(headlineHtml).join(''),
            }),
          ]
        : []),
      textElement('span', 'button', '阅读全文'),
    ].join(''),
  })
}

/**
 * 首页 as the app lays it out, but for the phone's own cards: heading, services with the
 * 12348 line, what the service says about itself (the directory's freshness), the nearest-station
 * card and the latest report. `appBoot` is `at-once` for a link that carries a code (`?scene=`,
 * `?q=`): only the app reads those.
 */
export function homeDocument(params: {
  county: HomeCounty | null
  latestReport: ReportSummary | null
  headlines: readonly ReportFigureWithService[]
  directory: HomeResponse['directory']
  now: Date
  appBoot: 'at-once' | 'on-demand'
}): FirstScreen {
  const report = params.latestReport
  const heading = homeHeading({ countyShortName: params.county?.shortName ?? null })
  const notice = directoryNotice({ directory: params.directory, now: params.now })
  const services = `找公共法律服务站、预约免费的法律援助咨询，或拨打 ${PUBLIC_LEGAL_HOTLINE} 法律服务热线。`
  return {
    title: `${heading} · ${SITE_NAME}`,
    description: toDescription(report ? `最新报告《${report.title}》${report.publishedAt ? `（${report.publishedAt} 发布）` : ''}。${services}` : services),
    path: '/',
    ogType: 'website',
    bodyHtml: page(
      element({
        tag: 'div',
        className: 'home-document',
        // the moment this was written: the document's script says how old a copy the phone kept is
        attributes: { 'data-written-at': params.now.toISOString() },
        content: [
          NEEDS_SCRIPT_STYLE,
          element({ tag: 'h1', className: 'home-heading', attributes: { 'data-testid': 'home-heading' }, content: escapeHtml(heading) }),
          noscriptNote(
            textElement(
              'p',
              'noscript-text',
              `这个浏览器没有开启 JavaScript：下面的报告可以点开读全文，服务站可以按乡镇、村查找；预约要开启 JavaScript，也可以直接拨打 ${PUBLIC_LEGAL_HOTLINE}。`,
            ),
          ),
          serviceEntriesHtml,
          // the directory's freshness, as the app says it (the document's script adds 离线 here when the phone shows a copy it kept)
          ...(notice
            ? [
                element({
                  tag: 'div',
                  className: 'notice',
                  attributes: {
                    role: 'status',
                    'data-testid': 'service-notice',
                    ...(params.directory.fetchedAt ? { 'data-directory-fetched-at': params.directory.fetchedAt } : {}),
                  },
                  content: escapeHtml(notice),
                }),
              ]
            : []),
          nearestCardHtml,
          report ? reportCardHtml({ report, headlines: params.headlines }) : textElement('p', 'notice', '还没有导入任何报告。'),
          tabBarHtml(),
        ].join(''),
      }),
    ),
    appBoot: params.appBoot,
  }
}
