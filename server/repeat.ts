import type { Logger } from 'pino'

/**
 * Runs `work` every `intervalMs` in the background, never two at once (a slow run makes the next
 * tick skip, not pile up), logging a failure instead of throwing it. `runNow` also runs it at
 * once. The timer never keeps the process alive; the returned function stops it.
 */
export function repeatInBackground(params: { work: () => Promise<unknown>; intervalMs: number; runNow?: boolean; logger: Logger; failure: string }): () => void {
  let running = false
  const tick = () => {
    if (running) return
    running = true
    void params
      .work()
      .catch((error: unknown) => params.logger.error({ err: error }, params.failure))
      .finally(() => {
        running = false
      })
  }
  if (params.runNow) tick()
  const timer = setInterval(tick, params.intervalMs)
  // a number in browser-like test environments (jsdom), an object with unref() in Node
  if (typeof timer === 'object') timer.unref()
  return () => clearInterval(timer)
}
