/** A promise the test settles itself: `finish()` (or `fail(error)`) when it chooses. */
export function deferred(): { promise: Promise<void>; finish: () => void; fail: (error: Error) => void } {
  let finish!: () => void
  let fail!: (error: Error) => void
  const promise = new Promise<void>((resolve, reject) => {
    finish = resolve
    fail = reject
  })
  return { promise, finish, fail }
}

/** Waits (by turns of the event loop, not by a clock) until the condition holds. */
export async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 10_000 && !condition(); turn += 1) await new Promise((resolve) => setTimeout(resolve, 1))
  expect(condition()).toBe(true)
}
