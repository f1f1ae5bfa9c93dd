import { describe, expect, it } from 'vitest'
import { formatLocation, parseLocation } from '../../src/parse/location.js'
import { parseNickname } from '../../src/parse/nickname.js'
import { parseQuote } from '../../src/parse/quote.js'
import { parseTrigger } from '../../src/parse/trigger.js'
import { maskPhones } from '../../src/domain/privacy.js'

describe('group nicknames', () => {
  it.each([
    ['3-2-502 张三', { name: '张三', building: '3', unit: '2', room: '502' }],
    ['3栋2单元502 张三', { name: '张三', building: '3', unit: '2', room: '502' }],
    ['12号楼3单元1201室 李四', { name: '李四', building: '12', unit: '3', room: '1201' }],
    ['张三 3-2-502', { name: '张三', building: '3', unit: '2', room: '502' }],
    ['李四 12号楼3单元1201室', { name: '李四', building: '12', unit: '3', room: '1201' }],
    ['王五3-2-502', { name: '王五', building: '3', unit: '2', room: '502' }],
    ['陈刚（9-1-101）', { name: '陈刚', building: '9', unit: '1', room: '101' }],
    ['３－２－５０２　赵六', { name: '赵六', building: '3', unit: '2', room: '502' }],
    ['5幢301 孙七', { name: '孙七', building: '5', room: '301' }],
    ['8-1102 周八', { name: '周八', building: '8', room: '1102' }],
    ['二栋一单元302 吴九', { name: '吴九', building: '2', unit: '1', room: '302' }],
    ['网格员 李芳', { name: '李芳' }],
    ['楼长 马丽 21-1-101', { name: '马丽', building: '21', unit: '1', room: '101' }],
    ['小明妈妈', { name: '小明妈妈' }],
    ['丛网格长', { name: '丛网格长' }], // a surname alone would be a fragment (issue 14, item 11)
    ['社区 周主任（管理员）', { name: '周主任' }],
  ])('%s', (raw, parsed) => {
    expect(parseNickname(raw)).toEqual(parsed)
  })
})

describe('locations in reports', () => {
  it.each([
    ['121号楼2单元楼上卫生间漏水', { building: '121', unit: '2', relation: '楼上', spot: '卫生间' }],
    ['3-2-502家里停水', { building: '3', unit: '2', room: '502', spot: '家里' }],
    ['5栋3楼楼道灯不亮', { building: '5', floor: '3', spot: '楼道' }],
    ['建设路12号门口路灯不亮', { road: '建设路', doorNo: '12', spot: '门口' }],
    ['在中山北路88号旁边有个坑', { road: '中山北路', doorNo: '88' }],
    ['7号1单元1201室厨房漏水', { building: '7', unit: '1', room: '1201', spot: '厨房' }],
    ['地下车库积水', { spot: '地下车库' }],
    ['十二号楼电梯坏了', { building: '12', spot: '电梯' }],
  ])('%s', (text, loc) => {
    expect(parseLocation(text)).toEqual(loc)
  })

  it('reads back as one short line', () => {
    expect(formatLocation({ building: '121', unit: '2', room: '502', spot: '卫生间' })).toBe('121号楼2单元502室 卫生间')
    expect(formatLocation({ road: '建设路', doorNo: '12' })).toBe('建设路12号')
  })
})

describe('quotes, triggers and phone masking', () => {
  it('splits a quote-reply', () => {
    expect(parseQuote('「王建国：明天停水通知」\n- - - - - - - - - - - - - - -\n收到')).toEqual({
      quotedName: '王建国',
      quotedText: '明天停水通知',
      reply: '收到',
    })
    expect(parseQuote('收到')).toBeUndefined()
  })

  it('finds commands with and without a space, and @bot reports', () => {
    const words = ['报事', 'report', '帮助', 'help'].sort((a, b) => b.length - a.length)
    const opts = { botName: '小助手', mentioned: false, words }
    expect(parseTrigger('#报事121号楼漏水', opts)).toEqual({ kind: 'command', word: '报事', args: '121号楼漏水' })
    expect(parseTrigger('/REPORT 漏水', opts)).toEqual({ kind: 'command', word: 'report', args: '漏水' })
    expect(parseTrigger('#reporting', opts)).toEqual({ kind: 'unknown-command', word: 'reporting' })
    expect(parseTrigger('@小助手 3号楼漏水', opts)).toEqual({ kind: 'report', text: '3号楼漏水' })
    expect(parseTrigger('@小助手 帮助', opts)).toEqual({ kind: 'command', word: '帮助', args: '' })
    expect(parseTrigger('@小助手', opts)).toEqual({ kind: 'command', word: 'help', args: '' })
    expect(parseTrigger('【报事】楼道灯坏了', opts)).toEqual({ kind: 'report', text: '楼道灯坏了' })
    expect(parseTrigger('报事:楼道灯坏了', opts)).toEqual({ kind: 'report', text: '楼道灯坏了' })
    expect(parseTrigger('报事情况怎么样了', opts)).toEqual({ kind: 'none', text: '报事情况怎么样了' })
  })

  it('masks mobile numbers but not case numbers or dates', () => {
    expect(maskPhones('联系13812345678或+86 139-1234-5678，编号 12，2026年11月22日')).toBe(
      '联系138****5678或139****5678，编号 12，2026年11月22日',
    )
  })
})
