// Pages render through real HTTP and a simulated WeChat; waits inside tests are bounded at 5 s
// each (harness.ts), so a test as a whole gets more room than jest's default 5 s.
jest.setTimeout(20_000)
