import { watchForUpdates, type UpdateManagerLike } from '../../../client/services/app-update'

/** A stand-in for WeChat's UpdateManager that lets the test say when the new version is ready. */
function fakeManager() {
  const listeners: (() => void)[] = []
  const manager = {
    applied: 0,
    onUpdateReady: (listener: () => void) => listeners.push(listener),
    applyUpdate: () => {
      manager.applied += 1
    },
    ready: () => listeners.forEach((listener) => listener()),
  }
  return manager satisfies UpdateManagerLike & { applied: number }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('mini program updates', () => {
  it('asks nothing until WeChat has downloaded the new version, then restarts on 重启', async () => {
    const manager = fakeManager()
    let asked = 0
    watchForUpdates({ manager, ask: async () => (asked += 1) > 0 })
    await settle()
    expect(asked).toBe(0)
    manager.ready()
    await settle()
    expect(asked).toBe(1)
    expect(manager.applied).toBe(1)
  })

  it('keeps the running version when the user says 稍后', async () => {
    const manager = fakeManager()
    watchForUpdates({ manager, ask: async () => false })
    manager.ready()
    await settle()
    expect(manager.applied).toBe(0)
  })

  it('does nothing on a base library without an update manager', () => {
    expect(() => watchForUpdates({ manager: null, ask: async () => true })).not.toThrow()
  })
})
