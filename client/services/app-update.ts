import Taro from '@tarojs/taro'
import { ask } from './dialogs'
import { MODAL_TEXTS } from './interaction-texts'

/** The part of WeChat's UpdateManager this app uses. */
export interface UpdateManagerLike {
  onUpdateReady(listener: () => void): void
  applyUpdate(): void
}

/**
 * Mini program: WeChat downloads a new version in the background; when it is ready, ask once in
 * plain words and restart into it on 重启. Volunteers who log offline keep a version for weeks
 * otherwise. (Their outbox is in storage, so a restart loses nothing.)
 */
export function watchForUpdates(params: { manager: UpdateManagerLike | null; ask: () => Promise<boolean> }): void {
  params.manager?.onUpdateReady(() => {
    void params.ask().then((restart) => {
      if (restart) params.manager?.applyUpdate()
    })
  })
}

/** The real manager and dialog, when the base library has them. */
export function startUpdateWatch(): void {
  if (process.env.TARO_ENV !== 'weapp' || typeof Taro.getUpdateManager !== 'function') return
  watchForUpdates({
    manager: Taro.getUpdateManager(),
    ask: () =>
      // a dialog that did not open is logged by ask(); WeChat still applies the update at the next cold start
      ask(MODAL_TEXTS.appUpdate).catch(() => false),
  })
}
