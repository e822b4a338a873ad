/**
 * Finds, in TypeScript source, every call of WeChat's dialogs, toasts, action sheets and title
 * bar (`Taro.showModal(…)`, `wx.showToast(…)`, and client/services/dialogs' `ask` / `tell`, which
 * open showModal) and checks each text passed to them against tests/support/wechat-limits.ts.
 * Texts are resolved with the type checker: a literal, a constant (`as const`), a conditional of
 * literals all resolve to their literal values; a text that does not resolve is reported where
 * its length matters (button texts, toast titles, titles), so such texts live in
 * client/services/interaction-texts.ts.
 */
import path from 'node:path'
import ts from 'typescript'
import { checkInteraction, checkNavigationTitle, INTERACTION_APIS, type InteractionApi } from './wechat-limits'

export interface InteractionCall {
  /** file relative to `root`, and line (1-based) */
  where: string
  api: InteractionApi | 'ask' | 'tell'
  /** each option's literal values; 'dynamic' when it does not resolve to literals */
  options: Record<string, string[] | 'dynamic'>
}

export interface Finding {
  where: string
  api: string
  rule: string
}

/** The options whose text must be known in the source (their length is what WeChat limits). */
const MUST_RESOLVE: Readonly<Record<InteractionApi, readonly string[]>> = {
  showModal: ['title', 'confirmText', 'cancelText'],
  showToast: ['title', 'icon'],
  showLoading: ['title'],
  showActionSheet: ['itemList'],
  setNavigationBarTitle: ['title'],
}
const OPTION_NAMES: Readonly<Record<InteractionApi, readonly string[]>> = {
  showModal: ['title', 'content', 'confirmText', 'cancelText', 'showCancel'],
  showToast: ['title', 'icon', 'image'],
  showLoading: ['title'],
  showActionSheet: ['itemList'],
  setNavigationBarTitle: ['title'],
}

/** The helpers of client/services/dialogs that open showModal with their argument's texts. */
const DIALOG_HELPERS = ['ask', 'tell'] as const
const DIALOGS_MODULE = path.join('client', 'services', 'dialogs.ts')

/** A type's string literal values (booleans as 'true'/'false'), or null when it is not made of literals. */
function literalsOf(type: ts.Type, checker: ts.TypeChecker): string[] | null {
  if (type.isUnion()) {
    const parts = type.types.map((part) => literalsOf(part, checker))
    return parts.some((part) => part === null) ? null : (parts as string[][]).flat()
  }
  if (type.isStringLiteral()) return [type.value]
  if (type.flags & ts.TypeFlags.BooleanLiteral) return [checker.typeToString(type)]
  if (type.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Never)) return []
  if (checker.isTupleType(type)) {
    // an itemList: one value, the items joined with a separator no item contains
    const items = checker.getTypeArguments(type as ts.TypeReference).map((item) => literalsOf(item, checker))
    return items.every((item) => item !== null && item.length === 1) ? [(items as string[][]).map((item) => item[0]).join('\u0000')] : null
  }
  return null
}

function optionValues(argument: ts.Expression, name: string, checker: ts.TypeChecker): string[] | 'dynamic' | undefined {
  const property = checker.getPropertyOfType(checker.getTypeAtLocation(argument), name)
  if (!property) return undefined
  // an object literal's own property: its initializer keeps the literal type the declaration widens
  const declaration = property.valueDeclaration
  let type: ts.Type
  if (declaration && ts.isPropertyAssignment(declaration)) {
    const initializer = declaration.initializer
    if (ts.isArrayLiteralExpression(initializer)) {
      const items = initializer.elements.map((element) => literalsOf(checker.getTypeAtLocation(element), checker))
      return items.every((item) => item !== null && item.length === 1) ? [(items as string[][]).map((item) => item[0]).join('\u0000')] : 'dynamic'
    }
    type = checker.getTypeAtLocation(initializer)
  } else type = checker.getTypeOfSymbolAtLocation(property, argument)
  return literalsOf(type, checker) ?? 'dynamic'
}

function calledApi(call: ts.CallExpression, checker: ts.TypeChecker, root: string): InteractionCall['api'] | null {
  const callee = call.expression
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : null
  if (!name) return null
  if ((INTERACTION_APIS as readonly string[]).includes(name)) {
    // Taro.showModal / wx.showModal, or showModal imported from @tarojs/taro
    if (ts.isPropertyAccessExpression(callee))
      return ts.isIdentifier(callee.expression) && ['Taro', 'wx'].includes(callee.expression.text) ? (name as InteractionApi) : null
    return name as InteractionApi
  }
  if ((DIALOG_HELPERS as readonly string[]).includes(name) && ts.isIdentifier(callee)) {
    let symbol = checker.getSymbolAtLocation(callee)
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol)
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName
    if (file && path.relative(root, file) === DIALOGS_MODULE) return name as 'ask' | 'tell'
  }
  return null
}

/** Every interaction call in `files` (absolute paths), with its options resolved. */
export function findInteractionCalls(params: { root: string; files: readonly string[]; host?: ts.CompilerHost }): InteractionCall[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.ReactJSX,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
    esModuleInterop: true,
    resolveJsonModule: true,
  }
  const program = ts.createProgram({ rootNames: [...params.files], options, host: params.host })
  const checker = program.getTypeChecker()
  const calls: InteractionCall[] = []
  for (const file of params.files) {
    const source = program.getSourceFile(file)
    if (!source) throw new Error(`${file} was not parsed`)
    const relative = path.relative(params.root, file)
    // dialogs.ts forwards its callers' texts to showModal; the callers are checked instead
    if (relative === DIALOGS_MODULE) continue
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const api = calledApi(node, checker, params.root)
        if (api) {
          const argument = node.arguments[0]
          const resolved: InteractionCall['options'] = {}
          const names = OPTION_NAMES[api === 'ask' || api === 'tell' ? 'showModal' : api]
          if (argument) {
            for (const name of names) {
              const values = optionValues(argument, name, checker)
              if (values !== undefined) resolved[name] = values
            }
          }
          // the helpers set showCancel themselves: ask shows it, tell does not
          if (api === 'ask') resolved.showCancel = ['true']
          if (api === 'tell') resolved.showCancel = ['false']
          const { line } = source.getLineAndCharacterOfPosition(node.getStart(source))
          calls.push({ where: `${relative}:${line + 1}`, api, options: resolved })
        }
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return calls
}

function asOption(name: string, value: string): unknown {
  if (name === 'showCancel') return value === 'true'
  if (name === 'itemList') return value.split('\u0000')
  return value
}

/** The limits each call breaks, for every literal value each option can take. */
export function checkInteractionCalls(calls: readonly InteractionCall[]): Finding[] {
  const findings: Finding[] = []
  for (const call of calls) {
    const api: InteractionApi = call.api === 'ask' || call.api === 'tell' ? 'showModal' : call.api
    const seen = new Set<string>()
    const add = (rule: string) => {
      if (seen.has(rule)) return
      seen.add(rule)
      findings.push({ where: call.where, api: call.api, rule })
    }
    for (const name of MUST_RESOLVE[api]) {
      if (
        call.options[name] === 'dynamic' &&
        !(api === 'showToast' && name === 'title' && call.options.icon !== 'dynamic' && call.options.icon?.every((icon) => icon === 'none'))
      ) {
        add(`${name} is not a literal or a constant (put the text in client/services/interaction-texts.ts)`)
      }
    }
    // a representative of each option; a dynamic text stands as a neutral "…"
    const base: Record<string, unknown> = {}
    for (const [name, values] of Object.entries(call.options)) {
      if (values === 'dynamic') base[name] = name === 'itemList' ? ['…'] : name === 'showCancel' ? true : '…'
      else if (values.length > 0) base[name] = asOption(name, values[0])
    }
    for (const problem of checkInteraction(api, base)) add(problem.rule)
    for (const [name, values] of Object.entries(call.options)) {
      if (values === 'dynamic') continue
      for (const value of values.slice(1)) for (const problem of checkInteraction(api, { ...base, [name]: asOption(name, value) })) add(problem.rule)
    }
  }
  return findings
}

/** navigationBarTitleText of a page config (index.config.ts) or app.config.ts: each literal, with its line. */
export function findPageTitles(params: { root: string; files: readonly string[]; read: (file: string) => string }): { where: string; title: string | null }[] {
  const titles: { where: string; title: string | null }[] = []
  for (const file of params.files) {
    const source = ts.createSourceFile(file, params.read(file), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS)
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAssignment(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) && node.name.text === 'navigationBarTitleText') {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source))
        const value = node.initializer
        titles.push({ where: `${path.relative(params.root, file)}:${line + 1}`, title: ts.isStringLiteralLike(value) ? value.text : null })
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return titles
}

export function checkPageTitles(titles: readonly { where: string; title: string | null }[]): Finding[] {
  return titles.flatMap(({ where, title }) =>
    title === null
      ? [{ where, api: 'navigationBarTitleText', rule: 'not a literal (WeChat reads page configs at build time)' }]
      : checkNavigationTitle(title, 'navigationBarTitleText').map((problem) => ({ where, api: 'navigationBarTitleText', rule: problem.rule })),
  )
}
