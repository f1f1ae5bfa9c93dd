import type { OutboxRow } from '../../src/domain/model.js'
import { createHarness, seedCommunity, type Harness, type Person } from './harness.js'

/** Local time in Asia/Shanghai on a day of November 2026 (the harness's zone). */
export const at = (day: number, hhmm: string) => Date.parse(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`)

/**
 * The seeded community with elders' people in grid 1: 冯雪 (6-3-303), 王秀英 (5-1-101), 冯雪's son 冯小明, and a
 * second grid with its own worker and an elder of its own, 赵阿婆.
 */
export function seedElders(h: Harness) {
  const c = seedCommunity(h)
  const fengXue: Person = { id: 'e1', nickname: '6-3-303 冯雪' }
  const wang: Person = { id: 'e2', nickname: '5-1-101 王秀英' }
  const son: Person = { id: 'f1', nickname: '6-3-303 冯小明' }
  const worker2: Person = { id: 'w2', nickname: '网格员 陈明' }
  const zhao: Person = { id: 'e3', nickname: '2-1-201 赵阿婆' }
  const grid2 = 'g2@chatroom'
  h.join(c.grid, [fengXue, wang, son])
  h.join(grid2, [{ id: 'bot', nickname: '小助手' }, c.admin, worker2, zhao], '阳光社区2号网格')
  h.say(c.admin, '#绑定网格 幸福街道 阳光社区 2号网格', grid2)
  h.say(c.admin, '#设置 网格员', grid2, { mentionIds: [worker2.id] })
  h.take()
  return { ...c, fengXue, wang, son, worker2, zhao, grid2 }
}

export type EldersWorld = ReturnType<typeof seedElders>

/** A message with an @-mention as WeChat delivers it: the nickname in the text, the id in the mentions. */
export function mentioning(text: string, ...people: Person[]) {
  return {
    text: `${text.split(' ')[0]} ${people.map((p) => `@${p.nickname}`).join(' ')} ${text.split(' ').slice(1).join(' ')}`.trim(),
    extra: { mentionIds: people.map((p) => p.id), mentionNames: people.map((p) => p.nickname) },
  }
}

/** Says a command with @-mentions in a group. */
export function sayWith(h: Harness, who: Person, text: string, room: string, ...people: Person[]) {
  const m = mentioning(text, ...people)
  return h.say(who, m.text, room, m.extra)
}

/** The messages queued to one conversation. */
export const to = (rows: OutboxRow[], conversationId: string) => rows.filter((r) => r.conversationId === conversationId)

/** A harness at 10:00 on Monday 23 November with the elders' world seeded. */
export function eldersHarness(opts: Parameters<typeof createHarness>[0] = {}) {
  const h = createHarness(opts)
  const w = seedElders(h)
  return { h, w }
}
