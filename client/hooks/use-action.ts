import { useCallback, useRef, useState } from 'react'
import { failureMessage } from '../services/http'

export type ActionOutcome<T> = { ok: true; value: T } | { ok: false }

export interface Action<Args extends unknown[], T> {
  /** runs the action; a tap while it is still running is ignored (answers `{ ok: false }`) */
  run: (...args: Args) => Promise<ActionOutcome<T>>
  busy: boolean
  /** the Chinese text for the last failure (the server's own message when it sent one), or null */
  error: string | null
  /** for checks the page makes before calling (a field left empty), shown in the same place */
  setError: (message: string | null) => void
}

/**
 * One thing a user asks of the BFF — look up, cancel, save — with its busy flag and failure text:
 * the busy/try/catch/finally every button wrote by hand. `fallback` is what a user reads when the
 * failure carries no message of its own (no network, a timeout).
 */
export function useAction<Args extends unknown[], T>(perform: (...args: Args) => Promise<T>, fallback: string): Action<Args, T> {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // a ref, not `busy`: two taps in one frame both see the old state
  const running = useRef(false)
  const latest = useRef(perform)
  latest.current = perform

  const run = useCallback(
    async (...args: Args): Promise<ActionOutcome<T>> => {
      if (running.current) return { ok: false }
      running.current = true
      setBusy(true)
      setError(null)
      try {
        return { ok: true, value: await latest.current(...args) }
      } catch (failure) {
        setError(failureMessage(failure, fallback))
        return { ok: false }
      } finally {
        running.current = false
        setBusy(false)
      }
    },
    [fallback],
  )

  return { run, busy, error, setError }
}
