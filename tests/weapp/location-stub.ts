type WxStub = (
  options: { success?: (result: unknown) => void; fail?: (result: unknown) => void; complete?: (result: unknown) => void } & Record<string, unknown>,
) => void

/** WeChat's getLocation: the phone stands `position` (GCJ-02, as `type: 'gcj02'` answers). */
export function stubLocation(position: { latitude: number; longitude: number }): void {
  const wx = (globalThis as unknown as { wx: Record<string, WxStub> }).wx
  wx.getLocation = (options) => {
    setTimeout(() => {
      const result = { errMsg: 'getLocation:ok', ...position, accuracy: 30 }
      options.success?.(result)
      options.complete?.(result)
    }, 0)
  }
}
