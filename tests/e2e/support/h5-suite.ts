import type { Browser } from 'playwright-core'
import { bffProcessForSuite, type BffProcess, type StartBffParams } from '../../support/bff-process'
import { suiteFixture } from '../../support/suite-fixture'
import { launchChromium } from './browser'
import { requireH5Build } from './page-helpers'

/** Chromium for a whole `describe`: launched before its tests, closed after them. */
export function chromiumForSuite(options: { needsH5Build?: boolean } = {}): Browser {
  return suiteFixture(
    () => {
      if (options.needsH5Build) requireH5Build()
      return launchChromium()
    },
    (started) => started.close(),
  )
}

/**
 * What a browser suite of the H5 app shares: Chromium and the built app served by its own BFF
 * process (a fresh SQLite file unless `env` names a database; `params` may be a function, read when
 * the BFF starts). Both start before the suite's tests; Chromium closes first after them, then the
 * BFF stops and its data goes.
 */
export function servedH5ForSuite(params: StartBffParams | (() => StartBffParams) = {}): { bff: BffProcess; browser: Browser } {
  const browser = chromiumForSuite({ needsH5Build: true })
  return { bff: bffProcessForSuite(params), browser }
}
