import { describe, expect, it } from 'vitest'
import type { Role, ScopeKind } from '../../src/domain/types.js'
import { createHarness, type Person } from '../support/harness.js'

const GRID_A1 = 'a1@chatroom'
const GRID_A2 = 'a2@chatroom'
const GRID_B1 = 'b1@chatroom'

/** Two communities in two streets; a case from grid A1; one person of each role and scope. */
function world() {
  const h = createHarness({ admins: ['boot-admin'] })
  const admin: Person = { id: 'boot-admin', nickname: '管理员' }
  const p = (id: string, nickname: string): Person => ({ id, nickname })
  const people = {
    reporter: p('reporter', '3-2-502 张三'),
    resident: p('resident', '4-1-101 李四'),
    leader: p('leader', '网格长 王五'),
    workerA1: p('wA1', '网格员 李芳'),
    workerA2: p('wA2', '网格员 陈明'),
    workerB1: p('wB1', '网格员 赵六'),
    communityA: p('cA', '社区 刘洋'),
    communityB: p('cB', '社区 黄磊'),
    streetA: p('sA', '街道 周强'),
    streetB: p('sB', '街道 吴敏'),
    admin,
  }
  h.join(GRID_A1, [admin, people.reporter, people.resident, people.leader, people.workerA1])
  h.join(GRID_A2, [admin, people.workerA2])
  h.join(GRID_B1, [admin, people.workerB1])
  h.say(admin, '#绑定网格 幸福街道 阳光社区 1号网格', GRID_A1)
  h.say(admin, '#绑定网格 幸福街道 阳光社区 2号网格', GRID_A2)
  h.say(admin, '#绑定网格 和平街道 明月社区 1号网格', GRID_B1)
  const d = h.repos.directory
  const set = (who: Person, role: Role, kind: ScopeKind, id: number) =>
    d.setRole({ contactId: who.id, name: who.nickname, role, scopeKind: kind, scopeId: id }, 0)
  const a = d.group(GRID_A1)!
  const a2 = d.group(GRID_A2)!
  const b = d.group(GRID_B1)!
  set(people.leader, 'leader', 'grid', a.gridId!)
  set(people.workerA1, 'worker', 'grid', a.gridId!)
  set(people.workerA2, 'worker', 'grid', a2.gridId!)
  set(people.workerB1, 'worker', 'grid', b.gridId!)
  set(people.communityA, 'community', 'community', a.communityId!)
  set(people.communityB, 'community', 'community', b.communityId!)
  set(people.streetA, 'street', 'street', a.streetId!)
  set(people.streetB, 'street', 'street', b.streetId!)
  h.say(people.reporter, '#报事 5号楼电梯坏了', GRID_A1)
  h.take()
  return { h, people }
}

type Who = keyof ReturnType<typeof world>['people']
const ROLES: Who[] = ['resident', 'leader', 'workerA1', 'workerA2', 'workerB1', 'communityA', 'communityB', 'streetA', 'streetB', 'admin']
const IN_SCOPE: Who[] = ['workerA1', 'communityA', 'streetA', 'admin']
const STAFF_OUT_OF_SCOPE: Who[] = ['workerA2', 'workerB1', 'communityB', 'streetB']

/** Staff case commands: text, the state the case needs first, and what success looks like. */
const CASE_COMMANDS: { text: string; prepare?: string[]; ok: RegExp; state?: string }[] = [
  { text: '#受理 1', ok: /^编号 1 已受理$/, state: 'accepted' },
  { text: '#指派 1', ok: /^编号 1 已指派给李芳$/ },
  { text: '#进展 1 已联系电梯公司', ok: /^编号 1 进展已记录$/, state: 'in_progress' },
  { text: '#办结 1 已修好', ok: /^编号 1 已办结/, state: 'resolved' },
  // This world has no staff groups: the sender hears that nobody could be told.
  { text: '#退回 1 属于物业', ok: /^编号 1 已退回社区分派\n阳光社区还没有工作群，未能通知，请直接联系$/, state: 'returned' },
  { text: '#挂起 1 等配件', ok: /^编号 1 已挂起/, state: 'on_hold' },
  { text: '#恢复 1', prepare: ['#挂起 1 等配件'], ok: /^编号 1 已恢复/, state: 'new' },
  { text: '#重开 1 没修好', prepare: ['#办结 1 已修好'], ok: /^编号 1 已重开$/, state: 'in_progress' },
  { text: '#改类 1 安全隐患', ok: /^编号 1 已改为安全隐患（紧急），办结时限 /, state: 'new' },
]

describe('staff case commands × every role × every scope', () => {
  for (const cmd of CASE_COMMANDS) {
    for (const who of ROLES) {
      const expected = IN_SCOPE.includes(who) ? 'done' : STAFF_OUT_OF_SCOPE.includes(who) ? 'out of scope' : 'refused by role'
      it(`${cmd.text} by ${who}: ${expected}`, () => {
        const { h, people } = world()
        for (const p of cmd.prepare ?? []) h.say(people.admin, p, null)
        h.take()
        const before = h.repos.cases.get(1)!
        const events = h.repos.cases.timeline(1).length
        h.say(people[who], cmd.text, null, cmd.text.startsWith('#指派') ? { mentionIds: [people.workerA1.id] } : {})
        const reply = h.take().find((o) => o.conversationId === people[who].id)!.text
        if (expected === 'done') {
          expect(reply).toMatch(cmd.ok)
          if (cmd.state) expect(h.repos.cases.get(1)!.state).toBe(cmd.state)
          expect(h.repos.cases.timeline(1).length).toBe(events + 1)
        } else {
          expect(reply).toBe(expected === 'out of scope' ? '编号 1 不在你负责的范围内' : '该命令仅限网格员及以上使用')
          expect(h.repos.cases.get(1)).toEqual(before)
          expect(h.repos.cases.timeline(1).length).toBe(events)
        }
      })
    }
  }
})

describe('staff queries × every role × every scope', () => {
  for (const who of ROLES) {
    it(`#案件, #查询 1 and #统计 by ${who}`, () => {
      const { h, people } = world()
      const ask = (text: string) => {
        h.say(people[who], text, null)
        return h
          .take()
          .map((o) => o.text)
          .join('\n')
      }
      const list = ask('#案件')
      const detail = ask('#查询 1')
      const stats = ask('#统计')
      if (IN_SCOPE.includes(who)) {
        expect(list).toMatch(/^未办结案件 1 件：\n编号 1｜阳光社区1号网格｜房屋维修｜待受理｜承办：网格（李芳）$/)
        expect(detail).toContain('内容：5号楼电梯坏了')
        expect(stats).toContain('1号网格：新增 1｜办结 0（其中关闭 0）｜未办结 1（其中超期 0）')
      } else if (STAFF_OUT_OF_SCOPE.includes(who)) {
        expect(list).toBe('没有未办结案件')
        expect(detail).toBe('编号 1 不在你负责的范围内')
        expect(stats).not.toContain('阳光社区')
      } else {
        expect(list).toBe('该命令仅限网格员及以上使用')
        expect(detail).toBe('没有编号 1 的案件') // the same line as for a case that does not exist
        expect(stats).toBe('该命令仅限网格员及以上使用')
      }
    })
  }
})

describe('admin commands × every role', () => {
  const ADMIN_COMMANDS = ['#绑定网格 幸福街道 阳光社区 3号网格', '#绑定工作群 阳光社区', '#设置 网格员', '#名单', '#解绑']
  for (const text of ADMIN_COMMANDS) {
    for (const who of ROLES) {
      it(`${text} by ${who}`, () => {
        const { h, people } = world()
        const before = h.repos.directory.group(GRID_A1)
        h.say(people[who], text, GRID_A1, text === '#设置 网格员' ? { mentionIds: [people.resident.id] } : {})
        const reply = h.take()[0]!.text
        if (who === 'admin') {
          expect(reply).not.toBe('该命令仅限管理员使用')
        } else {
          expect(reply).toBe('该命令仅限管理员使用')
          expect(h.repos.directory.group(GRID_A1)).toEqual(before)
          expect(h.repos.directory.rolesOf(people.resident.id)).toEqual([])
        }
      })
    }
  }
})

describe('#指派 only to staff in scope', () => {
  it('refuses a worker of another grid and accepts community staff', () => {
    const { h, people } = world()
    h.say(people.communityA, '#指派 1', null, { mentionIds: [people.workerB1.id] })
    // The refusal says whom community staff may assign it to: the workers of the community's grids.
    expect(h.take()[0]!.text).toBe('赵六不负责编号 1 所在网格，不能指派\n可指派：李芳（1号网格）、陈明（2号网格）')
    expect(h.repos.cases.get(1)!.assigneeId).toBe(people.workerA1.id)
    h.say(people.communityA, '#指派 1', GRID_A1, { mentionIds: [people.workerA1.id] })
    h.say(people.workerA1, '#指派 1', null, { mentionIds: [people.communityA.id] })
    const out = h.take()
    expect(out.map((o) => o.text)).toContain('编号 1 已指派给刘洋')
    expect(out.find((o) => o.conversationId === people.communityA.id)!.text).toMatch(/^编号 1 已由李芳指派给你/)
  })
})
