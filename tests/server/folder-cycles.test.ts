import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Linter } from 'eslint'
import tseslint from 'typescript-eslint'
import folderCycles from '../../eslint/no-folder-cycles.cjs'

/** A throw-away server/ tree of `files` (path → source), linted with the folder-cycle rule alone. */
function lintTree(files: Record<string, string>): Map<string, string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folder-cycles-'))
  try {
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
      fs.writeFileSync(path.join(dir, file), text)
    }
    // the Linter (not the ESLint class, which loads files through dynamic import: jest runs without VM modules)
    const linter = new Linter({ configType: 'flat', cwd: dir })
    const config: Linter.Config[] = [
      {
        files: ['server/**/*.ts'],
        languageOptions: { parser: tseslint.parser as Linter.Parser },
        plugins: { local: folderCycles },
        rules: { 'local/no-folder-cycles': ['error', { root: 'server' }] },
      },
    ]
    return new Map(
      Object.entries(files).map(([file, text]) => [file, linter.verify(text, config, { filename: path.join(dir, file) }).map((message) => message.message)]),
    )
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

describe('the lint rule local/no-folder-cycles (eslint/no-folder-cycles.cjs)', () => {
  it('when two server folders import each other, reports the import on both sides and names the way back', () => {
    const messages = lintTree({
      'server/http/endpoint-router.ts': "import type { UserRole } from '../auth/user.repository'\nexport type Role = UserRole\n",
      'server/auth/user.repository.ts': "export type UserRole = 'staff'\n",
      'server/auth/auth.routes.ts': "import type { Role } from '../http/endpoint-router'\nexport type Roles = Role[]\n",
    })
    expect(messages.get('server/http/endpoint-router.ts')).toEqual([expect.stringContaining('http/ imports auth/, and auth/ leads back to http/')])
    expect(messages.get('server/auth/auth.routes.ts')).toEqual([
      expect.stringContaining('auth/ imports http/, and http/ leads back to auth/ (auth → http → auth'),
    ])
    expect(messages.get('server/auth/user.repository.ts')).toEqual([])
  })

  it('when three folders import each other in a ring, reports each import of the ring; a folder outside the ring may import into it', () => {
    const messages = lintTree({
      'server/bookings/view.ts': "import { erased } from '../retention/rules'\nexport const view = erased\n",
      'server/retention/rules.ts': "import { hours } from '../stations/directory/hours'\nexport const erased = hours\n",
      'server/stations/directory/hours.ts': "import { view } from '../../bookings/view'\nexport const hours = 1\nexport const seen = view\n",
      'server/metrics/metrics.ts': "import { view } from '../bookings/view'\nexport const metric = view\n",
      'server/app.ts': "import { metric } from './metrics/metrics'\nexport const app = metric\n",
    })
    expect(messages.get('server/bookings/view.ts')).toEqual([expect.stringContaining('bookings → retention → stations → bookings')])
    expect(messages.get('server/retention/rules.ts')).toHaveLength(1)
    expect(messages.get('server/stations/directory/hours.ts')).toEqual([expect.stringContaining('stations/ imports bookings/')])
    expect(messages.get('server/metrics/metrics.ts')).toEqual([])
    expect(messages.get('server/app.ts')).toEqual([])
  })

  it('when folders import one way only (a sub-folder and its parent count as one), reports nothing', () => {
    const messages = lintTree({
      'server/stations/station-directory.ts':
        "import { rows } from './directory/rows'\nimport { table } from '../storage/schema'\nexport const directory = [rows, table]\n",
      'server/stations/directory/rows.ts': "import { point } from '../geo'\nexport const rows = point\n",
      'server/stations/geo.ts': 'export const point = 0\n',
      'server/storage/schema.ts': 'export const table = 0\n',
      'server/station-keeping/keeping.ts': "import { directory } from '../stations/station-directory'\nexport const keeping = directory\n",
    })
    expect([...messages.values()].flat()).toEqual([])
  })
})
