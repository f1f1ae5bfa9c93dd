import { describe, expect, it } from 'vitest'
import { BOT_PERSON, createHarness, seedCommunity, type Person } from '../support/harness.js'

const LINE = '- - - - - - - - - - - - - - -'
const POST = '【通知编号 1】\n明天上午9点停水，请提前储水\n截止：11月24日 09:00\n请回复"收到"确认（或引用本条回复）'
const quote = (name: string, quoted: string, reply: string) => `「${name}：${quoted}」\n${LINE}\n${reply}`

// [message, acknowledges notice 1?, sender's group nickname]
const TABLE: [string, boolean, string?][] = [
  // The words, alone or lightly decorated.
  ['收到', true],
  ['收到！', true],
  ['收到。', true],
  ['收到了', true],
  ['已收到', true],
  ['收到收到', true],
  ['收到，谢谢', true],
  ['收到谢谢', true],
  ['收到，谢谢网格员', true],
  ['好的', true],
  ['好的收到', true],
  ['好的👌', true],
  ['明白', true],
  ['明白了', true],
  ['已阅', true],
  ['1', true],
  ['ok', true],
  ['OK', true],
  ['Ok！', true],
  ['👌', true],
  ['[OK]', true],
  ['[强]', true],
  ['收到～～', true],
  ['收到[抱拳]', true],
  ['收到🙏', true],
  ['收到啦', true],
  ['好嘞', true],
  ['知道了', true],
  ['已知悉', true],
  ['了解', true],
  ['收到，明天一定提前储水', true],
  ['好的，马上准备', true],
  // A negation elsewhere in the message does not veto the answer (issue 14, item 9).
  ['我家没有电动车，收到', true],
  ['收到，不见不散', true],
  ['不在家，收到了', true],
  // The sender's house number or name before the word.
  ['3-2-502收到', true, '3-2-502 张三'],
  ['12号楼302 收到', true, '12号楼302 王五'],
  ['张三收到', true, '3-2-502 张三'],
  ['张三家收到', true, '3-2-502 张三'],
  ['我家已收到', true],
  ['本人已阅', true],
  // Quote-replies of the notice, in the forms WeChat delivers.
  [quote('小助手', POST, '收到'), true],
  [quote('小助手', POST, '好的👌'), true],
  [quote('小助手', POST, '[强]'), true],
  [quote('网格长 刘', '#通知 明天上午9点停水，请提前储水', '收到'), true],
  [quote('小助手', '【通知编号 1】 明天上午9点停水，请提前…', '1'), true],
  [quote('网格长 刘', '明天上午9点停水，请提前储水', '3-2-502 已阅'), true, '3-2-502 赵六'],
  [quote('小助手', POST, '马上去接水'), true],
  // Not acknowledgements: negations, questions, 收到 inside a longer sentence, chat.
  ['没收到', false],
  ['收不到', false],
  ['我家没有电动车，没收到', false],
  ['不清楚', false],
  ['还没收到', false],
  ['我没有收到通知', false],
  ['未收到', false],
  ['收到了吗？', false],
  ['收到没？', false],
  ['谁收到了', false],
  ['怎么没收到停水通知', false],
  ['几点停水？', false],
  ['好的吗', false],
  ['今天天气不错', false],
  ['谢谢网格员', false],
  ['我昨天收到快递了', false],
  ['ok吗', false],
  ['收到，另外我想反映一下我家楼上每天晚上十点以后装修很吵', false],
  ['好的我下午去物业交钱然后再去社区办理证明材料', false],
  ['1号楼停水了', false],
  ['2', false],
  ['[捂脸]', false],
  ['哈哈', false],
  ['收到请回复', false],
  ['快递收到', false],
  // Quotes that are not acknowledgements: a question under the notice, or a quote of something else.
  [quote('小助手', POST, '几点来水？'), false],
  [quote('小助手', POST, '我家不在这栋楼'), false],
  [quote('3-2-502 张三', '我家厨房的水龙头坏了', '收到'), false],
  [quote('李四', '明天有人去菜市场吗', '好的'), false],
]

describe('which group messages acknowledge a notice', () => {
  it('has at least 60 messages, with quotes and near misses', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(60)
    expect(TABLE.filter(([, ack]) => !ack).length).toBeGreaterThanOrEqual(25)
  })

  // One group: every row's sender is a resident present when the notice went out; each speaks once.
  const h = createHarness()
  const c = seedCommunity(h)
  const leader: Person = { id: 'leader', nickname: '网格长 刘' }
  const senders = TABLE.map(([, , nickname], i): Person => ({ id: `a${i}`, nickname: nickname ?? `${i + 1}号楼 居民${i}` }))
  h.join(c.grid, [BOT_PERSON, leader, ...senders])
  h.say(c.admin, '#设置 网格长', c.grid, { mentionIds: [leader.id] })
  h.say(leader, '#通知 明天上午9点停水，请提前储水', c.grid)
  h.take()

  it.each(TABLE.map((row, i) => [row[0].replace(/\n/g, '⏎'), row[1], i] as const))('%s → %s', (_shown, ack, i) => {
    h.say(senders[i]!, TABLE[i]![0], c.grid)
    const r = h.repos.notices.recipient(1, senders[i]!.id)!
    expect(r.ackedAt !== null).toBe(ack)
    if (ack) expect(r.ackHow).toBe(TABLE[i]![0].startsWith('「') ? 'quote' : 'word')
    // Acknowledgements are silent: nothing is said in the group.
    if (ack) expect(h.take().filter((o) => o.conversationId === c.grid)).toEqual([])
    h.take()
  })
})
