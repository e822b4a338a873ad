import { useCallback, useEffect, useState } from 'react'
import { failureMessage } from '../services/http'

export interface RemoteState<T> {
  data: T | null
  error: string | null
  loading: boolean
  reload: () => Promise<void>
}

/** Loads once on mount; keeps the last good data when a reload fails (weak networks). */
export function useRemote<T>(load: () => Promise<T>): RemoteState<T> {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)

  const reload = useCallback(async () => {
    setLoading(true)
    try {
      setData(await load())
      setError(null)
    } catch (failure) {
      setError(failureMessage(failure, '出了点问题，请稍后再试。'))
    } finally {
      setLoading(false)
    }
  }, [load])

  useEffect(() => {
    void reload()
  }, [reload])

  return { data, error, loading, reload }
}
