import { lateBound } from '../support/suite-fixture'
import { startBff, type RunningBff } from './bff'
import { launchWeapp, type LaunchOptions, type MiniProgram } from './harness'

export interface Simulator {
  bff: RunningBff
  weapp: MiniProgram
}

/**
 * What a weapp suite shares: the BFF (in process, fresh SQLite) and the compiled mini program
 * launched against it, with `storage` on the phone before launch (it may be made from the BFF: an
 * earlier sign-in). Both start before the suite's tests and close after them; after each test,
 * nothing may have been thrown in the app's callbacks or logged as an error.
 * Use the returned `bff` and `weapp` as the started ones: `const { bff, weapp } = simulatorForSuite()`.
 */
export function simulatorForSuite(options: { storage?: (bff: RunningBff) => Promise<LaunchOptions['storage']> | LaunchOptions['storage'] } = {}): Simulator {
  let running: Simulator | undefined
  beforeAll(async () => {
    const bff = await startBff()
    try {
      running = { bff, weapp: launchWeapp({ backend: bff.origin, storage: await options.storage?.(bff) }) }
    } catch (error) {
      await bff.close()
      throw error
    }
  })
  afterAll(async () => {
    running?.weapp.close()
    await running?.bff.close()
  })
  afterEach(() => {
    // nothing thrown in the app's callbacks, nothing logged as an error
    expect(running?.weapp.errors ?? []).toEqual([])
    expect((running?.weapp.console ?? []).filter((message) => message.level === 'error')).toEqual([])
  })
  const started = (): Simulator => {
    if (!running) throw new Error('the simulator is used before its beforeAll ran (or after it failed to start)')
    return running
  }
  return { bff: lateBound(() => started().bff), weapp: lateBound(() => started().weapp) }
}
