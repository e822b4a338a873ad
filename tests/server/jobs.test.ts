import pino from 'pino'
import { startJobs, type BackgroundJob } from '../../server/jobs'
import { repeatInBackground } from '../../server/repeat'

/** A logger whose lines the test reads. */
function recordingLogger() {
  const lines: { level: number; msg: string; job?: string }[] = []
  return { lines, logger: pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) }) }
}

/** A job that records its start and stop. */
function fakeJob(name: string, events: string[], options: { start?: () => void; stop?: () => Promise<void> } = {}): BackgroundJob {
  return {
    name,
    start: () => {
      options.start?.()
      events.push(`start ${name}`)
      return async () => {
        events.push(`stop ${name}`)
        await options.stop?.()
      }
    },
  }
}

describe('startJobs (server/jobs.ts)', () => {
  // a fake clock: the assertions are about which runs happen, not about how fast anything runs
  beforeEach(() => jest.useFakeTimers())
  afterEach(() => jest.useRealTimers())

  it('starts each job once, and the one stop function stops them all', async () => {
    const events: string[] = []
    const { logger } = recordingLogger()
    const stop = startJobs({ jobs: ['report feed', 'station directory', 'reminders', 'retention', 'backups'].map((name) => fakeJob(name, events)), logger })
    expect(events).toEqual(['start report feed', 'start station directory', 'start reminders', 'start retention', 'start backups'])
    await stop()
    expect(events.filter((event) => event.startsWith('stop'))).toEqual([
      'stop report feed',
      'stop station directory',
      'stop reminders',
      'stop retention',
      'stop backups',
    ])
  })

  it('when a job fails to start or to stop, logs it with its name and still starts and stops the others', async () => {
    const events: string[] = []
    const { lines, logger } = recordingLogger()
    const stop = startJobs({
      jobs: [
        fakeJob('reminders', events, {
          start: () => {
            throw new Error('no template')
          },
        }),
        fakeJob('retention', events, { stop: () => Promise.reject(new Error('database gone')) }),
        fakeJob('backups', events),
      ],
      logger,
    })
    expect(events).toEqual(['start retention', 'start backups'])
    await stop()
    expect(events).toEqual(['start retention', 'start backups', 'stop retention', 'stop backups'])
    expect(lines.map(({ msg, job }) => ({ msg, job }))).toEqual([
      { msg: 'background job did not start', job: 'reminders' },
      { msg: 'background job did not stop cleanly', job: 'retention' },
    ])
  })

  it('when one job keeps failing, logs each failed run and the other jobs keep running on their clock; after stop nothing runs', async () => {
    const { lines, logger } = recordingLogger()
    const runs = { failing: 0, healthy: 0 }
    const repeating = (name: keyof typeof runs, work: () => Promise<void>, intervalMs: number): BackgroundJob => ({
      name,
      start: () => repeatInBackground({ work, intervalMs, logger, failure: `${name} failed` }),
    })
    const stop = startJobs({
      jobs: [
        repeating(
          'failing',
          async () => {
            runs.failing += 1
            throw new Error('upstream down')
          },
          1_000,
        ),
        repeating(
          'healthy',
          async () => {
            runs.healthy += 1
          },
          500,
        ),
      ],
      logger,
    })
    await jest.advanceTimersByTimeAsync(3_000)
    expect(runs).toEqual({ failing: 3, healthy: 6 })
    expect(lines.filter((line) => line.msg === 'failing failed')).toHaveLength(3)
    await stop()
    await jest.advanceTimersByTimeAsync(10_000)
    expect(runs).toEqual({ failing: 3, healthy: 6 })
  })

  it('a job with a first run delay (retention: one minute after start, then daily) runs then, not before', async () => {
    const { logger } = recordingLogger()
    let runs = 0
    const stop = startJobs({
      jobs: [
        {
          name: 'retention',
          start: () =>
            repeatInBackground({
              work: async () => void (runs += 1),
              intervalMs: 24 * 3_600_000,
              firstRunInMs: 60_000,
              logger,
              failure: 'retention run failed',
            }),
        },
      ],
      logger,
    })
    await jest.advanceTimersByTimeAsync(59_999)
    expect(runs).toBe(0)
    await jest.advanceTimersByTimeAsync(1)
    expect(runs).toBe(1)
    await jest.advanceTimersByTimeAsync(24 * 3_600_000)
    expect(runs).toBe(2)
    await stop()
  })
})
