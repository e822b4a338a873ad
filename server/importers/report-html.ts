/**
 * HTML → plain text for report pages, with regular expressions only (no DOM dependency): block
 * elements become line breaks, table cells become tabs, invisible and navigational elements are
 * dropped, entities are decoded. Page chrome that is ordinary text (breadcrumbs, footers) is left
 * for the line-level rules in `report-chrome.ts`.
 */

const HTML_TAG = /<(?:!doctype|html|head|body|div|p|br|table|tr|td|span|script|style|section|article|h[1-6]|ul|ol|li|a|meta|link)\b[^>]*>/i

/** True when the input is an HTML page or fragment rather than scraped text. */
export function looksLikeHtml(input: string): boolean {
  return HTML_TAG.test(input)
}

// Elements whose content is never report text. Not nested in practice, so a lazy match is enough.
const DROPPED_ELEMENTS = ['head', 'script', 'style', 'noscript', 'template', 'nav', 'select', 'textarea', 'button', 'iframe', 'svg', 'object']

const BLOCK_ELEMENTS = [
  'address',
  'article',
  'aside',
  'blockquote',
  'caption',
  'center',
  'dd',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'title',
  'tr',
  'ul',
]

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  ideographicspace: '\u3000',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  laquo: '«',
  raquo: '»',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  middot: '·',
  bull: '•',
  times: '×',
  divide: '÷',
  copy: '©',
  reg: '®',
  trade: '™',
  deg: '°',
  plusmn: '±',
  permil: '‰',
  yen: '¥',
  shy: '',
  zwnj: '',
  zwj: '',
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10)
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    const named = NAMED_ENTITIES[body.toLowerCase()]
    return named ?? whole
  })
}

/**
 * Converts an HTML page to text lines: one line per block element, table cells separated by a
 * tab, spaces collapsed, blank lines removed. Entities are decoded after the tags are gone, so an
 * escaped `&lt;p&gt;` stays text.
 */
export function htmlToText(html: string): string {
  let text = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')
  for (const element of DROPPED_ELEMENTS) {
    text = text.replace(new RegExp(`<${element}\\b[^>]*>[\\s\\S]*?</${element}\\s*>`, 'gi'), '\n')
    text = text.replace(new RegExp(`<${element}\\b[^>]*/?>`, 'gi'), '\n')
  }
  // Source line breaks are insignificant in HTML; only the elements below make lines. Between
  // two Chinese characters a source line break is dropped (as browsers do), elsewhere it is a space.
  text = text.replace(/(?<=[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’])[ \t]*[\r\n][\s]*(?=[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’])/gu, '')
  text = text.replace(/[\r\n\t]+/g, ' ')
  text = text.replace(/<br\s*\/?>/gi, '\n')
  text = text.replace(new RegExp(`</?(?:${BLOCK_ELEMENTS.join('|')})\\b[^>]*>`, 'gi'), '\n')
  text = text.replace(/<\/?t[dh]\b[^>]*>/gi, '\t')
  text = text.replace(/<[^>]*>/g, '')
  text = decodeEntities(text)
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/[\u00a0\u2002-\u200a\u202f\u205f\u3000 ]+/g, ' ')
        .replace(/[\u200b-\u200d\ufeff]/g, '')
        .replace(/ *\t[\t ]*/g, '\t')
        .trim(),
    )
    .filter((line) => line.length > 0)
    .join('\n')
}
