// jsdom for miniprogram-simulate (j-component renders the WXML into a DOM), plus the Node
// globals that the in-process BFF (Express, pino, better-sqlite3) expects and jsdom leaves out.
const { TestEnvironment } = require('jest-environment-jsdom')

const nodeGlobals = [
  'setImmediate',
  'clearImmediate',
  'structuredClone',
  'fetch',
  'Headers',
  'Request',
  'Response',
  'AbortController',
  'AbortSignal',
  'TextEncoder',
  'TextDecoder',
  'ReadableStream',
]

class WeappEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context)
    for (const name of nodeGlobals) {
      if (globalThis[name] !== undefined) this.global[name] = globalThis[name]
    }
  }
}

module.exports = WeappEnvironment
