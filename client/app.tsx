import { useEffect, type PropsWithChildren } from 'react'
import { enableKeyboardAccess } from './services/keyboard-access'
import './app.css'

function App({ children }: PropsWithChildren) {
  useEffect(() => {
    if (process.env.TARO_ENV === 'h5') return enableKeyboardAccess(document)
  }, [])
  return children
}

export default App
