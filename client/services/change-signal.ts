/**
 * A counter of this app run's changes to something 首页 shows, with listeners: 首页 compares the
 * count its answer was made for and asks `/api/home` again only when it moved, not on every show.
 */
export interface ChangeSignal {
  revision(): number
  note(): void
  /** returns the unsubscribe function */
  listen(listener: () => void): () => void
}

export function createChangeSignal(name: string): ChangeSignal {
  let revision = 0
  const listeners = new Set<() => void>()
  return {
    revision: () => revision,
    note() {
      revision += 1
      listeners.forEach((listener) => {
        try {
          listener()
        } catch (failure) {
          console.warn(`[${name}] listener failed`, failure)
        }
      })
    },
    listen(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}
