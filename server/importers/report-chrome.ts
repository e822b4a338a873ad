/**
 * Page chrome of Chinese government websites: the text around a report that is not the report
 * (site names, navigation, breadcrumbs, print/close/font-size widgets, QR hints, footers).
 *
 * A line is chrome only when it is *entirely* chrome: either it opens with an unmistakable chrome
 * phrase (breadcrumb, 主办单位, ICP备…) or nothing but separators is left after the known chrome
 * phrases are removed. A report sentence that merely mentions a website therefore stays.
 */

/** Lines starting like this are chrome whatever follows (up to a sane length). */
const CHROME_LINE_STARTS: readonly RegExp[] = [
  /^(?:您(?:当前|现在)?(?:的|所在)?位置|当前(?:的)?位置|所在位置|当前页面|现在位置)/u,
  /^今天是.{0,30}$/u,
  /^(?:主办|承办|协办|主管|维护)(?:单位)?\s*[:：]/u,
  /^(?:主办单位|承办单位)(?:\s|$)/u,
  /^(?:网站)?(?:联系我们|联系电话|联系方式|技术支持)(?:\s*[:：]|\s|$)/u,
  /^(?:上一篇|下一篇|上一条|下一条)(?:\s*[:：]|\s|$)/u,
  /^相关(?:链接|文件|阅读|稿件|新闻|信息|附件)(?:\s*[:：]|\s|$)/u,
  /^(?:信息)?来源\s*[:：]/u,
  /^(?:作者|编辑|责任编辑|审核|校对|浏览次数|点击数|访问量)\s*[:：]/u,
  /^(?:分享到|分享\s*[:：])/u,
  /^(?:建议|推荐)使用.{0,40}浏览器/u,
]

/** Chrome anywhere in a (short) line: copyright and registration notices, QR hints, breadcrumbs. */
const CHROME_ANYWHERE: readonly RegExp[] = [
  /版权所有\s*(?:[:：©]|$)|版权所有.{0,20}(?:政府|办公室|中心)/u,
  /copyright|©/iu,
  /网站标识码/u,
  /ICP\s*[备证]\s*\d/iu,
  /公网安备\s*\d/u,
  /扫一扫在手机(?:上)?打开/u,
  /首页\s*[>＞»›]/u,
  // the site header's clock (`欢迎访问…网 今天是2025年1月6日 星期一`), never the report's date
  /今天是\s*[:：]?\s*(?:(?:19|20)\d{2}\s*[年\-/.]|[〇零○Ｏ一二三四五六七八九]{4}\s*年)/u,
]

/** Phrases removed to see whether anything but chrome is left on a line. */
const CHROME_PHRASES: readonly RegExp[] = [
  /[\p{Script=Han}]{0,15}?政府(?:门户)?网(?:站)?/gu,
  /智能(?:机器人|问答|客服)/gu,
  /部门街镇|街镇部门/gu,
  /(?:个人|法人|用户)?(?:登录|注册|退出)/gu,
  /网站支持\s*IPv6|IPv6/giu,
  /无障碍(?:浏览|阅读|模式)?|长者(?:模式|版)|关怀版|适老化|读屏/gu,
  /繁[體体](?:中文)?|简体(?:中文)?|English|ENGLISH/gu,
  /网站地图|设为首页|加入收藏|收藏本站|收藏|网站首页|首页|移动版|手机版|RSS/gu,
  /政务(?:微博|微信)|微博|微信|邮箱/gu,
  /高级搜索|全站搜索|搜索|检索/gu,
  /(?:手机)?扫一扫(?:在手机(?:上)?打开当前页)?|在手机(?:上)?打开当前页/gu,
  /字[号体]\s*[:：]?\s*[【[]?\s*大\s*中\s*小\s*[】\]]?/gu,
  /打印(?:本页|此页|文章)?|关闭(?:窗口|本页)?|返回(?:顶部)?|TOP/gu,
  /分享到/gu,
  /(?:浏览|点击|访问)(?:量|数|次数)\s*[:：]?\s*\d*/gu,
]

const SEPARATORS = /[\s|｜/\\·•>＞»›\-—_:：,，、;；[\]【】()（）<>《》"'“”.。]+/gu

const MAX_CHROME_LINE = 200

export function isChromeLine(line: string): boolean {
  if (line.length > MAX_CHROME_LINE) return false
  if (CHROME_LINE_STARTS.some((pattern) => pattern.test(line))) return true
  if (CHROME_ANYWHERE.some((pattern) => pattern.test(line))) return true
  let rest = line
  for (const phrase of CHROME_PHRASES) rest = rest.replace(phrase, '')
  return rest.replace(SEPARATORS, '').length === 0
}

/** Footer openers: once the report body (and its last heading) has passed, nothing after such a line is report text. */
const FOOTER_STARTS: readonly RegExp[] = [
  /^相关(?:链接|文件|阅读|稿件|新闻|信息)(?:\s*[:：]|\s|$)/u,
  /^(?:上一篇|下一篇|上一条|下一条)(?:\s*[:：]|\s|$)/u,
  /^(?:主办单位|承办单位|主办)\s*[:：]|^(?:主办单位|承办单位)(?:\s|$)/u,
  /版权所有\s*(?:[:：©]|$)|版权所有.{0,20}(?:政府|办公室|中心)|网站标识码|公网安备\s*\d|ICP\s*[备证]\s*\d/iu,
  /^(?:手机)?扫一扫(?:在手机(?:上)?打开当前页)?\s*$/u,
  /^分享到/u,
  /^[【[]?\s*打印(?:本页|此页)?\s*[】\]]?\s*[【[]?\s*关闭/u,
  /^[【[]\s*(?:打印本页|关闭窗口)\s*[】\]]/u,
]

const MAX_FOOTER_LINE = 120

export function isFooterStart(line: string): boolean {
  return line.length <= MAX_FOOTER_LINE && FOOTER_STARTS.some((pattern) => pattern.test(line))
}
