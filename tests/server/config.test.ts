import path from 'node:path'
import { ConfigError, loadConfig, repoRoot } from '../../server/config'

describe('loadConfig', () => {
  it('with an empty environment, listens on 3000 and uses the SQLite file under data/', () => {
    const config = loadConfig({})
    expect(config.port).toBe(3000)
    expect(config.storage).toEqual({ kind: 'sqlite', sqlitePath: path.join(repoRoot, 'data', 'fazhitong.db') })
    expect(config.h5Dist).toBe(path.join(repoRoot, 'dist', 'h5'))
  })

  it('with DATABASE_URL set, chooses PostgreSQL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://127.0.0.1:5432/test' })
    expect(config.storage).toEqual({ kind: 'postgres', databaseUrl: 'postgres://127.0.0.1:5432/test' })
  })

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).storage.kind).toBe('sqlite')
  })

  it('stops with a message naming the variable when a value is bad', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError)
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/)
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/)
    expect(() => loadConfig({ JSON_BODY_LIMIT: 'lots' })).toThrow(/JSON_BODY_LIMIT/)
  })
})
