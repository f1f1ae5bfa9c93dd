import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createApp, type RunningApp } from '../../src/app/create-app.js'
import { systemClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { directory } from '../../src/features/directory.js'
import { createLogger } from '../../src/logger.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos } from '../../src/store/repos.js'
import { HeldRosterPuppet } from '../support/held-roster-puppet.js'
import { createTwinWorld } from '../support/twin-world.js'
import { until } from '../support/until.js'

const A = { name: '小助手1', id: 'botA' }
const B = { name: '小助手2', id: 'botB' }
const GRID = 'grid@chatroom'

describe('an account logging in while its rosters are still being read', () => {
  let app: RunningApp | undefined
  const slow = new Map<string, HeldRosterPuppet>()
  afterAll(async () => {
    for (const p of slow.values()) p.release()
    await app?.stop()
  })

  it('sends a group message that waited for one of ours in the group once its roster shows it is there', async () => {
    // A never logs in; B, a standby (it owns nothing), is the only one of ours in the group.
    const w = createTwinWorld({
      accounts: [A, B],
      contacts: [['zhang', '张三']],
      rooms: [{ id: GRID, topic: '1号网格群', members: [B.id, 'zhang'] }],
      puppet: (name) => {
        const p = new HeldRosterPuppet()
        p.hold()
        slow.set(name, p)
        return p
      },
    })
    const repos = createRepos(openDatabase(':memory:'))
    const now = Date.now()
    // Queued before any account was known in the group (a notice from the last run, say): it waits.
    repos.outbox.insert(
      { conversationId: GRID, isRoom: true, text: '停水通知：明天9点到12点', mentionIds: [], priority: 'push', notBefore: now },
      now,
    )
    const config = loadConfig({
      GRIDBOT_SEND_MIN_GAP_MS: '0',
      GRIDBOT_SEND_JITTER_MS: '0',
      GRIDBOT_QUIET_HOURS: '',
      GRIDBOT_DATA_DIR: mkdtempSync(join(tmpdir(), 'gridbot-login-rosters-')),
    })
    const created = createApp({ config, repos, clock: systemClock, log: createLogger(process.env.TEST_LOG ?? 'silent') })
    created.use(directory)
    app = await created.start([
      { name: A.name, puppet: { instance: w.puppet(A.name) } },
      { name: B.name, standby: true, puppet: { instance: w.puppet(B.name) } },
    ])
    w.login(B.name)
    // Logged in and ready to send, its roster not read: nobody knows yet that B is in the group.
    expect(await until(() => repos.accounts.all().find((a) => a.name === B.name)?.loggedIn === true)).toBe(true)
    expect(w.said).toEqual([])
    slow.get(B.name)!.release()
    await app.ready // the app is ready once the bot's account (B, the only one logged in) has read its rosters
    expect(await until(() => w.said.length > 0)).toBe(true)
    expect(w.said).toEqual([{ account: B.name, roomId: GRID, listenerId: undefined, text: '停水通知：明天9点到12点', mentionIds: [] }])
  })
})
