import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp, type RunningApp } from '../../src/app/create-app.js'
import type { Feature } from '../../src/app/host.js'
import type { Clock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/logger.js'
import type { Repos } from '../../src/store/repos.js'
import type { createTwinWorld } from './twin-world.js'

/**
 * The app on a twin world's accounts, in their order (`standby` ones marked), sending without pacing, admin
 * `admin`: the first account logs in and the app is ready, then the others; resolves once all are logged in.
 */
export async function startTwinApp(
  w: ReturnType<typeof createTwinWorld>,
  o: { repos: Repos; clock: Clock; features: Feature[]; dataDirPrefix: string; env?: Record<string, string>; standby?: string[] },
): Promise<RunningApp> {
  const config = loadConfig({
    GRIDBOT_SEND_MIN_GAP_MS: '0',
    GRIDBOT_SEND_JITTER_MS: '0',
    GRIDBOT_QUIET_HOURS: '',
    GRIDBOT_ADMINS: 'admin',
    GRIDBOT_DATA_DIR: mkdtempSync(join(tmpdir(), o.dataDirPrefix)),
    ...o.env,
  })
  const created = createApp({ config, repos: o.repos, clock: o.clock, log: createLogger(process.env.TEST_LOG ?? 'silent') })
  created.use(...o.features)
  const names = w.worlds.map((a) => a.name)
  const app = await created.start(
    names.map((name) => ({ name, ...(o.standby?.includes(name) ? { standby: true } : {}), puppet: { instance: w.puppet(name) } })),
  )
  w.login(names[0]!)
  await app.ready
  for (const name of names.slice(1)) w.login(name)
  for (let i = 0; i < 400 && !o.repos.accounts.all().every((a) => a.loggedIn); i++) await new Promise((r) => setTimeout(r, 10))
  if (!o.repos.accounts.all().every((a) => a.loggedIn)) throw new Error('not every account logged in')
  return app
}
