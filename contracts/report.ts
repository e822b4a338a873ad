import * as z from 'zod/mini'

/**
 * A county's 法治政府建设情况报告 after import: page metadata, the heading tree with its text, and
 * the figures quoted in it. Produced by `server/importers/report-parser.ts`, stored as JSON and
 * served by `GET /api/reports/:id`.
 */

/** `YYYY-MM-DD`; the parser normalises 2024年2月29日, 2024/2/29, 2024.02.29 to this. */
export const reportDateSchema = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))

export const reportFormatSchema = z.enum(['text', 'html'])
export type ReportFormat = z.infer<typeof reportFormatSchema>

/** What `parseReport` takes; `format` absent means "detect HTML by its tags". */
export const parseReportInputSchema = z.object({ input: z.string(), format: z.optional(reportFormatSchema) })
export type ParseReportInput = z.infer<typeof parseReportInputSchema>

/** The 政府信息公开 metadata table. A field the page does not show is `null`, never guessed. */
export const reportMetaSchema = z.object({
  /** 索引号, e.g. `11500241358692734W/2024-00016` */
  indexNo: z.nullable(z.string()),
  /** 发文字号, e.g. `秀山府发〔2024〕3号` */
  docNo: z.nullable(z.string()),
  /** 主题分类 */
  topic: z.nullable(z.string()),
  /** 体裁分类 */
  genre: z.nullable(z.string()),
  /** 发布机构 */
  publisher: z.nullable(z.string()),
  /** 成文日期 */
  writtenAt: z.nullable(reportDateSchema),
  /** 发布日期 */
  publishedAt: z.nullable(reportDateSchema),
})
export type ReportMeta = z.infer<typeof reportMetaSchema>

/**
 * One numbered heading with the paragraphs up to the next heading. `marker` is the numbering as
 * printed (`一、`, `（一）`, `(一)`, `1.`, `（1）`); a `（一）` the scrape damaged to `)` or `一）`
 * is repaired from its place among its siblings, in the report's own brackets; `title` is the heading text
 * without marker and without the sentence that may follow it on the same line (that sentence is
 * the first paragraph). `id` is the position in the tree (`s1`, `s1-2`, `s1-2-1`).
 */
export const reportSectionSchema = z.object({
  id: z.string().check(z.regex(/^s\d+(?:-\d+)*$/)),
  level: z.number().check(z.int(), z.gte(1)),
  marker: z.string(),
  title: z.string(),
  paragraphs: z.array(z.string()),
  get children() {
    return z.array(reportSectionSchema)
  },
})
export type ReportSection = z.infer<typeof reportSectionSchema>

/** A year-on-year (or other comparison) change printed right after a figure: `同比上升17.2%`. */
export const figureChangeSchema = z.object({
  direction: z.enum(['up', 'down']),
  value: z.number(),
  /** `%`, `个百分点`, `倍`, or a count unit (`件`); `null` when none was printed */
  unit: z.nullable(z.string()),
  /** the comparison as printed: `同比`, `较上年`, …; `null` when the text only says `增长` */
  basis: z.nullable(z.string()),
})
export type FigureChange = z.infer<typeof figureChangeSchema>

/**
 * A number quoted in the report. `value` is the number as printed (`1929` for `1929万余元`);
 * `unit` is the unit as printed including 万/亿 and 余/多 (`万余元`, `余名`, `%`), or `null`
 * when the page lost it (`法律援助1175挽回…`). `approx` is true when the text marks the number as
 * approximate (余, 多, 近, 约, 以上, …).
 */
export const reportFigureSchema = z.object({
  value: z.number(),
  unit: z.nullable(z.string()),
  approx: z.boolean(),
  /** short human-readable label from the surrounding words, e.g. `电子证照`, `网办率` */
  label: z.string(),
  change: z.nullable(figureChangeSchema),
  /** the section whose title or paragraphs hold the figure; `null` for the preamble */
  sectionId: z.nullable(z.string()),
  /** the sentence the figure came from */
  quote: z.string(),
})
export type ReportFigure = z.infer<typeof reportFigureSchema>

export const structuredReportSchema = z.object({
  meta: reportMetaSchema,
  /** the report title; empty when none could be found */
  title: z.string(),
  /** year the report covers, read from the title (`2023年度…报告` → 2023) */
  year: z.nullable(z.number().check(z.int())),
  /** short lines printed under the title: issuer, `关于…的报告`, date */
  headerLines: z.array(z.string()),
  /** paragraphs before the first numbered heading */
  preamble: z.array(z.string()),
  sections: z.array(reportSectionSchema),
  /** signature lines after the last paragraph (issuer, date) */
  closing: z.array(z.string()),
  figures: z.array(reportFigureSchema),
})
export type StructuredReport = z.infer<typeof structuredReportSchema>
