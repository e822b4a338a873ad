import { STATION_SERVICE_LABELS, STATION_TIER_LABELS, STATION_VERIFICATION_LABELS, stationVerification, type Station } from '../../contracts/station'

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char)
}

/**
 * A printable A4 page for the station's door: name, hours, phone (or the 12348 hotline) and the
 * codes of the station's page — the 小程序码 for WeChat when there is one, and the H5 QR that any
 * phone camera opens — each labelled. Facts we could not verify say so, on paper too.
 */
export function renderStationPoster(params: { station: Station; qrSvg: string; link: string; wxacode?: string | null }): string {
  const { station } = params
  const hours = `${station.hours.text}${station.hours.isDefault ? '（默认时间，未核实，请先电话确认）' : ''}`
  const phone = station.phone ? escapeHtml(station.phone) : '暂无本站电话 · 请拨 12348 公共法律服务热线'
  const services = station.services.map((service) => STATION_SERVICE_LABELS[service]).join('　')
  const verification = stationVerification(station)
  const status = `${STATION_VERIFICATION_LABELS[verification]}${verification === 'verified' && station.verifiedAt ? `（${station.verifiedAt}）` : verification === 'self_reported' ? '（县司法局尚未核实）' : ''}`
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(station.name)} · 门牌海报</title>
<style>
@page { size: A4 portrait; margin: 18mm; }
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #111; margin: 0; }
.poster { display: flex; flex-direction: column; align-items: center; text-align: center; gap: 8mm; }
.tier { font-size: 18pt; color: #0b4f8a; letter-spacing: 2pt; }
h1 { font-size: 30pt; line-height: 1.3; margin: 0; }
.row { font-size: 18pt; line-height: 1.6; }
.label { color: #444; }
.qr svg { width: 80mm; height: 80mm; }
.codes { display: flex; gap: 10mm; justify-content: center; }
.codes .qr svg, .codes .qr img { width: 70mm; height: 70mm; }
.code-label { font-size: 16pt; font-weight: bold; margin-top: 2mm; }
.hint { font-size: 14pt; color: #333; }
.link { font-size: 10pt; color: #555; word-break: break-all; }
</style></head>
<body><main class="poster">
<div class="tier">${escapeHtml(STATION_TIER_LABELS[station.tier])}</div>
<h1>${escapeHtml(station.name)}</h1>
<div class="row"><span class="label">开放时间：</span>${escapeHtml(hours)}</div>
<div class="row"><span class="label">电话：</span>${phone}</div>
<div class="row" data-verification="${verification}"><span class="label">信息状态：</span>${escapeHtml(status)}</div>
${services ? `<div class="row"><span class="label">服务：</span>${escapeHtml(services)}</div>` : ''}
${
  params.wxacode
    ? `<div class="codes">
<figure class="qr" data-code="wxacode"><img src="${params.wxacode}" alt="小程序码"><figcaption class="code-label">微信扫一扫 · 打开小程序</figcaption></figure>
<figure class="qr" data-code="h5"><div>${params.qrSvg}</div><figcaption class="code-label">手机相机扫一扫 · 打开网页</figcaption></figure>
</div>
<div class="hint">查看开放时间、拨打电话、导航到这里、预约免费法律咨询</div>`
    : `<div class="qr" data-code="h5">${params.qrSvg}</div>
<div class="hint">微信或手机相机扫一扫：查看开放时间、拨打电话、导航到这里、预约免费法律咨询</div>`
}
<div class="link">${escapeHtml(params.link)}</div>
</main></body></html>`
}
