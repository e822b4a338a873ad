import Taro from '@tarojs/taro'

/** room above a heading the reader jumps to */
const JUMP_MARGIN_PX = 8

/** Scrolls the reader to a heading or paragraph, to where it is once the layout has settled. */
export function scrollToAnchor(anchor: string): void {
  const go = (scrollTop: number | null) =>
    void (
      scrollTop === null
        ? Taro.pageScrollTo({ selector: `#${anchor}`, duration: 300 })
        : Taro.pageScrollTo({ scrollTop: Math.max(0, Math.round(scrollTop)), duration: 300 })
    ).catch(() => undefined)
  if (process.env.TARO_ENV === 'h5') {
    // Taro H5 scrolls the page's own box (.taro_page), not the window
    const element = document.getElementById(anchor)
    const page = element?.closest('.taro_page')
    if (!element || !page) return go(null)
    const offset = () => element.getBoundingClientRect().top - page.getBoundingClientRect().top - JUMP_MARGIN_PX
    void Taro.pageScrollTo({ scrollTop: Math.max(0, Math.round(page.scrollTop + offset())), duration: 300 })
      // the layout above can still settle while the page scrolls (the closed TOC, sections rendered
      // for the jump): land exactly where the heading ended up
      .then(() => {
        if (Math.abs(offset()) > 1) page.scrollTop += offset()
      })
      .catch(() => undefined)
    return
  }
  Taro.createSelectorQuery()
    .select(`#${anchor}`)
    .boundingClientRect()
    .selectViewport()
    .scrollOffset()
    .exec((results: unknown[]) => {
      const [rect, viewport] = results as [{ top: number } | null, { scrollTop: number } | null]
      go(rect && viewport ? viewport.scrollTop + rect.top - JUMP_MARGIN_PX : null)
    })
}
