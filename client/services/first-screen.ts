/**
 * H5 only. The BFF writes a page's first screen into the HTML (#first-screen, see
 * server/h5/first-screen.ts) and app.css keeps the app hidden under it. Once the page has drawn
 * its own content, the copy goes, in one frame: nothing moves (CLS), nothing flashes.
 */
let afterRelease: (() => void) | null = null

/**
 * Runs `callback` in the frame the copy goes, right after it has gone and before that frame
 * paints (the reader puts its scroll position back there, see services/document-takeover).
 */
export function whenFirstScreenReleased(callback: () => void): void {
  afterRelease = callback
}

export function releaseFirstScreen(): void {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return
  const copy = document.getElementById('first-screen')
  if (!copy) return
  // two frames: the page's own content has been laid out and painted underneath by then
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      copy.remove()
      const callback = afterRelease
      afterRelease = null
      callback?.()
    }),
  )
}
