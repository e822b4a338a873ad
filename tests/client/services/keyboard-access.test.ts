import { enableKeyboardAccess } from '../../../client/services/keyboard-access'

describe('enableKeyboardAccess (H5)', () => {
  it('makes role=button elements focusable, also those added later, and activates them with Enter and Space', async () => {
    document.body.innerHTML = '<div role="button" id="a">确定</div><div id="plain">文字</div>'
    const stop = enableKeyboardAccess(document)
    expect(document.getElementById('a')?.getAttribute('tabindex')).toBe('0')
    expect(document.getElementById('plain')?.hasAttribute('tabindex')).toBe(false)

    const later = document.createElement('div')
    later.setAttribute('role', 'link')
    document.body.appendChild(later)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(later.getAttribute('tabindex')).toBe('0')

    let clicks = 0
    document.getElementById('a')?.addEventListener('click', () => (clicks += 1))
    document.getElementById('a')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    document.getElementById('a')?.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }))
    document.getElementById('a')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }))
    expect(clicks).toBe(2)
    stop()
  })
})
