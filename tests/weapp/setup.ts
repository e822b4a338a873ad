import { assertNoLimitBreaches } from '../support/wechat-limits'

// Pages render through real HTTP and a simulated WeChat; waits inside tests are bounded at 5 s
// each (harness.ts), so a test as a whole gets more room than jest's default 5 s.
jest.setTimeout(20_000)

// A test fails when the app broke one of WeChat's limits on dialogs, toasts, action sheets or
// title bars (harness.ts records them), even if the app caught the failed call.
afterEach(() => {
  assertNoLimitBreaches()
})
