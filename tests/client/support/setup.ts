import '@testing-library/jest-dom'
import React from 'react'
import ReactDOM from 'react-dom'
import { createH5NativeComponentConfig } from '@tarojs/plugin-framework-react/dist/runtime'
import { assertNoLimitBreaches } from '../../support/wechat-limits'

// Taro's page hooks (usePullDownRefresh, …) read React from the framework runtime, which the
// H5 app sets up at launch; a page rendered alone in jest needs the same one-line wiring.
createH5NativeComponentConfig(null, React, ReactDOM)

afterEach(() => {
  localStorage.clear()
  // a test fails when the page broke one of WeChat's limits (taro-shim.ts records them), even if
  // the page caught the failed call
  assertNoLimitBreaches()
})
