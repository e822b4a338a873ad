/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.css'

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5'
    /** BFF origin for the client; H5 defaults to its own origin */
    TARO_APP_API_BASE_URL?: string
    /** the subscription template the mini program asks for on the booking confirm tap */
    TARO_APP_WECHAT_BOOKING_TEMPLATE_ID?: string
  }
}
