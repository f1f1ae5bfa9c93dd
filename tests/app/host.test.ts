import { describe, expect, it } from 'vitest'
import { createHost } from '../../src/app/host.js'
import { defineCommand } from '../../src/commands/types.js'
import { refuse } from '../../src/domain/refusal.js'
import { coreHost } from '../support/core.js'
import { loadConfig } from '../../src/config.js'
import { housekeeping } from '../../src/features/housekeeping.js'
import { createLogger } from '../../src/logger.js'
import { createHarness, seedCommunity } from '../support/harness.js'

describe('features as plugins', () => {
  it('refuses a command word claimed twice and a listener with no place in the order, at start-up', () => {
    const h = createHarness()
    const host = createHost()
    const spec = (aliases: string[]) =>
      defineCommand({ text: { words: { name: '报事', aliases }, summary: '' }, role: 'resident', run: () => [] })
    host.command(spec([]), spec(['x']))
    expect(() => host.handler(h.deps)).toThrow(/claimed by both/)
    const other = createHost()
    other.listen({ id: 'weather-chat', take: () => undefined })
    expect(() => other.handler(h.deps)).toThrow(/no place in PLAIN_MESSAGE_ORDER/)
  })
})

describe('one way to say no', () => {
  it('a command that refuses after writing leaves nothing stored, and the sender gets its one line', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    const host = coreHost()
    host.command(
      defineCommand({
        text: { words: { name: '半途', aliases: [] }, summary: '' },
        role: 'resident',
        run: ({ deps, msg }) => {
          deps.repos.directory.touchGroup('half@chatroom', 'written before the refusal', h.clock.now())
          return refuse(`不行：${msg.senderName}`)
        },
      }),
    )
    const out = host.handler(h.deps).handle({
      id: 'x1',
      roomId: c.grid,
      senderId: c.zhang.id,
      senderName: '张三',
      kind: 'text',
      text: '#半途',
      mentionIds: [],
      self: false,
    })
    expect(out.out.map((o) => o.text)).toEqual(['不行：张三'])
    expect(h.repos.directory.group('half@chatroom')).toBeUndefined()
  })
})

describe('retention', () => {
  it('prunes processed message ids and sent messages older than the policy says, and keeps what is queued or recent', async () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#我的', c.grid)
    const sent = h.sent()
    expect(sent.length).toBeGreaterThan(0)
    for (const row of sent) h.repos.outbox.markSent(row.id, h.clock.now())
    h.say(c.li, '#我的', c.grid) // queued, never sent: kept however old
    const count = (table: string) => (h.db.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n
    const inboundBefore = count('inbound_messages')
    const job = createHost()
      .use(housekeeping)
      .jobs()
      .find((j) => j.id === 'retention')!
    const config = loadConfig({})
    const run = () => job.run({ deps: h.deps, config, log: createLogger('silent') })

    h.clock.advance('29d')
    expect(await run()).toEqual({ inbound: 0, outbox: 0 })
    h.clock.advance('2d')
    h.say(c.li, '#帮助', c.grid) // a recent message: kept
    expect(await run()).toEqual({ inbound: inboundBefore, outbox: sent.length })
    expect(count('inbound_messages')).toBe(1)
    expect(h.repos.outbox.all().every((r) => r.status === 'queued')).toBe(true)
    expect(h.repos.outbox.queuedCount()).toBeGreaterThan(0)
  })
})
