import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningApp } from '../../src/app/create-app.js'
import { systemClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/logger.js'
import { DEMO } from '../../src/sandbox/demo-community.js'
import { startSandbox, type TranscriptEntry } from '../../src/sandbox/start-sandbox.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos, type Repos } from '../../src/store/repos.js'
import { startApp } from '../support/core.js'

describe('the sandbox runs two accounts (issue 15, item 7)', () => {
  const log = createLogger('silent')
  let sandbox: Awaited<ReturnType<typeof startSandbox>>
  let app: RunningApp
  let repos: Repos
  const [grid1, grid2] = DEMO.grids
  const next = async (test: (e: TranscriptEntry) => boolean) => {
    for (let i = 0; i < 500; i++) {
      const hit = sandbox.history().find(test)
      if (hit) return hit
      await new Promise((r) => setTimeout(r, 10))
    }
    throw new Error(`transcript: ${JSON.stringify(sandbox.history().map((e) => [e.talkerName, e.text.slice(0, 30)]))}`)
  }

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gridbot-sandbox-accounts-'))
    sandbox = await startSandbox(log)
    repos = createRepos(openDatabase(':memory:'))
    const config = loadConfig({ GRIDBOT_DATA_DIR: dataDir, GRIDBOT_ADMINS: sandbox.adminIds.join(',') }, { sandboxPreset: true })
    app = await startApp(
      { config, repos, clock: systemClock, log },
      sandbox.accounts.map((a) => ({ name: a.name, puppet: { token: a.token, endpoint: a.endpoint, cacheDir: join(dataDir, a.name) } })),
    )
    await app.allReady
    sandbox.runSetup(repos)
  }, 30_000)
  afterAll(async () => {
    await app?.stop()
    await sandbox?.stop()
  })

  it('hands grid group 2 to the second account at set-up; the first answers the rest', async () => {
    const bound2 = await next((e) => e.roomId === grid2!.roomId && e.fromBot && e.text.includes('已绑定'))
    expect(bound2).toMatchObject({ account: '小助手2', talkerName: '小助手2' })
    const bound1 = await next((e) => e.roomId === grid1!.roomId && e.fromBot && e.text.includes('已绑定'))
    expect(bound1).toMatchObject({ account: '小助手', talkerName: '小助手' })
    expect(repos.accounts.ownerOf(grid2!.roomId)).toBe('小助手2')
    expect(repos.accounts.ownerOf(DEMO.staffRoom.roomId)).toBe('小助手')
  })

  it('shows which account said what, and a report in the group both are in is filed and answered once', async () => {
    await next((e) => e.roomId === grid2!.roomId && e.fromBot && e.text.includes('设为网格长'))
    const before = sandbox.history().length
    sandbox.say(grid2!.residents[0]!.id, grid2!.roomId, '#报事 21号楼电梯停了')
    const reply = await next((e) => e.roomId === grid2!.roomId && e.fromBot && /编号 \d+ 已登记/.test(e.text))
    expect(reply.account).toBe('小助手2')
    await new Promise((r) => setTimeout(r, 300))
    const said = sandbox.history().slice(before)
    expect(said.filter((e) => !e.fromBot)).toHaveLength(1) // the member's message once, though both accounts heard it
    expect(said.filter((e) => e.roomId === grid2!.roomId && e.fromBot)).toHaveLength(1)
    expect(repos.caseQueries.forExport({ from: 0, to: Date.now() + 1 }).filter((c) => c.roomId === grid2!.roomId)).toHaveLength(1)
  })
})
