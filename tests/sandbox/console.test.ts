import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../src/logger.js'
import { startSandbox } from '../../src/sandbox/start-sandbox.js'

const GRID_1 = 'sandbox-grid-1@chatroom'

describe('the sandbox console (no bot: the simulated community, the console server and a database)', () => {
  const log = createLogger('silent')
  let sandbox: Awaited<ReturnType<typeof startSandbox>>

  beforeAll(async () => {
    sandbox = await startSandbox(log)
  }, 30_000)
  afterAll(async () => {
    await sandbox?.stop()
  })

  /** What the console shows for the next message `fn` makes a member say. */
  async function shown(fn: () => void): Promise<string> {
    const next = new Promise<string>((resolve) => {
      const off = sandbox.onMessage((e) => (off(), resolve(e.text)))
    })
    fn()
    return next
  }

  it('shows a message as typed: no internal id for the bot, a mention written in the text not written again', async () => {
    // What the composer sends for `@小助手 6号楼北侧路灯坏了`: the text as typed and the bot among the mentions.
    expect(await shown(() => sandbox.say('sandbox-r1-1', GRID_1, '@小助手 6号楼北侧路灯坏了', [sandbox.botId]))).toBe(
      '@小助手 6号楼北侧路灯坏了',
    )
    expect(await shown(() => sandbox.say('sandbox-worker-1', GRID_1, '#指派 4 @3栋1单元301 李四', ['sandbox-r1-2']))).toBe(
      '#指派 4 @3栋1单元301 李四',
    )
    // By WeChat name, too: the nickname is not added before it.
    expect(await shown(() => sandbox.say('sandbox-worker-1', GRID_1, '#指派 4 @李四', ['sandbox-r1-2']))).toBe('#指派 4 @李四')
    // A mention the text lacks (the demo admin's setup script) is still shown, once, before the text.
    expect(await shown(() => sandbox.say('sandbox-admin', GRID_1, '#设置 网格员', ['sandbox-worker-1']))).toBe('@网格员 李芳 #设置 网格员')
  })
})
