import { act, renderHook } from '@testing-library/react'
import { useAction } from '../../../client/hooks/use-action'
import { RequestError } from '../../../client/services/http'

describe('useAction', () => {
  it('is busy while the action runs and answers its value', async () => {
    let finish: (value: string) => void = () => undefined
    const { result } = renderHook(() => useAction(() => new Promise<string>((resolve) => (finish = resolve)), '没有成功'))
    let outcome: Promise<unknown> = Promise.resolve()
    act(() => {
      outcome = result.current.run()
    })
    expect(result.current.busy).toBe(true)
    await act(async () => {
      finish('好了')
      await outcome
    })
    await expect(outcome).resolves.toEqual({ ok: true, value: '好了' })
    expect(result.current.busy).toBe(false)
    expect(result.current.error).toBeNull()
  })

  it("shows the server's own message when it sent one, and the fallback for a failure without one", async () => {
    const failures = [new RequestError({ failure: 'http', status: 409, message: '这个预约已经取消或结束' }), new TypeError('Failed to fetch')]
    const { result } = renderHook(() =>
      useAction(async () => {
        throw failures.shift()
      }, '取消没有成功，请再试一次。'),
    )
    await act(async () => {
      await expect(result.current.run()).resolves.toEqual({ ok: false })
    })
    expect(result.current.error).toBe('这个预约已经取消或结束')
    expect(result.current.busy).toBe(false)
    await act(async () => {
      await result.current.run()
    })
    expect(result.current.error).toBe('取消没有成功，请再试一次。')
  })

  it('ignores a second tap while the first is still running, so one tap is one request', async () => {
    let calls = 0
    let finish: () => void = () => undefined
    const { result } = renderHook(() =>
      useAction(() => {
        calls += 1
        return new Promise<void>((resolve) => (finish = resolve))
      }, '没有成功'),
    )
    let first: Promise<unknown> = Promise.resolve()
    let second: Promise<unknown> = Promise.resolve()
    act(() => {
      first = result.current.run()
      second = result.current.run()
    })
    await act(async () => {
      finish()
      await first
    })
    expect(calls).toBe(1)
    await expect(second).resolves.toEqual({ ok: false })
  })

  it('clears the last failure when it runs again', async () => {
    let fail = true
    const { result } = renderHook(() =>
      useAction(async () => {
        if (fail) throw new Error('boom')
        return 1
      }, '没有成功'),
    )
    await act(async () => {
      await result.current.run()
    })
    expect(result.current.error).toBe('没有成功')
    fail = false
    await act(async () => {
      await result.current.run()
    })
    expect(result.current.error).toBeNull()
  })
})
