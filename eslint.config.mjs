import { fileURLToPath, URL } from 'node:url'
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'
import folderCycles from './eslint/no-folder-cycles.cjs'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-artifacts/**', 'bench/results/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
        process: 'readonly',
        fetch: 'readonly',
        Headers: 'readonly',
        Request: 'readonly',
        Response: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // the server's folders are its subdomains and layers: none may import another in a cycle (eslint/no-folder-cycles.cjs)
    files: ['server/**/*.ts'],
    plugins: { local: folderCycles },
    rules: { 'local/no-folder-cycles': ['error', { root: fileURLToPath(new URL('./server', import.meta.url)) }] },
  },
  {
    // sizes a reader can hold in mind (issue 26): a longer function is split; a longer file says why
    // on its first line (`/* eslint-disable max-lines -- <reason> */`)
    files: ['client/**/*.{ts,tsx}', 'server/**/*.ts', 'contracts/**/*.ts', 'config/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 120, skipBlankLines: true, skipComments: true }], 'max-lines': ['error', { max: 450 }] },
  },
  {
    // only client/services may call the BFF
    files: ['client/pages/**', 'client/components/**', 'client/hooks/**', 'client/package*/**'],
    rules: { 'no-restricted-properties': ['error', { object: 'Taro', property: 'request', message: '页面不直接请求接口：请通过 client/services。' }] },
  },
  {
    // what the H5 bundle ships: classic zod ~77 KB br, zod/mini ~8 KB br (same core, same parsing)
    files: ['client/**', 'contracts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'zod', message: '客户端和 contracts 只用 zod/mini：它小得多（手机在弱网下载）' },
            { name: 'zod/v4', message: '客户端和 contracts 只用 zod/mini：它小得多（手机在弱网下载）' },
          ],
        },
      ],
      // `{ z }` is a namespace object re-exported as a value: esbuild then keeps all of zod (contracts: ~79 KB br instead of ~15)
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod/mini'][importKind!='type'] > ImportSpecifier[imported.name='z'][importKind!='type']",
          message: "请写 import * as z from 'zod/mini'：写成 { z } 时打包工具会把整个 zod 打进去",
        },
      ],
    },
  },
)
