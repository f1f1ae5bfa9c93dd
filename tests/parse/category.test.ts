import { describe, expect, it } from 'vitest'
import type { Category } from '../../src/domain/types.js'
import { categoryOfWord, parseCorrection } from '../../src/parse/category.js'

describe('category words', () => {
  it('reads each label and its short forms', () => {
    const table: [string, Category | undefined][] = [
      ['环境卫生', 'hygiene'],
      ['卫生', 'hygiene'],
      ['房屋维修', 'repair'],
      ['维修', 'repair'],
      ['邻里纠纷', 'dispute'],
      ['纠纷', 'dispute'],
      ['公共服务', 'service'],
      ['服务', 'service'],
      ['市政设施', 'facility'],
      ['设施', 'facility'],
      ['安全隐患', 'safety'],
      ['安全', 'safety'],
      ['其他', 'other'],
      ['物业', undefined],
      ['', undefined],
    ]
    for (const [word, category] of table) expect([word, categoryOfWord(word)]).toEqual([word, category])
  })
})

describe("a reporter's correction", () => {
  // What a reporter writes under the bot's confirmation, and the category meant (undefined: not a correction).
  const table: [string, Category | undefined][] = [
    ['类别不对，是安全隐患', 'safety'],
    ['不是维修 是纠纷', 'dispute'],
    ['不是维修，是纠纷', 'dispute'],
    ['是纠纷不是维修', 'dispute'],
    ['应该是邻里纠纷', 'dispute'],
    ['改成安全隐患', 'safety'],
    ['改为市政设施吧', 'facility'],
    ['类别错了 安全隐患', 'safety'],
    ['分错了，属于市政设施', 'facility'],
    ['应该是环境卫生的问题', 'hygiene'],
    ['不是其他，是房屋维修', 'repair'],
    ['分类不对，应该是安全隐患！', 'safety'],
    // Not corrections: no cue, a question, nothing meant, a word inside another, two meant, a long message.
    ['这是安全隐患', undefined],
    ['安全隐患', undefined],
    ['是安全隐患吗？', undefined],
    ['类别不对吧？', undefined],
    ['类别不对', undefined],
    ['不是维修', undefined],
    ['应该是安全的', undefined],
    ['谢谢，修好了应该是安全了', undefined],
    ['卫生间不对，应该是楼上漏水', undefined],
    ['应该走安全通道', undefined],
    ['不是维修是纠纷，也可能是安全隐患', undefined],
    ['不对不对，应该是安全隐患，楼道里好几辆电动车在充电，晚上还有人在那边抽烟，太危险了', undefined],
  ]
  for (const [text, category] of table) {
    it(`${text} → ${category ?? 'not a correction'}`, () => expect(parseCorrection(text)).toBe(category))
  }
})
