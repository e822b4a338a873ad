import crypto from 'node:crypto'
import path from 'node:path'
import { buildSync } from 'esbuild'
import type { Compiler } from 'webpack'

/**
 * The document pages' own script (client/document/index.ts: the reader and 首页), built with esbuild into
 * the H5 build as `js/document.<hash>.js`: no Taro, no React, a few kilobytes (issue 24). Emitted
 * as a webpack asset, so it is compressed (.br/.gz) and precached by the service worker like every
 * chunk. The BFF finds it by its name (server/h5/h5.routes.ts readDocumentScript).
 */
export const DOCUMENT_SCRIPT_ENTRY = path.resolve(__dirname, '../client/document/index.ts')

export function buildDocumentScript(): { fileName: string; code: Uint8Array; inputs: string[] } {
  const result = buildSync({
    entryPoints: [DOCUMENT_SCRIPT_ENTRY],
    bundle: true,
    minify: true,
    format: 'iife',
    // the same browsers as the app's H5 build (babel.config.js)
    target: ['chrome73', 'ios12.2', 'safari12.1'],
    define: { 'process.env.TARO_ENV': '"h5"' },
    write: false,
    metafile: true,
    legalComments: 'none',
  })
  const code = result.outputFiles[0].contents
  const hash = crypto.createHash('sha256').update(code).digest('hex').slice(0, 8)
  const inputs = Object.keys(result.metafile.inputs).map((input) => path.resolve(process.cwd(), input))
  return { fileName: `js/document.${hash}.js`, code, inputs }
}

export class DocumentScriptPlugin {
  apply(compiler: Compiler): void {
    const { Compilation, sources } = compiler.webpack
    compiler.hooks.thisCompilation.tap('DocumentScriptPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'DocumentScriptPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        const { fileName, code, inputs } = buildDocumentScript()
        // a watch build rebuilds when the script or what it imports changes
        for (const input of inputs) compilation.fileDependencies.add(input)
        compilation.emitAsset(fileName, new sources.RawSource(Buffer.from(code)))
      })
    })
  }
}
