import {
  backupKindOf,
  backupsToPrune,
  staleBackupTemps,
  chinaDate,
  compareMigrations,
  copiedFirstColumn,
  formatBytes,
  libpqEnvironment,
  nextBackupAt,
  scheduledBackupName,
  searchPathSchema,
  tableSchemaInList,
} from '../../../server/backup/backup-files'

describe('scheduled backup names', () => {
  it('at 23:30+08:00, names that China day (the backup of a late evening is not dated the next day)', () => {
    const at = new Date('2026-12-07T23:30:00+08:00')
    expect(scheduledBackupName({ kind: 'postgres', at })).toBe('fazhitong-2026-12-07.dump')
  })

  it('at 07:30+08:00, names the China date, while UTC is still the day before', () => {
    const at = new Date('2026-12-08T07:30:00+08:00')
    expect(at.toISOString().slice(0, 10)).toBe('2026-12-07')
    expect(chinaDate(at)).toBe('2026-12-08')
    expect(scheduledBackupName({ kind: 'sqlite', at })).toBe('fazhitong-2026-12-08.db')
  })
})

describe('nextBackupAt', () => {
  it('at 23:30+08:00, the 03:00 backup is the next China morning', () => {
    expect(nextBackupAt({ now: new Date('2026-12-07T23:30:00+08:00'), hour: 3 }).toISOString()).toBe(new Date('2026-12-08T03:00:00+08:00').toISOString())
  })

  it('at 07:30+08:00 (still the day before in UTC), the 03:00 backup is tomorrow China time', () => {
    expect(nextBackupAt({ now: new Date('2026-12-08T07:30:00+08:00'), hour: 3 }).toISOString()).toBe(new Date('2026-12-09T03:00:00+08:00').toISOString())
  })

  it('at 07:30+08:00, a 23:00 backup is the same China day', () => {
    expect(nextBackupAt({ now: new Date('2026-12-08T07:30:00+08:00'), hour: 23 }).toISOString()).toBe(new Date('2026-12-08T23:00:00+08:00').toISOString())
  })

  it('exactly at the hour, the next one is a day later (never twice in one minute)', () => {
    expect(nextBackupAt({ now: new Date('2026-12-08T03:00:00+08:00'), hour: 3 }).toISOString()).toBe(new Date('2026-12-09T03:00:00+08:00').toISOString())
  })

  it('at hour 0 and 23:30+08:00, it is half an hour away', () => {
    expect(nextBackupAt({ now: new Date('2026-12-07T23:30:00+08:00'), hour: 0 }).toISOString()).toBe(new Date('2026-12-08T00:00:00+08:00').toISOString())
  })
})

describe('backupsToPrune', () => {
  const names = [
    'fazhitong-2026-12-01.db',
    'fazhitong-2026-12-03.db',
    'fazhitong-2026-12-02.db',
    'fazhitong-2026-11-30.dump',
    'by-hand.db',
    '.fazhitong-2026-12-04.db.tmp-12-34',
    'fazhitong-2026-12-04.db.bak',
    'notes.txt',
  ]

  it('keeps the newest N of its own naming pattern and deletes the older ones', () => {
    expect(backupsToPrune({ names, keep: 2 }).sort()).toEqual(['fazhitong-2026-11-30.dump', 'fazhitong-2026-12-01.db'])
  })

  it('never touches files of another name (backups by hand, temp files of a backup in progress)', () => {
    expect(backupsToPrune({ names, keep: 1 })).not.toEqual(expect.arrayContaining(['by-hand.db']))
    expect(backupsToPrune({ names, keep: 1 }).every((name) => /^fazhitong-\d{4}-\d{2}-\d{2}\.(db|dump)$/.test(name))).toBe(true)
  })

  it('deletes nothing while there are no more than N', () => {
    expect(backupsToPrune({ names, keep: 4 })).toEqual([])
    expect(backupsToPrune({ names: [], keep: 7 })).toEqual([])
  })
})

describe('staleBackupTemps', () => {
  it('names the scheduler’s own temp files older than the limit, never a backup, another file or a temp file in progress', () => {
    const now = new Date('2026-12-08T07:30:00+08:00')
    const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 60 * 60 * 1000)
    const files = [
      { name: '.fazhitong-2026-12-07.db.tmp-4242-1796666400000', modifiedAt: hoursAgo(24) },
      { name: '.fazhitong-2026-12-08.dump.tmp-4243-1796673000000', modifiedAt: hoursAgo(0.01) },
      { name: 'fazhitong-2026-12-06.db', modifiedAt: hoursAgo(48) },
      { name: '.by-hand.db.tmp-1-2', modifiedAt: hoursAgo(48) },
    ]
    expect(staleBackupTemps({ files, now, olderThanMs: 6 * 60 * 60 * 1000 })).toEqual(['.fazhitong-2026-12-07.db.tmp-4242-1796666400000'])
  })
})

describe('backupKindOf', () => {
  it('tells a SQLite file, a pg_dump custom archive and anything else apart', () => {
    expect(backupKindOf(Buffer.from('SQLite format 3\u0000', 'latin1'))).toBe('sqlite')
    expect(backupKindOf(Buffer.from('PGDMP\u0001\u000f\u0000', 'latin1'))).toBe('postgres')
    expect(backupKindOf(Buffer.from('-- PostgreSQL database dump'))).toBeNull()
    expect(backupKindOf(Buffer.alloc(0))).toBeNull()
  })
})

describe('compareMigrations', () => {
  const code = ['0001_a', '0002_b', '0003_c']

  it('the same migrations: same, the newest named', () => {
    expect(compareMigrations({ backup: code, code })).toEqual({ kind: 'same', latest: '0003_c' })
  })

  it('a backup from older code: older, with the migrations to apply after the restore', () => {
    expect(compareMigrations({ backup: ['0001_a'], code })).toEqual({ kind: 'older', latest: '0001_a', pending: ['0002_b', '0003_c'] })
  })

  it('a backup from newer code: newer, with the migrations this code does not know', () => {
    expect(compareMigrations({ backup: [...code, '0004_d'], code })).toEqual({ kind: 'newer', latest: '0004_d', unknown: ['0004_d'] })
  })
})

describe('PostgreSQL connection for pg_dump', () => {
  it('reads the schema from DATABASE_URL’s options, or none', () => {
    expect(searchPathSchema(`postgres://u@h/db?options=${encodeURIComponent('-c search_path=county,public')}`)).toBe('county')
    expect(searchPathSchema('postgres://u@h/db')).toBeNull()
    expect(searchPathSchema(`postgres://u@h/db?options=${encodeURIComponent('-c search_path="$user",public')}`)).toBeNull()
  })

  it('passes the connection in PG* variables (the password never on a command line)', () => {
    expect(libpqEnvironment(`postgres://app:p%40ss@db.example:5433/fzt?sslmode=require&options=${encodeURIComponent('-c search_path=county')}`)).toEqual({
      PGHOST: 'db.example',
      PGPORT: '5433',
      PGUSER: 'app',
      PGPASSWORD: 'p@ss',
      PGDATABASE: 'fzt',
      PGSSLMODE: 'require',
      PGOPTIONS: '-c search_path=county',
    })
  })
})

describe('reading a pg_dump archive', () => {
  it('finds the migrations in pg_restore’s COPY output and the table’s schema in its list', () => {
    const sql = [
      'SET x = 1;',
      'COPY county.kysely_migration (name, "timestamp") FROM stdin;',
      '0001_a\t2026-12-07T00:00:00.000Z',
      '0002_b\t2026-12-07T00:00:01.000Z',
      '\\.',
      '',
    ].join('\n')
    expect(copiedFirstColumn({ sql, table: 'kysely_migration' })).toEqual(['0001_a', '0002_b'])
    expect(copiedFirstColumn({ sql: 'nothing', table: 'kysely_migration' })).toEqual([])
    const list = [
      ';',
      '6; 2615 16391 SCHEMA - county postgres',
      '216; 1259 16392 TABLE county kysely_migration postgres',
      '3342; 0 16392 TABLE DATA county kysely_migration postgres',
    ].join('\n')
    expect(tableSchemaInList({ list, table: 'kysely_migration' })).toBe('county')
    expect(tableSchemaInList({ list, table: 'bookings' })).toBeNull()
  })
})

describe('formatBytes', () => {
  it('says sizes as people read them', () => {
    expect(formatBytes(812)).toBe('812 B')
    expect(formatBytes(40 * 1024)).toBe('40.0 KB')
    expect(formatBytes(12.3 * 1024 * 1024)).toBe('12.3 MB')
  })
})
