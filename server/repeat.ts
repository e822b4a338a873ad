import type { Logger } from 'pino'

/**
 * Runs `work` every `intervalMs` in the background, never two at once (a slow run makes the next
 * tick skip, not pile up), logging a failure instead of throwing it. `runNow` also runs it at
 * once; `firstRunInMs`, that long after the start. The timer never keeps the process alive; the returned function stops it and resolves when
 * a run under way has finished (shutdown closes the database only after that).
 */
export function repeatInBackground(params: {
  work: () => Promise<unknown>
  intervalMs: number
  runNow?: boolean
  /** the first run this long after the start instead of one interval (retention: soon after a restart, then daily) */
  firstRunInMs?: number
  logger: Logger
  failure: string
}): () => Promise<void> {
  let running: Promise<void> | null = null
  const tick = () => {
    if (running) return
    running = params
      .work()
      .then(() => undefined)
      .catch((error: unknown) => params.logger.error({ err: error }, params.failure))
      .finally(() => {
        running = null
      })
  }
  if (params.runNow) tick()
  const first = params.firstRunInMs === undefined ? null : setTimeout(tick, params.firstRunInMs)
  const timer = setInterval(tick, params.intervalMs)
  // a number in browser-like test environments (jsdom), an object with unref() in Node
  for (const pending of [first, timer]) if (typeof pending === 'object' && pending !== null) pending.unref()
  return async () => {
    if (first !== null) clearTimeout(first)
    clearInterval(timer)
    await running
  }
}
