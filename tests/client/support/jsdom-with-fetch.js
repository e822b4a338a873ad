// jsdom has no fetch; Taro's H5 request uses it. Lend the page Node's own fetch so client
// tests talk to a real BFF over HTTP instead of a mock.
const { TestEnvironment } = require('jest-environment-jsdom')

class JsdomWithFetch extends TestEnvironment {
  constructor(config, context) {
    super(config, context)
    Object.assign(this.global, { fetch, Headers, Request, Response, AbortController, AbortSignal, TextEncoder, TextDecoder })
  }
}

module.exports = JsdomWithFetch
