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
  // miniprogram-simulate renders into a DOM (j-component + exparser need window/document);
  // the environment adds the Node globals the in-process BFF needs (see environment.js)
  testEnvironment: '<rootDir>/tests/weapp/environment.js',
  // the BFF's dependencies must resolve to their Node builds, not the `browser` export
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
  // only our TypeScript is transformed; the compiled dist/weapp JS must run exactly as built
  transform: {
    // the BFF's ESM-only geo packages (Node requires them natively; jest needs them as CommonJS)
    '/(kdbush|geokdbush|tinyqueue)/.+\\.js$': ['ts-jest', { tsconfig: { module: 'commonjs', allowJs: true, isolatedModules: true } }],
    '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', esModuleInterop: true, isolatedModules: true, target: 'ES2022', jsx: 'react-jsx' } }],
  },
  setupFilesAfterEnv: ['<rootDir>/tests/weapp/setup.ts'],
  transformIgnorePatterns: ['/node_modules/(?!(kdbush|geokdbush|tinyqueue)/)', '<rootDir>/dist/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
}
