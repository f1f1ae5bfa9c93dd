import type { SandboxPuppet } from './sandbox-puppet.js'

/** A simulated member: stable id, WeChat name, and group nickname per group. */
export interface DemoMember {
  id: string
  name: string
  nick: string
}

export const BOT_ID = 'sandbox-bot'
export const BOT_NAME = '小助手'
export const ADMIN_ID = 'sandbox-admin'
/** The sandbox's second WeChat account: in grid group 2 (which it answers) and the community's staff group. */
export const SECOND_BOT = { id: 'sandbox-bot-2', name: '小助手2' }
/** The street office's own admin binds its groups (one admin typing every setup line would pass the command budget). */
export const STREET_ADMIN_ID = 'sandbox-street-admin'

const residentsA: [string, string][] = [
  ['张三', '3-2-502 张三'],
  ['李四', '3栋1单元301 李四'],
  ['王芳', '12号楼3单元1201室 王芳'],
  ['赵强', '赵强 5-1-102'],
  ['孙丽', '7-2-601 孙丽'],
  ['周杰', '8栋2单元402 周杰'],
  ['吴敏', '吴敏 3-1-201'],
  ['郑浩', '10号楼1单元701室 郑浩'],
  ['冯雪', '6-3-303 冯雪'],
  ['陈刚', '陈刚（9-1-101）'],
]
const residentsB: [string, string][] = [
  ['刘洋', '21-1-502 刘洋'],
  ['黄磊', '22栋2单元1102 黄磊'],
  ['何静', '何静 23-1-301'],
  ['高峰', '25号楼1单元602室 高峰'],
  ['林娜', '26-2-201 林娜'],
  ['罗平', '罗平 27-1-1001'],
  ['谢婷', '28栋3单元502 谢婷'],
  ['韩梅', '21-2-1201 韩梅'],
  ['唐亮', '22-1-101 唐亮'],
  ['曹颖', '29栋1单元402 曹颖'],
]

/**
 * The demo community: two grid groups, the community's and the street's staff groups, the street's 城管中队 with its
 * group (for #派单), 20 residents with real-name nicknames.
 */
export const DEMO = {
  street: '幸福街道',
  community: '阳光社区',
  admin: { id: ADMIN_ID, name: '周主任', nick: '社区 周主任（管理员）' } as DemoMember,
  staff: { id: 'sandbox-staff', name: '刘社工', nick: '社区 刘社工' } as DemoMember,
  grids: [
    {
      roomId: 'sandbox-grid-1@chatroom',
      topic: '阳光社区1号网格群',
      grid: '1号网格',
      worker: { id: 'sandbox-worker-1', name: '李芳', nick: '网格员 李芳' } as DemoMember,
      leader: { id: 'sandbox-leader-1', name: '王建国', nick: '网格长 王建国 3-1-101' } as DemoMember,
      residents: residentsA.map(([name, nick], i) => ({ id: `sandbox-r1-${i + 1}`, name, nick })),
    },
    {
      roomId: 'sandbox-grid-2@chatroom',
      topic: '阳光社区2号网格群',
      grid: '2号网格',
      worker: { id: 'sandbox-worker-2', name: '陈明', nick: '网格员 陈明' } as DemoMember,
      leader: { id: 'sandbox-leader-2', name: '马丽', nick: '楼长 马丽 21-1-101' } as DemoMember,
      residents: residentsB.map(([name, nick], i) => ({ id: `sandbox-r2-${i + 1}`, name, nick })),
    },
  ],
  staffRoom: { roomId: 'sandbox-staff@chatroom', topic: '阳光社区工作群' },
  streetStaff: { id: 'sandbox-street', name: '孙科长', nick: '街道 孙科长' } as DemoMember,
  streetAdmin: { id: STREET_ADMIN_ID, name: '赵主任', nick: '街道 赵主任（管理员）' } as DemoMember,
  streetRoom: { roomId: 'sandbox-street@chatroom', topic: '幸福街道工作群' },
  department: {
    name: '城管中队',
    roomId: 'sandbox-department@chatroom',
    topic: '幸福街道城管中队群',
    handler: { id: 'sandbox-department', name: '张队长', nick: '张队长' } as DemoMember,
  },
}

/** Creates the demo contacts and groups in the puppet's mocker (with group nicknames); returns them by id. */
export function seedDemoCommunity(puppet: SandboxPuppet) {
  const mocker = puppet.mocker
  const bot = mocker.createContact({ id: BOT_ID, name: BOT_NAME })
  const people = new Map<string, DemoMember>()
  const contact = (m: DemoMember) => {
    if (!people.has(m.id)) {
      mocker.createContact({ id: m.id, name: m.name })
      people.set(m.id, m)
    }
    return m
  }
  mocker.createContact(SECOND_BOT)
  for (const g of DEMO.grids) {
    const members = [DEMO.admin, g.worker, g.leader, ...g.residents].map(contact)
    mocker.createRoom({ id: g.roomId, topic: g.topic, memberIdList: [...botsIn(g.roomId), ...members.map((m) => m.id)] })
    for (const m of members) puppet.setRoomAlias(g.roomId, m.id, m.nick)
  }
  const staffMembers = [DEMO.admin, DEMO.staff, ...DEMO.grids.map((g) => g.worker)].map(contact)
  mocker.createRoom({
    id: DEMO.staffRoom.roomId,
    topic: DEMO.staffRoom.topic,
    memberIdList: [...botsIn(DEMO.staffRoom.roomId), ...staffMembers.map((m) => m.id)],
  })
  for (const m of staffMembers) puppet.setRoomAlias(DEMO.staffRoom.roomId, m.id, m.nick)
  const room = (roomId: string, topic: string, members: DemoMember[]) => {
    mocker.createRoom({ id: roomId, topic, memberIdList: [BOT_ID, ...members.map(contact).map((m) => m.id)] })
    for (const m of members) puppet.setRoomAlias(roomId, m.id, m.nick)
  }
  room(DEMO.streetRoom.roomId, DEMO.streetRoom.topic, [DEMO.streetAdmin, DEMO.streetStaff, DEMO.staff])
  room(DEMO.department.roomId, DEMO.department.topic, [DEMO.streetAdmin, DEMO.department.handler])
  return { bot, people }
}

/** The groups the second account is in (the first is in every group). */
export const SECOND_BOT_ROOMS = (): string[] => [DEMO.grids[1]!.roomId, DEMO.staffRoom.roomId]

const botsIn = (roomId: string) => (SECOND_BOT_ROOMS().includes(roomId) ? [BOT_ID, SECOND_BOT.id] : [BOT_ID])

/**
 * The second account's own world (each account has its own provider session): its groups, with the same ids,
 * members and nicknames as in the first account's; returns its contact.
 */
export function seedSecondAccount(puppet: SandboxPuppet, first: SandboxPuppet) {
  const mocker = puppet.mocker
  const me = mocker.createContact(SECOND_BOT)
  mocker.createContact({ id: BOT_ID, name: BOT_NAME })
  const known = new Set([BOT_ID, SECOND_BOT.id])
  for (const roomId of SECOND_BOT_ROOMS()) {
    const payload = first.mocker.RoomMock.load(roomId).payload!
    for (const id of payload.memberIdList.filter((x) => !known.has(x))) {
      known.add(id)
      mocker.createContact({ id, name: first.mocker.ContactMock.load(id).payload!.name })
    }
    mocker.createRoom({ id: roomId, topic: payload.topic, memberIdList: payload.memberIdList })
    for (const [id, nick] of first.roomAliases.get(roomId) ?? []) puppet.setRoomAlias(roomId, id, nick)
  }
  return me
}

/** What the demo admin types, in each group not yet bound, to bind the groups and set roles. */
export function demoSetupScript(): { adminId: string; roomId: string; text: string; mentionIds?: string[] }[] {
  const steps: { adminId: string; roomId: string; text: string; mentionIds?: string[] }[] = []
  const { streetRoom, department } = DEMO
  for (const g of DEMO.grids) {
    // Grid group 2 holds both accounts: the admin hands it to the second by @-mentioning it in #绑定网格.
    const second = SECOND_BOT_ROOMS().includes(g.roomId)
    steps.push({
      adminId: ADMIN_ID,
      roomId: g.roomId,
      text: `#绑定网格 ${DEMO.street} ${DEMO.community} ${g.grid}`,
      ...(second ? { mentionIds: [SECOND_BOT.id] } : {}),
    })
    steps.push({ adminId: ADMIN_ID, roomId: g.roomId, text: '#设置 网格员', mentionIds: [g.worker.id] })
    steps.push({ adminId: ADMIN_ID, roomId: g.roomId, text: '#设置 网格长', mentionIds: [g.leader.id] })
  }
  steps.push({ adminId: ADMIN_ID, roomId: DEMO.staffRoom.roomId, text: `#绑定工作群 ${DEMO.community}` })
  steps.push({ adminId: ADMIN_ID, roomId: DEMO.staffRoom.roomId, text: '#设置 社区', mentionIds: [DEMO.staff.id] })
  steps.push({ adminId: STREET_ADMIN_ID, roomId: streetRoom.roomId, text: `#绑定工作群 ${DEMO.street}` })
  steps.push({ adminId: STREET_ADMIN_ID, roomId: streetRoom.roomId, text: '#设置 街道', mentionIds: [DEMO.streetStaff.id] })
  steps.push({ adminId: STREET_ADMIN_ID, roomId: department.roomId, text: `#绑定部门 ${department.name} ${DEMO.street}` })
  steps.push({ adminId: STREET_ADMIN_ID, roomId: department.roomId, text: '#设置 部门', mentionIds: [department.handler.id] })
  return steps
}

/** A resident's first report, so a newcomer sees intake work without typing anything. */
export function demoFirstReport(): { memberId: string; roomId: string; text: string } {
  const g = DEMO.grids[0]!
  return { memberId: g.residents[0]!.id, roomId: g.roomId, text: '#报事 3号楼2单元楼道灯不亮好几天了，晚上上下楼看不见' }
}
