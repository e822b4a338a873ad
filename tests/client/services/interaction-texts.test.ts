import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ts from 'typescript'
import { MODAL_TEXTS, TOAST_TEXTS } from '../../../client/services/interaction-texts'
import { checkInteractionCalls, checkPageTitles, findInteractionCalls, findPageTitles } from '../../support/interaction-calls'
import { checkInteraction } from '../../support/wechat-limits'

const root = path.resolve(__dirname, '../../..')

function sourceFiles(dir: string, pattern: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full, pattern)
    return pattern.test(entry.name) ? [full] : []
  })
}

const clientFiles = sourceFiles(path.join(root, 'client'), /\.tsx?$/).filter((file) => !file.endsWith('.d.ts'))

describe('client/services/interaction-texts: the texts of WeChat’s dialogs, toasts and title bars', () => {
  it.each(Object.entries(MODAL_TEXTS))('dialog %s keeps to WeChat’s limits (buttons ≤ 4 characters, a short title)', (_name, texts) => {
    const content = 'content' in texts ? texts.content : '…'
    expect(checkInteraction('showModal', { ...texts, content, showCancel: 'cancelText' in texts })).toEqual([])
  })

  it.each(Object.entries(TOAST_TEXTS))('toast %s keeps to WeChat’s limits (7 characters beside an icon, two lines without)', (_name, texts) => {
    expect(checkInteraction('showToast', texts)).toEqual([])
  })

  describe('every call of showModal, showToast, showActionSheet, setNavigationBarTitle in client/ (found with the TypeScript compiler)', () => {
    let calls: ReturnType<typeof findInteractionCalls>

    beforeAll(() => {
      calls = findInteractionCalls({ root, files: clientFiles })
    }, 60_000)

    it('finds the calls, with constants resolved to their literals (零上报’s 确认上报 among them)', () => {
      expect(calls.length).toBeGreaterThanOrEqual(8)
      const zeroReport = calls.find((call) => call.where.startsWith('client/packageVolunteer/pages/log/use-mediation-log.ts') && call.api === 'ask')
      expect(zeroReport?.options).toMatchObject({ title: ['零上报'], confirmText: ['确认上报'], cancelText: ['不报了'], content: 'dynamic' })
      const discard = calls.find(
        (call) => call.where.startsWith('client/packageVolunteer/pages/records/record-item.tsx') && call.options.title?.includes('删除这条记录'),
      )
      expect(discard?.options.confirmText).toEqual(['删除', '放弃修改'])
    })

    it('breaks none of WeChat’s limits', () => {
      expect(checkInteractionCalls(calls)).toEqual([])
    })
  })

  it('each page’s navigationBarTitleText fits WeChat’s title bar (7 characters)', () => {
    const configs = [path.join(root, 'client/app.config.ts'), ...sourceFiles(path.join(root, 'client'), /^index\.config\.ts$/)]
    const titles = findPageTitles({ root, files: configs, read: (file) => fs.readFileSync(file, 'utf8') })
    expect(titles.length).toBeGreaterThanOrEqual(configs.length)
    expect(checkPageTitles(titles)).toEqual([])
  })
})

describe('the source check itself', () => {
  /** Checks one made-up file (Taro declared in it) as the test above checks client/. */
  function findingsIn(source: string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-interaction-'))
    try {
      const file = path.join(dir, 'page.ts')
      fs.writeFileSync(file, source)
      const host = ts.createCompilerHost({})
      return checkInteractionCalls(findInteractionCalls({ root: dir, files: [file], host })).map(
        (finding) => `${finding.where} ${finding.api}: ${finding.rule}`,
      )
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  const declarations = `
    declare const Taro: {
      showModal(options: { title?: string; content?: string; confirmText?: string; cancelText?: string; showCancel?: boolean }): Promise<{ confirm: boolean }>
      showToast(options: { title: string; icon?: string }): Promise<unknown>
      showActionSheet(options: { itemList: string[] }): Promise<unknown>
      setNavigationBarTitle(options: { title: string }): Promise<unknown>
    }
    declare const month: string
  `

  it('catches the 零上报 dialog as it was (确认零上报, 5 characters), though its content is written at the call', () => {
    expect(
      findingsIn(`${declarations}
        export async function zeroReport(hasMediations: boolean) {
          const { confirm } = await Taro.showModal({
            title: '零上报',
            content: hasMediations ? \`您\${month}已经记过调解。\` : \`确认\${month}没有调解纠纷？\`,
            confirmText: '确认零上报',
            cancelText: '不报了',
          }).catch(() => ({ confirm: false }))
          return confirm
        }`),
    ).toEqual(['page.ts:11 showModal: confirmText "确认零上报" is longer than 4 Chinese characters'])
  })

  it('follows constants, conditionals and spreads; reports a text it cannot resolve; checks toasts, action sheets and titles', () => {
    expect(
      findingsIn(`${declarations}
        const TEXTS = { quit: { title: '退出', confirmText: '退出登录吧', cancelText: '不退出' } } as const
        const CHOICES = ['一', '二', '三', '四', '五', '六', '七'] as const
        export function all(flag: boolean, words: string) {
          void Taro.showModal({ ...TEXTS.quit, content: words })
          void Taro.showModal({ title: '好', content: '是吗', confirmText: flag ? '好' : '好的好的好', cancelText: words })
          void Taro.showToast({ title: '已经保存到手机上了' })
          void Taro.showToast({ title: words, icon: 'none' })
          void Taro.showActionSheet({ itemList: [...CHOICES] })
          void Taro.showActionSheet({ itemList: ['一', '二', '三', '四', '五', '六', '七'] })
          void Taro.setNavigationBarTitle({ title: '法律明白人调解记录' })
        }`),
    ).toEqual([
      'page.ts:13 showModal: confirmText "退出登录吧" is longer than 4 Chinese characters',
      'page.ts:14 showModal: cancelText is not a literal or a constant (put the text in client/services/interaction-texts.ts)',
      'page.ts:14 showModal: confirmText "好的好的好" is longer than 4 Chinese characters',
      'page.ts:15 showToast: title "已经保存到手机上了" is longer than 7 Chinese characters beside the success icon (WeChat cuts it; use icon \'none\')',
      'page.ts:17 showActionSheet: itemList is not a literal or a constant (put the text in client/services/interaction-texts.ts)',
      'page.ts:18 showActionSheet: itemList has 7 items (at most 6)',
      'page.ts:19 setNavigationBarTitle: title "法律明白人调解记录" is longer than 7 Chinese characters (WeChat cuts it beside the capsule button)',
    ])
  })

  it('reads navigationBarTitleText from page configs', () => {
    const titles = findPageTitles({
      root: '/x',
      files: ['/x/index.config.ts'],
      read: () => "export default definePageConfig({ navigationBarTitleText: '法律明白人调解记录' })",
    })
    expect(checkPageTitles(titles)).toEqual([
      {
        where: 'index.config.ts:1',
        api: 'navigationBarTitleText',
        rule: 'title "法律明白人调解记录" is longer than 7 Chinese characters (WeChat cuts it beside the capsule button)',
      },
    ])
  })
})
