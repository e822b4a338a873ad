/**
 * H5 only. Taro renders our buttons and links as `<taro-view-core role="button">`, which a
 * keyboard or switch-access user cannot reach. This makes every element with an interactive role
 * focusable and lets Enter and Space activate it, as a native button would.
 */
const INTERACTIVE = '[role="button"],[role="link"],[role="radio"],[role="checkbox"],[role="tab"]'

function makeFocusable(root: ParentNode): void {
  root.querySelectorAll<HTMLElement>(INTERACTIVE).forEach((element) => {
    if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '0')
  })
}

export function enableKeyboardAccess(doc: Document): () => void {
  makeFocusable(doc)
  const observer = new MutationObserver(() => makeFocusable(doc))
  observer.observe(doc.body, { childList: true, subtree: true })
  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement | null
    if (!target?.matches?.(INTERACTIVE) || (event.key !== 'Enter' && event.key !== ' ')) return
    event.preventDefault()
    target.click()
  }
  doc.addEventListener('keydown', onKeyDown)
  return () => {
    observer.disconnect()
    doc.removeEventListener('keydown', onKeyDown)
  }
}
