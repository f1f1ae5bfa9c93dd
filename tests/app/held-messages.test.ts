import { describe, expect, it } from 'vitest'
import { createHeldMessages, HOLD_MS, SAME_MESSAGE_MS } from '../../src/app/held-messages.js'
import type { InboundMessage } from '../../src/domain/model.js'
import { FakeClock } from '../support/fake-clock.js'

const ROOM = 'grid@chatroom'
const T0 = Date.parse('2026-12-01T02:00:00Z')

/** One account's copy of a message zhang sent at T0 + `sentAfter` ms (each account has its own message id). */
const copy = (account: string, text: string, sentAfter = 0, id = `${account}-${text}-${sentAfter}`): InboundMessage => ({
  id,
  roomId: ROOM,
  senderId: 'zhang',
  senderName: '张三',
  kind: 'text',
  text,
  mentionIds: [],
  self: false,
  account,
  sentAt: T0 + sentAfter,
})
const onlyB = (account: string) => account === 'B'

describe('messages held for a failover (in memory, on the injected clock)', () => {
  it('matches copies on sender, text and the message time within a few seconds, each copy once', () => {
    const held = createHeldMessages(() => T0)
    expect(held.handling(copy('A', '收到'))).toBe(true)
    expect(held.handling(copy('A', '收到', 1_000))).toBe(true) // said twice: two messages
    held.hold(copy('B', '收到', 300)) // B's copy of the first, its provider's time a little off
    held.hold(copy('B', '收到', 1_000 + SAME_MESSAGE_MS + 1)) // later than the second can be: one A never got
    // Said twice, both held by B before A handled its copy of the first (and it never got the second).
    held.hold(copy('B', '好的', 2_000))
    held.hold(copy('B', '好的', 3_000))
    expect(held.handling(copy('A', '好的', 2_100))).toBe(true)
    expect(held.takeOver(onlyB).map((m) => [m.text, m.sentAt! - T0])).toEqual([
      ['收到', 1_000 + SAME_MESSAGE_MS + 1],
      ['好的', 3_000],
    ])
    expect(held.size()).toBe(0)
  })

  it('hands over only what the account answers now, in order, and drops what is older than the hold window', () => {
    const clock = new FakeClock(T0)
    const held = createHeldMessages(() => clock.now())
    held.hold(copy('B', '#报事 1号楼漏水'))
    clock.advance(HOLD_MS - 1_000)
    held.hold(copy('B', '#报事 2号楼停电', HOLD_MS - 1_000))
    held.hold(copy('B', '照片', HOLD_MS - 900))
    held.hold(copy('C', '#报事 2号楼停电', HOLD_MS - 1_000)) // the standby's copy
    expect(held.takeOver(() => false)).toEqual([]) // A still answers: nothing moves, nothing is forgotten
    clock.advance(2_000)
    expect(held.takeOver(onlyB).map((m) => m.text)).toEqual(['#报事 2号楼停电', '照片'])
    expect(held.takeOver((a) => a === 'C')).toEqual([]) // C's copy was B's message: handled
    // The owner's copy, replayed after it recovers, is not handled a second time; its own next message is.
    expect(held.handling(copy('A', '#报事 2号楼停电', HOLD_MS - 1_000))).toBe(false)
    expect(held.handling(copy('A', '#报事 3号楼电梯坏了', HOLD_MS + 1_000))).toBe(true)
  })
})
