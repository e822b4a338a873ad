/**
 * Something a whole `describe` shares (a BFF, a browser, the simulated phone): started in
 * `beforeAll`, stopped in `afterAll`. What it returns stands for the started object, so a suite
 * declares it in one line (`const bff = bffProcessForSuite()`) and its tests use it as before
 * (`bff.baseUrl`); reading it outside a test, before `beforeAll` ran, throws.
 */
export function suiteFixture<T extends object>(start: () => Promise<T> | T, stop: (started: T) => Promise<unknown> | unknown): T {
  let started: T | undefined
  beforeAll(async () => {
    started = await start()
  })
  afterAll(async () => {
    if (started) await stop(started)
  })
  return lateBound(() => {
    if (!started) throw new Error('a suite fixture is used before its beforeAll ran (or after it failed to start)')
    return started
  })
}

/** An object that forwards every read, write and method call to `current()` at the moment it happens. */
export function lateBound<T extends object>(current: () => T): T {
  return new Proxy({} as T, {
    get(_, key) {
      const target = current()
      const value: unknown = Reflect.get(target, key, target)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
    set: (_, key, value) => Reflect.set(current(), key, value),
    has: (_, key) => Reflect.has(current(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(current()),
  })
}
