import pino from 'pino'
import { repeatInBackground } from '../../server/repeat'

describe('repeatInBackground', () => {
  // a fake clock: the assertions are about order and overlap, not about how fast anything runs
  beforeEach(() => jest.useFakeTimers())
  afterEach(() => jest.useRealTimers())

  it('never runs two at once: a slow run makes the ticks skip, not pile up', async () => {
    let running = 0
    let most = 0
    let runs = 0
    const stop = repeatInBackground({
      intervalMs: 5,
      runNow: true,
      logger: pino({ level: 'silent' }),
      failure: 'test',
      work: async () => {
        running += 1
        runs += 1
        most = Math.max(most, running)
        await new Promise((resolve) => setTimeout(resolve, 40))
        running -= 1
      },
    })
    await jest.advanceTimersByTimeAsync(130)
    stop()
    expect(most).toBe(1)
    // runs start at 0, 40, 80 and 120 ms: each takes 40 ms, the 5 ms ticks in between are skipped
    expect(runs).toBe(4)
  })

  it('logs a failed run and keeps going', async () => {
    const lines: string[] = []
    let calls = 0
    const stop = repeatInBackground({
      intervalMs: 5,
      logger: pino({ level: 'info' }, { write: (line: string) => lines.push(line) }),
      failure: 'poll failed',
      work: async () => {
        calls += 1
        throw new Error('upstream down')
      },
    })
    await jest.advanceTimersByTimeAsync(60)
    stop()
    expect(calls).toBe(12)
    expect(lines.some((line) => line.includes('poll failed') && line.includes('upstream down'))).toBe(true)
  })
})
