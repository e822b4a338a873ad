import { PUBLIC_LEGAL_HOTLINE } from '../../contracts/home-entries'
import { STATION_SERVICE_LABELS, STATION_TIER_LABELS, stationVerification, type Station } from '../../contracts/station'
import { posterVerificationText } from '../../contracts/station-text'
import { escapeHtml } from '../html'

/** Characters, not UTF-16 units. */
const length = (text: string) => Array.from(text).length

/**
 * The name's size: a village workroom's (12 characters or fewer) large; up to 18 characters
 * (秀山土家族苗族自治县公共法律服务中心) still on one line across the page's 186 mm at 28 pt; a longer
 * one, from another county's directory, smaller, on balanced lines.
 */
function nameClass(name: string): string {
  const characters = length(name)
  return characters <= 12 ? 'name-short' : characters <= 18 ? 'name-medium' : 'name-long'
}

/** A fact's line: staff may write up to 200 characters of hours and five phones; a long one gets smaller type rather than a second page. */
function rowClass(text: string): string {
  const characters = length(text)
  return characters <= 40 ? 'row' : characters <= 100 ? 'row row-long' : 'row row-longest'
}

/** What the poster says of the hours and the phone: the hours as kept, and who to ask when they are the default ones. */
export function posterFacts(station: Pick<Station, 'hours' | 'phone'>): { hours: string; phone: string } {
  const ask = station.phone ? '来之前请先打本站电话确认' : `来之前可拨 ${PUBLIC_LEGAL_HOTLINE} 问清楚`
  return {
    hours: `${station.hours.text}${station.hours.isDefault ? `（默认开放时间，${ask}）` : ''}`,
    phone: station.phone ?? `${PUBLIC_LEGAL_HOTLINE} 公共法律服务热线（本站暂无电话）`,
  }
}

/**
 * A printable A4 page for the station's door: name, hours, phone (or the 12348 hotline) and the
 * codes of the station's page — the 小程序码 for WeChat when there is one, and the H5 QR that any
 * phone camera opens — each labelled. It fits one A4 page: the page is a column of the page's
 * height whose codes take what the text leaves (never less than 45 mm, still readable from arm's
 * length), and long facts are set smaller. Facts the county has not verified say so, in small type.
 */
export function renderStationPoster(params: { station: Station; qrSvg: string; link: string; wxacode?: string | null }): string {
  const { station } = params
  const { hours, phone } = posterFacts(station)
  const services = station.services.map((service) => STATION_SERVICE_LABELS[service]).join('　')
  // a service's name is not broken across lines (人民／调解)
  const servicesHtml = station.services.map((service) => `<span class="keep">${escapeHtml(STATION_SERVICE_LABELS[service])}</span>`).join('　')
  const verification = stationVerification(station)
  const status = posterVerificationText(station)
  const codes = params.wxacode
    ? `<div class="codes">
<figure class="qr" data-code="wxacode"><img src="${params.wxacode}" alt="小程序码"><figcaption class="code-label">微信扫一扫 · 打开小程序</figcaption></figure>
<figure class="qr" data-code="h5"><div>${params.qrSvg}</div><figcaption class="code-label">手机相机扫一扫 · 打开网页</figcaption></figure>
</div>
<div class="hint">查看开放时间、拨打电话、导航到这里、预约免费法律咨询</div>`
    : `<div class="codes">
<figure class="qr" data-code="h5"><div>${params.qrSvg}</div></figure>
</div>
<div class="hint">微信或手机相机扫一扫：查看开放时间、拨打电话、导航到这里、预约免费法律咨询</div>`
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(station.name)} · 门口海报</title>
<style>
@page { size: A4 portrait; margin: 12mm; }
html, body { margin: 0; padding: 0; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #111; }
.poster { display: flex; flex-direction: column; align-items: center; justify-content: space-evenly; text-align: center; gap: 3mm; box-sizing: border-box; }
.tier { font-size: 18pt; color: #0b4f8a; letter-spacing: 2pt; }
h1 { margin: 0; line-height: 1.25; font-weight: 700; text-wrap: balance; }
.name-short { font-size: 36pt; }
.name-medium { font-size: 28pt; }
.name-long { font-size: 24pt; }
.row { font-size: 18pt; line-height: 1.45; max-width: 100%; overflow-wrap: anywhere; text-wrap: balance; }
.row-long { font-size: 14pt; }
.row-longest { font-size: 11.5pt; }
.label { color: #444; }
.keep { white-space: nowrap; }
.codes { display: flex; gap: 10mm; justify-content: center; width: 100%; }
.qr { margin: 0; display: flex; flex-direction: column; align-items: center; }
.qr > div, .qr > img { aspect-ratio: 1 / 1; }
.qr svg { display: block; width: 100%; height: 100%; }
.code-label { font-size: 14pt; font-weight: bold; margin-top: 1mm; }
.hint { font-size: 14pt; color: #333; line-height: 1.4; }
.status { font-size: 11pt; color: #555; }
.link { font-size: 9pt; color: #555; overflow-wrap: anywhere; }
.screen-note { display: none; }
/* print: one page of A4 less its margins (273 mm, 2 mm kept for rounding); the codes take the rest */
@media print {
  .poster { height: 271mm; }
  .codes { flex: 1 1 0; min-height: 45mm; max-height: 100mm; }
  .qr { height: 100%; }
  .qr > div, .qr > img { flex: 1 1 0; min-height: 0; height: 100%; }
}
/* on a screen (a phone, before printing): the page flows, the codes a fixed size */
@media screen {
  body { padding: 16px; }
  .screen-note { display: block; max-width: 40em; margin: 0 auto 16px; padding: 12px; border: 1px solid #0b4f8a; border-radius: 8px; font-size: 16px; line-height: 1.6; background: #eef4fa; text-align: left; }
  .qr > div, .qr > img { width: min(60vw, 70mm); }
}
</style></head>
<body>
<p class="screen-note">这是贴在服务站门口的 A4 海报。用电脑打开这个网址，按 Ctrl+P 打印（A4 纸，纵向，一页）；在手机上可以把网址发给能打印的同事。</p>
<main class="poster">
<div class="tier">${escapeHtml(STATION_TIER_LABELS[station.tier])}</div>
<h1 class="${nameClass(station.name)}">${escapeHtml(station.name)}</h1>
<div class="${rowClass(hours)}" data-fact="hours"><span class="label">开放时间：</span>${escapeHtml(hours)}</div>
<div class="${rowClass(phone)}" data-fact="phone"><span class="label">电话：</span>${escapeHtml(phone)}</div>
${services ? `<div class="${rowClass(services)}" data-fact="services"><span class="label">服务：</span>${servicesHtml}</div>` : ''}
${codes}
<div class="status" data-verification="${verification}"><span class="label">信息状态：</span>${escapeHtml(status)}</div>
<div class="link">${escapeHtml(params.link)}</div>
</main></body></html>`
}
