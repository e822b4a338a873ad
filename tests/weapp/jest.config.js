// @ts-check
const path = require('node:path')

/**
 * The `weapp` jest project: loads the COMPILED mini program (dist/weapp, from
 * `npm run build:weapp`) into miniprogram-simulate and drives it against a real BFF.
 * The root jest.config.js lists this file in `projects`; it also runs on its own:
 *   npx jest -c tests/weapp/jest.config.js
 *
 * @type {import('jest').Config}
 */
module.exports = {
  displayName: 'weapp',
  rootDir: path.resolve(__dirname, '../..'),
  testMatch: ['<rootDir>/tests/weapp/**/*.test.ts'],
  // miniprogram-simulate renders into a DOM (j-component + exparser need window/document)
  testEnvironment: 'jsdom',
  // only our TypeScript is transformed; the compiled dist/weapp JS must run exactly as built
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: {
          module: 'commonjs',
          esModuleInterop: true,
          isolatedModules: true,
          target: 'ES2022',
          jsx: 'react-jsx',
        },
      },
    ],
  },
  transformIgnorePatterns: ['/node_modules/', '<rootDir>/dist/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 20_000,
}
