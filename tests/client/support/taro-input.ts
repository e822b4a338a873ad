import { fireEvent, waitFor } from '@testing-library/react'

/**
 * Types into a Taro <Input>/<Textarea> found by its test id (inside `within`): the real element
 * inside its web component, which renders it a moment later.
 */
export async function typeInto(testId: string, text: string, within: HTMLElement = document.body): Promise<void> {
  const inner = await waitFor(() => {
    const box = within.querySelector(`[data-testid="${testId}"]`)
    const element = box?.querySelector('input, textarea') as HTMLInputElement | HTMLTextAreaElement | null
    if (!element) throw new Error(`no input inside ${testId} yet`)
    return element
  })
  inner.value = text
  fireEvent.input(inner, { target: { value: text } })
}
