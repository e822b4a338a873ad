import Taro from '@tarojs/taro'

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
      Taro.showModal({ title: '新版本', content: '法治通有新版本，重启后使用。现在重启吗？', confirmText: '重启', cancelText: '稍后' })
        .then((answer) => answer.confirm)
        .catch(() => false),
  })
}
