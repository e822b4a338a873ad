/**
 * After `taro build --type h5`: builds the reader document's own script
 * (client/document/reader-document.ts) into dist/h5/js/document.<hash>.js, with .br and .gz beside
 * it as the app's chunks have (config/h5-delivery.ts). No Taro, no React: the reader gets a few
 * kilobytes, and the app only when it is asked for (issue 24). The BFF finds the file by its name
 * (server/h5/h5.routes.ts readDocumentScript).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { buildSync } from 'esbuild'

const root = path.resolve(__dirname, '..')

export function buildH5Document(params: { dist: string }): string {
  const result = buildSync({
    entryPoints: [path.join(root, 'client/document/reader-document.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    // the same browsers as the app's H5 build (babel.config.js)
    target: ['chrome73', 'ios12.2', 'safari12.1'],
    define: { 'process.env.TARO_ENV': '"h5"' },
    write: false,
    legalComments: 'none',
  })
  const code = result.outputFiles[0].contents
  const hash = crypto.createHash('sha256').update(code).digest('hex').slice(0, 8)
  const folder = path.join(params.dist, 'js')
  fs.mkdirSync(folder, { recursive: true })
  for (const old of fs.readdirSync(folder).filter((name) => /^document\.[0-9a-f]+\.js(\.br|\.gz)?$/.test(name))) fs.rmSync(path.join(folder, old))
  const file = path.join(folder, `document.${hash}.js`)
  fs.writeFileSync(file, code)
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(code, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }))
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(code, { level: 9 }))
  return file
}

if (require.main === module) {
  const file = buildH5Document({ dist: path.join(root, 'dist/h5') })
  process.stdout.write(`[fazhitong] reader document script: ${path.relative(root, file)} (${fs.statSync(file).size} bytes)\n`)
}
