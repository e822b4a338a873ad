import type { FigureChange, ReportFigure } from '../../contracts/report'
import { SPLIT_WORDS, TRAILING_WORDS, UNIT_WORDS } from './report-figure-words'

/**
 * Figures quoted in report text: every Arabic number with its unit as printed, a short label
 * from the words around it, and a year-on-year change attached to the figure it qualifies.
 * Years, dates, document numbers (`〔2021〕5号`), titles in 《》, ordinals (`第3`), codes (`IPv6`,
 * `1+N`) and hotline numbers are not figures. Where scraping lost the unit (`法律援助1175挽回…`)
 * the unit is `null`; nothing is invented.
 */

export interface FigureSource {
  text: string
  sectionId: string | null
}

// ---------------------------------------------------------------- spans that are not figures

const NOT_FIGURE_SPANS: readonly RegExp[] = [
  /《[^《》]*》/gu,
  /[〔[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*(?:第\s*)?\d+\s*号/gu,
  /(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月](?:\s*\d{1,2}\s*[日号]?)?/gu,
  /(?:19|20)\d{2}\s*(?:[-—–~～至到]\s*(?:19|20)\d{2}\s*)?年度?/gu,
  /(?:19|20)\d{2}\s*[-—–~～至到]\s*(?:19|20)\d{2}/gu,
  /(?<![\d个])\d{1,2}\s*月\s*(?:\d{1,2}\s*[日号]|份|底|初|末|上旬|中旬|下旬)?/gu,
  /\d{1,2}\s*[:：]\s*\d{2}/gu,
]

/** Per character: 1 where the text is part of a year, date, 文号, 《title》 or time. */
function maskedCharacters(text: string): Uint8Array {
  const masked = new Uint8Array(text.length)
  for (const pattern of NOT_FIGURE_SPANS) {
    for (const match of text.matchAll(pattern)) masked.fill(1, match.index, match.index + match[0].length)
  }
  return masked
}

// ---------------------------------------------------------------- units and changes

/** 万/亿 multiplier, then 余/多 ("more than"), then the unit word; each optional but kept as printed. */
const UNIT = new RegExp(`^(?:(千万|百万|万|亿|千)?(余|多)?(${UNIT_WORDS.join('|')})?)`, 'u')
const APPROX_AFTER = /^(?:以上|左右|多)/u
const APPROX_BEFORE = /(?:近|约|超过|超|逾|大约|将近|达\s*近)$/u

const UP_VERBS = ['上升', '增加', '增长', '提高', '提升', '上涨']
const CHANGE_LEAD = new RegExp(
  `(同比|环比|(?:比|较)(?:上年|去年)(?:同期)?|与(?:上年|去年)(?:同期)?相比|(?:比|较)(?:19|20)\\d{2}年(?:同期)?)?` +
    `\\s*[,，]?\\s*(?:分别|均|都|有所)?\\s*(${[...UP_VERBS, '下降', '减少', '降低', '下滑', '回落'].join('|')})了?\\s*(?:约|近)?\\s*$`,
  'u',
)
const RATE_UNITS = new Set(['%', '个百分点', '倍'])

// ---------------------------------------------------------------- labels

const SPLIT = new RegExp(`${SPLIT_WORDS.join('|')}|(?<!公)共`, 'gu')
const CONJUNCTIONS = /(?:和|与|及|以及|等|或)$/u
const LEADING_NOISE =
  /^(?:(?:19|20)\d{2}\s*年度?(?:\d{1,2}\s*月份?)?(?:以来|来|内|底|末|初)?|今年以来|今年|去年|全年|年内|目前|截至目前|截止目前|至今|同时|此外|另外|并且|并|其中|共计|累计|合计|总计|共)+/u
const FOLLOWING_STOP =
  /[，,、；;。：:！？!?\d]|全部|均|都|已|并|进行|参加|参与|深入|纳入|达|实现|(?<!公)共|累计|同比|开展|通过|其中|得到|获得|受到|被|成功|分别|予以/u
/** Words after a unit that open a clause rather than name the counted thing (`4户因征地拆迁…`). */
const FOLLOWING_CLAUSE = /^(?:因|由|在|从|对|向|把|将|被|为|以|于|经)/u
/** A preposition just before the number: the counted thing follows (`对全县80余个单位`). */
const PREPOSITION_BEFORE = /(?:对|向|为|给|在|从|把|将)\p{Script=Han}{0,4}$/u
const MAX_LABEL = 20

function endsWithAny(text: string, words: readonly string[]): string | null {
  let best: string | null = null
  for (const word of words) if (text.endsWith(word) && (best === null || word.length > best.length)) best = word
  return best
}

function stripTrailingWords(text: string): string {
  let rest = text
  for (;;) {
    const word = endsWithAny(rest, TRAILING_WORDS)
    if (word === null || rest.length - word.length < 2) return rest
    rest = rest.slice(0, -word.length)
  }
}

function afterLastSplitWord(text: string): string {
  let cut = 0
  // the last split word that still leaves a name of two or more characters
  for (const match of text.matchAll(SPLIT)) {
    const end = match.index + match[0].length
    if (text.length - end >= 2) cut = Math.max(cut, end)
  }
  return text.slice(cut)
}

function tidyLabel(raw: string): string {
  let label = raw.trim()
  // a quoted name is the name: 村(社区“法律明白人”培训 → 法律明白人培训
  const open = label.search(/[“"「『]/u)
  if (open > 0 && /[”"」』]/u.test(label.slice(open + 1))) label = label.slice(open)
  label = label.replace(/[“”"「」『』‘’']/gu, '')
  // brackets that lost their partner are scraping damage, not text worth showing
  if (/[（(]/u.test(label) !== /[）)]/u.test(label)) label = label.replace(/[（()）]/gu, '')
  label = label
    .replace(/^(?:的|了)+/u, '')
    .replace(/(?:的|和|与|及|以及|或)$/u, '')
    .trim()
  if (label.length > MAX_LABEL) {
    const afterOf = label.slice(label.lastIndexOf('的') + 1)
    label = afterOf.length >= 2 && afterOf.length <= MAX_LABEL ? afterOf : label.slice(-MAX_LABEL)
  }
  return label
}

/**
 * The label of a figure: the counted thing named before the number (`成功化解邻里纠纷14913件`),
 * or after its unit when the words before end in a verb or conjunction (`培育1350余名“法律明白人”`).
 */
function labelFor(params: { before: string; after: string | null }): string {
  const before = params.before.replace(LEADING_NOISE, '').trim()
  const after = params.after === null ? '' : tidyLabel(params.after)
  const endsOpen =
    before.length <= 2 ||
    endsWithAny(before, SPLIT_WORDS) !== null ||
    endsWithAny(before, TRAILING_WORDS) !== null ||
    CONJUNCTIONS.test(before) ||
    PREPOSITION_BEFORE.test(before)
  if (endsOpen && after.length >= 2) return after
  const core = tidyLabel(afterLastSplitWord(stripTrailingWords(before)))
  // `成功化解20件` → `成功化解`, not the bare adverb
  if (core.length >= 2 && !TRAILING_WORDS.includes(core)) return core
  if (after.length >= 2) return after
  return tidyLabel(before) || core || after
}

/**
 * Words that name no counted thing, so a figure labelled by them makes no sense on a tile: an
 * anonymised person (`杨某等4户` → 杨某等), a list cut short (`…等`), a duration verb (`4起历时7年的…`
 * → 历时), or a bare preposition left by the cut.
 */
const SENSELESS_LABEL = /\p{Script=Han}某|等$|^(?:历时|历经|耗时|用时|长达|持续|因|由|对|向|在|从)/u
/** `历时7年`, `长达3个月`: how long something took, not a count of anything. */
const DURATION_BEFORE = /(?:历时|历经|耗时|用时|长达|持续)\s*(?:约|近|超过|逾)?$/u
const DURATION_UNIT = /^(?:个?月|年|天|日|周|小时|分钟|个工作日|工作日)$/u

/**
 * `督促公安、环保、规划资源、市场监管、住房建设5家部门…`: the words before the number are the last item
 * of a list the number counts, and the counted thing follows the unit (`部门…`). True when the clause
 * starts after a `、` and the list before it holds no number of its own (`调解机构15家、调解室4个` is a
 * list of figures, each named; `报备率、及时率和规范率均达100%` names its own figure).
 */
function endsList(params: { text: string; clauseStart: number; contextStart: number }): boolean {
  const { text, clauseStart } = params
  if (clauseStart === 0 || text[clauseStart - 1] !== '、') return false
  let from = clauseStart - 1
  while (from > params.contextStart && !/[，,；;：:。！？!?]/u.test(text[from - 1])) from -= 1
  return !/\d/u.test(text.slice(from, clauseStart))
}

function followingPhrase(text: string): { phrase: string; length: number } {
  const leading = /^(?:以上|左右|多)?的?/u.exec(text)?.[0].length ?? 0
  if (FOLLOWING_CLAUSE.test(text.slice(leading))) return { phrase: '', length: 0 }
  const stop = text.slice(leading).search(FOLLOWING_STOP)
  const end = leading + (stop < 0 ? Math.min(text.length - leading, 15) : Math.min(stop, 15))
  return { phrase: text.slice(leading, end), length: end }
}

// ---------------------------------------------------------------- extraction

const NUMBER = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/gu
const SENTENCE = /[^。！？!?；;]+[。！？!?；;]*/gu
const CLAUSE_BREAK = /[，,、；;：:。！？!?]/u
const CODE_BEFORE = /[A-Za-z0-9_.\-—+×*/#№第]$/u
const CODE_AFTER = /^(?:[A-Za-z+×*/]|[-—]\d|号)/u
/** `12345政务服务便民热线`, `12348法律服务热线`: a service number, not a count. */
const HOTLINE_AFTER = /^\p{Script=Han}{0,8}?(?:热线|专线|电话|平台|联动)/u

/** Full-width digits and percent as ASCII, same length, so offsets stay valid. */
function asciiDigits(text: string): string {
  return text.replace(/[０-９％]/gu, (char) => (char === '％' ? '%' : String.fromCharCode(char.charCodeAt(0) - 0xfee0)))
}

function lastClauseStart(text: string, from: number, to: number): number {
  for (let index = to - 1; index >= from; index -= 1) if (CLAUSE_BREAK.test(text[index])) return index + 1
  return from
}

function figuresInSentence(sentence: string, sectionId: string | null): ReportFigure[] {
  const figures: ReportFigure[] = []
  const text = asciiDigits(sentence)
  const masked = maskedCharacters(text)
  const quote = sentence.trim()
  // where the words describing the next figure may start (after the previous figure and its label)
  let contextStart = 0
  let previous: ReportFigure | null = null

  for (const match of text.matchAll(NUMBER)) {
    const start = match.index
    const end = start + match[0].length
    if (masked.subarray(start, end).includes(1)) continue
    // bounded look-behind and look-ahead windows keep long sentences linear
    const before = text.slice(Math.max(0, start - 8), start)
    const tail = text.slice(end, end + 48)
    if (CODE_BEFORE.test(before) || CODE_AFTER.test(tail)) continue

    const unitMatch = UNIT.exec(tail)
    const unitText = unitMatch?.[0] ?? ''
    if (unitText.length === 0 && HOTLINE_AFTER.test(tail)) continue
    const unit = unitText.length > 0 ? unitText : null
    const afterUnit = tail.slice(unitText.length)
    const value = Number(match[0].replace(/,/gu, ''))
    const approx = /[余多]/u.test(unitText) || APPROX_AFTER.test(afterUnit) || APPROX_BEFORE.test(before)
    const consumedEnd = end + unitText.length

    const clauseStart = Math.max(contextStart, lastClauseStart(text, contextStart, start))
    const lead = CHANGE_LEAD.exec(text.slice(Math.max(clauseStart, start - 24), start))
    const isRate = unit !== null && RATE_UNITS.has(unit)
    if (lead && (lead[1] !== undefined || isRate)) {
      const change: FigureChange = { direction: UP_VERBS.includes(lead[2]) ? 'up' : 'down', value, unit, basis: lead[1] ?? null }
      // the change qualifies the previous figure unless the words in between name something else
      const namesOther = /\p{Script=Han}/u.test(text.slice(contextStart, start - lead[0].length).replace(/^[,，\s]+/u, ''))
      // a count change (`增加12件`) only qualifies a figure counted in the same unit
      const fits = previous !== null && (isRate || unit === null || previous.unit === unit)
      if (previous && previous.change === null && !namesOther && fits) {
        previous.change = change
      } else {
        // a change with no figure before it in the sentence is the figure itself (`案件量同比下降12%`)
        const leadStart = start - lead[0].length
        const orphan: ReportFigure = {
          value,
          unit,
          approx,
          label: labelFor({ before: text.slice(clauseStart, leadStart), after: null }) || lead[0].trim(),
          change,
          sectionId,
          quote,
        }
        figures.push(orphan)
        previous = orphan
      }
      contextStart = consumedEnd
      continue
    }

    const following = unit === null ? null : followingPhrase(afterUnit)
    const labelText = labelFor({ before: text.slice(clauseStart, start), after: following?.phrase ?? null })
    // when the label came from the words after the unit, the next figure's words start after them
    const usedFollowing = following !== null && following.phrase.length >= 2 && labelText === tidyLabel(following.phrase)
    contextStart = usedFollowing && following ? consumedEnd + following.length : consumedEnd
    // a number whose words say nothing about what it counts is left in the text, not put on a tile
    const beforeWords = text.slice(clauseStart, start)
    // `…为阵地建成268个…工作室`: a verb before the number, so the words after it are this figure's own
    const verbBefore = endsWithAny(beforeWords, SPLIT_WORDS) !== null || endsWithAny(beforeWords, TRAILING_WORDS) !== null
    const listItemLabel = (following?.phrase.length ?? 0) >= 2 && !verbBefore && endsList({ text, clauseStart, contextStart: Math.max(0, clauseStart - 64) })
    const duration = unit !== null && DURATION_UNIT.test(unit) && DURATION_BEFORE.test(before)
    if (labelText.length < 2 || SENSELESS_LABEL.test(labelText) || listItemLabel || duration) continue
    const figure: ReportFigure = { value, unit, approx, label: labelText, change: null, sectionId, quote }
    figures.push(figure)
    previous = figure
  }
  return figures
}

/** All figures of the given texts, in reading order. */
export function extractFigures(sources: readonly FigureSource[]): ReportFigure[] {
  const figures: ReportFigure[] = []
  for (const source of sources) {
    for (const sentence of source.text.matchAll(SENTENCE)) {
      if (/\d|[０-９]/u.test(sentence[0])) figures.push(...figuresInSentence(sentence[0], source.sectionId))
    }
  }
  return figures
}
