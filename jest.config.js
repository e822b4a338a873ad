// One jest run, one project per part of the system (see tests/README.md).
process.env.TARO_ENV = process.env.TARO_ENV || 'h5'

const tsJest = [
  'ts-jest',
  {
    tsconfig: {
      module: 'commonjs',
      moduleResolution: 'node10',
      target: 'ES2022',
      jsx: 'react-jsx',
      esModuleInterop: true,
      resolveJsonModule: true,
      isolatedModules: true,
      allowJs: true,
    },
  },
]

// ESM-only packages the server uses (Node 20 requires them natively; jest needs them transformed)
const serverEsmPackages = ['kdbush', 'geokdbush', 'tinyqueue']

// ESM-only packages the client tests must transform (see ../shared/notes/taro-on-this-machine.md)
const esmPackages = [
  '@tarojs',
  '@stencil',
  'swiper',
  'ssr-window',
  'dom7',
  'query-string',
  'decode-uri-component',
  'split-on-first',
  'filter-obj',
  'lodash-es',
  'nanoid',
  'style-inject',
  'tslib',
  '\\.pnpm',
]

const nodeProject = (name) => ({
  displayName: name,
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: [`<rootDir>/tests/${name}/**/*.test.ts`],
  transform: { '^.+\\.[tj]sx?$': tsJest },
  transformIgnorePatterns: [`/node_modules/(?!(${serverEsmPackages.join('|')})/)`],
})

module.exports = {
  testTimeout: 30_000,
  // Half the cores (1 worker on a 2-core machine, 2 on CI's 4): the browser, simulator, PostgreSQL
  // and process suites each start their own BFF, Chromium or database work, and two of them on two
  // cores starve each other into timeouts. `npm run test:fast` (in-process suites, mostly waiting
  // on SQLite files and 127.0.0.1) asks for 2 workers instead: see scripts/test.ts.
  maxWorkers: '50%',
  projects: [
    nodeProject('contracts'),
    nodeProject('server'),
    {
      displayName: 'client',
      rootDir: __dirname,
      testEnvironment: '<rootDir>/tests/client/support/jsdom-with-fetch.js',
      testMatch: ['<rootDir>/tests/client/**/*.test.ts?(x)'],
      setupFilesAfterEnv: ['<rootDir>/tests/client/support/setup.ts'],
      transform: { '^.+\\.[jt]sx?$': 'babel-jest', '^.+\\.mjs$': 'babel-jest' },
      transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
      moduleNameMapper: {
        '^@tarojs/components$': '@tarojs/components/lib/react',
        '^@tarojs/taro$': '<rootDir>/tests/client/support/taro-shim.ts',
        // the client imports zod's ESM locale file (webpack); jest loads its CommonJS twin
        '^zod/v4/locales/(.*)\\.js$': '<rootDir>/node_modules/zod/v4/locales/$1.cjs',
        '\\.(css|scss)$': '<rootDir>/tests/client/support/style-stub.js',
      },
      globals: {
        ENABLE_INNER_HTML: true,
        ENABLE_ADJACENT_HTML: true,
        ENABLE_SIZE_APIS: true,
        ENABLE_TEMPLATE_CONTENT: true,
        ENABLE_MUTATION_OBSERVER: true,
        ENABLE_CLONE_NODE: true,
        ENABLE_CONTAINS: true,
        DEPRECATED_ADAPTER_COMPONENT: false,
        __TARO_FRAMEWORK__: 'react',
      },
    },
    // the compiled mini program's own project; it needs dist/weapp, which npm test builds when stale
    `${__dirname}/tests/weapp/jest.config.js`,
    nodeProject('e2e'),
    // deploy/: the systemd unit and the nginx configuration, checked by their own tools
    nodeProject('deploy'),
    // the pure parts of the benchmarks (tables, history); never a timing
    nodeProject('bench'),
  ],
}
