export * from './errors'
export * from './health'
export * from './home'
export * from './reports-api'
