/**
 * H5 only. Taro's tab bar renders each tab as `<a href="javascript:;">` and switches pages in the
 * link's click handler without cancelling the click, so the browser then tries to follow a
 * `javascript:` URL — which our Content-Security-Policy (helmet, no 'unsafe-inline') refuses, and
 * reports, on every tab tap. Cancelling the default action of such a link leaves Taro's handler to
 * do the switching and asks the browser to navigate nowhere; the policy stays as strict as it is.
 */
const SCRIPT_LINK = 'a[href^="javascript:"]'

export function keepScriptLinksInert(doc: Document): () => void {
  const onClick = (event: MouseEvent) => {
    // the path, not the target: a link inside a shadow root reaches the document retargeted to its host
    const path = typeof event.composedPath === 'function' ? event.composedPath() : [event.target]
    if (path.some((node) => node instanceof Element && node.matches(SCRIPT_LINK))) event.preventDefault()
  }
  // capture: before any handler could stop the event on its way (the default action is cancelled all the same)
  doc.addEventListener('click', onClick, true)
  return () => doc.removeEventListener('click', onClick, true)
}
