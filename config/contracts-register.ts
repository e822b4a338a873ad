import path from 'node:path'
import { createSwcRegister } from '@tarojs/helper'

/*
 * Taro compiles only config/ when it loads the build's configuration, yet the service worker's rule
 * for public data is derived from contracts/endpoints (h5-runtime-caching.ts), TypeScript too. The
 * hook installed here replaces Taro's (@swc/register keeps one), so it covers config/ as well.
 * h5-delivery.ts imports this first, before anything from contracts/.
 */
const contractsDir = path.resolve(__dirname, '../contracts')
createSwcRegister({ only: [(file: string) => file.startsWith(__dirname) || file.startsWith(contractsDir)] })
