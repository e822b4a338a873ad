/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.css'

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5'
    /** BFF origin for the client; H5 defaults to its own origin */
    TARO_APP_API_BASE_URL?: string
  }
}
