import { describe, expect, it } from 'vitest'
import type { Role, ScopeKind } from '../../src/domain/types.js'
import { createHarness, type Person } from '../support/harness.js'

const GRID_A1 = 'a1@chatroom'
const GRID_A2 = 'a2@chatroom'
const GRID_B1 = 'b1@chatroom'
const STAFF_A = 'staffA@chatroom'
const STAFF_B = 'staffB@chatroom'
const STREET_A = 'streetA@chatroom'
const STREET_B = 'streetB@chatroom'
const DEPT = 'dept@chatroom'

/** Two communities in two streets, each level with its staff group, a department of street A; a case from grid A1. */
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
    handler: p('dA', '张伟'),
    admin,
  }
  h.join(GRID_A1, [admin, people.reporter, people.resident, people.leader, people.workerA1])
  h.join(GRID_A2, [admin, people.workerA2])
  h.join(GRID_B1, [admin, people.workerB1])
  h.join(STAFF_A, [admin, people.communityA])
  h.join(STAFF_B, [admin, people.communityB])
  h.join(STREET_A, [admin, people.streetA])
  h.join(STREET_B, [admin, people.streetB])
  h.join(DEPT, [admin, people.handler])
  h.say(admin, '#绑定网格 幸福街道 阳光社区 1号网格', GRID_A1)
  h.say(admin, '#绑定网格 幸福街道 阳光社区 2号网格', GRID_A2)
  h.say(admin, '#绑定网格 和平街道 明月社区 1号网格', GRID_B1)
  h.say(admin, '#绑定工作群 阳光社区', STAFF_A)
  h.say(admin, '#绑定工作群 明月社区', STAFF_B)
  h.say(admin, '#绑定工作群 幸福街道', STREET_A)
  h.say(admin, '#绑定工作群 和平街道', STREET_B)
  h.say(admin, '#绑定部门 城管中队 幸福街道', DEPT)
  h.say(admin, '#设置 部门', DEPT, { mentionIds: [people.handler.id] })
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
  return { h, people, gridA2: a2.gridId! }
}

type World = ReturnType<typeof world>
type Who = keyof World['people']
const ROLES: Who[] = [
  'resident',
  'leader',
  'workerA1',
  'workerA2',
  'workerB1',
  'handler',
  'communityA',
  'communityB',
  'streetA',
  'streetB',
  'admin',
]
const STAFF_OF_A1: Who[] = ['workerA1', 'communityA', 'streetA', 'admin']
const COMMUNITY_AND_UP_OF_A1: Who[] = ['communityA', 'streetA', 'admin']
const OUT_OF_SCOPE: Who[] = ['workerA2', 'workerB1', 'handler', 'communityB', 'streetB']

/** Each hand-on command, who may give it, what they hear, and who owns the case after. */
const HAND_ONS: {
  text: string
  mention?: Who
  allowed: Who[]
  role: Role
  ok: RegExp
  after: { level: number; gridA2?: boolean }
  /** The reply of an allowed sender who still may not (a 网格员 moving a case to another grid). */
  refusedFor?: Partial<Record<Who, string>>
}[] = [
  {
    text: '#上报 1 电梯公司推诿，需要社区协调',
    allowed: STAFF_OF_A1,
    role: 'worker',
    ok: /^编号 1 已上报社区，现由社区承办$/,
    after: { level: 1 },
  },
  {
    text: '#派单 1 城管 请派人查看',
    allowed: COMMUNITY_AND_UP_OF_A1,
    role: 'community',
    ok: /^编号 1 已派单城管中队，现由城管中队承办$/,
    after: { level: 3 },
  },
  { text: '#退回 1 不属本网格', allowed: STAFF_OF_A1, role: 'worker', ok: /^编号 1 已退回社区分派$/, after: { level: 1 } },
  {
    text: '#指派 1',
    mention: 'workerA2',
    allowed: STAFF_OF_A1,
    role: 'worker',
    ok: /^编号 1 已指派给陈明$/,
    after: { level: 0, gridA2: true },
    refusedFor: { workerA1: '陈明不负责编号 1 所在网格，不能指派\n可指派：李芳（1号网格）、刘洋（社区）' },
  },
]

describe('hand-on commands × every role × every scope', () => {
  for (const cmd of HAND_ONS) {
    for (const who of ROLES) {
      const refusal = cmd.refusedFor?.[who]
      const allowed = cmd.allowed.includes(who) && !refusal
      const expected = allowed ? 'done' : refusal ? 'refused with whom' : OUT_OF_SCOPE.includes(who) ? 'out of scope' : 'refused by role'
      it(`${cmd.text} by ${who}: ${expected}`, () => {
        const { h, people, gridA2 } = world()
        const before = h.repos.cases.get(1)!
        const events = h.repos.cases.timeline(1).length
        const mentionIds = cmd.mention ? [people[cmd.mention].id] : []
        h.say(people[who], cmd.text, null, { mentionIds })
        const out = h.take()
        const reply = out.find((o) => o.conversationId === people[who].id)!.text
        if (allowed) {
          expect(reply).toMatch(cmd.ok)
          const after = h.repos.cases.get(1)!
          expect(after.level).toBe(cmd.after.level)
          expect(after.gridId === gridA2).toBe(cmd.after.gridA2 === true)
          expect(after.handOns).toBe(1)
          // The hand-on is on the timeline: who, to whom and why.
          const last = h.repos.cases.timeline(1).at(-1)!
          expect(last.actorId).toBe(people[who].id)
          expect(h.repos.cases.timeline(1).length).toBeGreaterThan(events)
          expect(last.text).toMatch(/上报社区：电梯公司推诿|派单城管中队：请派人查看|退回社区：不属本网格|指派给陈明，承办：网格/)
        } else {
          const outOfScope = '编号 1 不在你负责的范围内'
          const byRole = cmd.role === 'community' ? '该命令仅限社区及以上使用' : '该命令仅限网格员及以上使用'
          // A sender without the role learns nothing of the case; the handler of an unrelated department is staff out of scope.
          const roleFirst = cmd.role === 'community' && !COMMUNITY_AND_UP_OF_A1.includes(who) && !['communityB', 'streetB'].includes(who)
          expect(reply).toBe(refusal ?? (roleFirst ? byRole : expected === 'out of scope' ? outOfScope : byRole))
          expect(h.repos.cases.get(1)).toEqual(before)
          expect(h.repos.cases.timeline(1).length).toBe(events)
          expect(out.filter((o) => o.conversationId !== people[who].id)).toEqual([])
        }
      })
    }
  }
})

describe('who acts for the owner', () => {
  it('once the community owns a case, its grid worker sees it but may not act on it; community staff may', () => {
    const { h, people } = world()
    h.say(people.workerA1, '#上报 1 需要协调', null)
    h.take()
    h.say(people.workerA1, '#受理 1', null)
    expect(h.take()[0]!.text).toBe('编号 1 现由社区承办，你不能受理')
    h.say(people.workerA1, '#查询 1', null)
    expect(h.take()[0]!.text).toContain('承办：社区')
    h.say(people.communityA, '#受理 1', STAFF_A)
    expect(h.take().map((o) => o.text)).toContain('编号 1 已受理')
    expect(h.repos.cases.get(1)).toMatchObject({ level: 1, assigneeId: people.communityA.id, state: 'accepted' })
  })

  it('the street may not #上报 further, and a department may not #上报 at all', () => {
    const { h, people } = world()
    h.say(people.workerA1, '#上报 1 需要协调', null)
    h.say(people.communityA, '#上报 1 需要街道协调', STAFF_A)
    h.take()
    h.say(people.streetA, '#上报 1 再往上', STREET_A)
    expect(h.take()[0]!.text).toBe('编号 1 已由街道承办，不能再上报；可 #派单 1 <部门>')
    h.say(people.streetA, '#派单 1 城管中队', STREET_A)
    h.take()
    h.say(people.handler, '#上报 1 不归我们', DEPT)
    expect(h.take()[0]!.text).toBe('编号 1 由城管中队承办，部门不能上报；不属本部门请 #退回 1 <原因>')
    expect(h.repos.cases.get(1)).toMatchObject({ level: 3, dispatchLevel: 2 })
  })

  it('a department handler assigns only to colleagues, and #退回 sends the case back to the level that dispatched it', () => {
    const { h, people } = world()
    h.say(people.communityA, '#派单 1 城管中队', STAFF_A)
    h.take()
    h.say(people.handler, '#指派 1', DEPT, { mentionIds: [people.workerA1.id] })
    expect(h.take()[0]!.text).toBe('李芳不是城管中队的处理人，不能指派\n可指派：张伟（城管中队）')
    h.say(people.handler, '#退回 1 属于物业维保', DEPT)
    const out = h.take()
    expect(out.find((o) => o.conversationId === DEPT)!.text).toBe('编号 1 已退回社区分派')
    const toCommunity = out.find((o) => o.conversationId === STAFF_A)!
    expect(toCommunity.mentionIds).toEqual([people.communityA.id])
    expect(toCommunity.text).toBe(
      [
        '编号 1｜阳光社区1号网格｜房屋维修',
        '城管中队张伟退回：属于物业维保',
        '请分派：#指派 1 @某人（可指派：李芳（1号网格）、陈明（2号网格）、刘洋（社区））',
        '或派单：#派单 1 <部门>（可派：城管中队）',
      ].join('\n'),
    )
    expect(h.repos.cases.get(1)).toMatchObject({ level: 1, state: 'returned', departmentId: null, assigneeId: null })
    // Back with the community, its staff may give it to the other grid's worker: the case moves there.
    h.say(people.communityA, '#指派 1', STAFF_A, { mentionIds: [people.workerA2.id] })
    expect(h.take().map((o) => o.text)).toContain('编号 1 已指派给陈明')
    expect(h.repos.cases.get(1)).toMatchObject({ level: 0, assigneeId: people.workerA2.id, state: 'new' })
    expect(h.repos.caseQueries.gridLabel(h.repos.cases.get(1)!.gridId)).toBe('阳光社区2号网格')
  })
})
