import { useEffect, type PropsWithChildren } from 'react'
import { startUpdateWatch } from './services/app-update'
import { enableKeyboardAccess } from './services/keyboard-access'
import { startOfflineSupport } from './services/offline'
import './app.css'
import './styles/first-screen.css'

function App({ children }: PropsWithChildren) {
  useEffect(() => {
    if (process.env.TARO_ENV === 'weapp') startUpdateWatch()
    if (process.env.TARO_ENV !== 'h5') return
    startOfflineSupport()
    return enableKeyboardAccess(document)
  }, [])
  return children
}

export default App
