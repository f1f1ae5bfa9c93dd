import { describe, expect, it } from 'vitest'
import type { Category } from '../../src/domain/types.js'
import { categoryOfWord } from '../../src/parse/category.js'

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
