import '@testing-library/jest-dom'
import React from 'react'
import ReactDOM from 'react-dom'
import { createH5NativeComponentConfig } from '@tarojs/plugin-framework-react/dist/runtime'

// Taro's page hooks (usePullDownRefresh, …) read React from the framework runtime, which the
// H5 app sets up at launch; a page rendered alone in jest needs the same one-line wiring.
createH5NativeComponentConfig(null, React, ReactDOM)

afterEach(() => {
  localStorage.clear()
})
