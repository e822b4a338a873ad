/**
 * H5 only. The BFF writes a page's first screen into the HTML (#first-screen, see
 * server/h5/first-screen.ts) and app.css keeps the app hidden under it. Once the page has drawn
 * its own content, the copy goes, in one frame: nothing moves (CLS), nothing flashes.
 */
export function releaseFirstScreen(): void {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return
  const copy = document.getElementById('first-screen')
  if (!copy) return
  // two frames: the page's own content has been laid out and painted underneath by then
  requestAnimationFrame(() => requestAnimationFrame(() => copy.remove()))
}
