import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/**
 * The app speaks to elderly villagers, volunteers and staff alike with 您, never 你 (issue 22: the
 * two were mixed). Checked over what users read: every string literal, template text and JSX
 * text in client/ (comments and identifiers are not read by users, so not checked). No
 * exception, not even 你们: 本站, 各位, 大家 say it as well.
 */

const root = path.resolve(__dirname, '../..')

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : []
  })
}

/** Each user-readable text of a file that contains 你, with its line. */
function informalYou(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    const readable =
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node) ||
      ts.isJsxText(node)
        ? node.text
        : null
    if (readable?.includes('你')) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source))
      found.push(`${path.relative(root, file)}:${line + 1} ${readable.trim()}`)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

describe('client/: users are addressed with 您', () => {
  it('no string literal, template text or JSX text says 你', () => {
    const files = sourceFiles(path.join(root, 'client'))
    expect(files.length).toBeGreaterThan(50)
    expect(files.flatMap((file) => informalYou(file, fs.readFileSync(file, 'utf8')))).toEqual([])
  })

  it('finds 你 in literals, templates and JSX text, and not in comments', () => {
    const file = path.join(root, 'client/example.tsx')
    const source = [
      '// 你 in a comment is fine',
      "const a = '正在取你的位置…'",
      'const b = `请按${name}你们站的时间`',
      'const c = <Text>点你所在的乡镇</Text>',
      "const d = '请您稍等'",
    ].join('\n')
    expect(informalYou(file, source)).toEqual([
      'client/example.tsx:2 正在取你的位置…',
      'client/example.tsx:3 你们站的时间',
      'client/example.tsx:4 点你所在的乡镇',
    ])
  })
})
