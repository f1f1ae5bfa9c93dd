import type { ClockName } from '../domain/clocks.js'
import type { AckMethod, CaseEventKind, CaseState, Category, Rating, Role } from '../domain/types.js'

/** The Chinese names of the core's words: roles, categories, states, ratings, levels, clocks. */

export const ROLE_LABELS = {
  resident: '居民',
  leader: '网格长',
  worker: '网格员',
  department: '部门',
  community: '社区',
  street: '街道',
  admin: '管理员',
} satisfies Record<Role, string>

export const CATEGORY_LABELS = {
  hygiene: '环境卫生',
  repair: '房屋维修',
  dispute: '邻里纠纷',
  service: '公共服务',
  facility: '市政设施',
  safety: '安全隐患',
  other: '其他',
} satisfies Record<Category, string>

export const CASE_STATE_LABELS = {
  new: '待受理',
  accepted: '已受理',
  in_progress: '处理中',
  resolved: '已办结',
  closed: '已关闭',
  returned: '已退回',
  on_hold: '已挂起',
  cancelled: '已撤销',
} satisfies Record<CaseState, string>

export const RATING_LABELS = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' } satisfies Record<Rating, string>

export const ACK_METHOD_LABELS = { word: '回复', quote: '引用', proxy: '代确认' } satisfies Record<AckMethod, string>

/** Owner levels: 0 grid, 1 community, 2 street (the 721 split), 3 a department (named by its own name). */
export const LEVEL_LABELS = ['网格', '社区', '街道', '部门'] as const

/** What the ladder told the levels above the owner: nothing, 已催办, 已督办. */
export const SUPERVISION_LABELS = ['', '已催办', '已督办'] as const

export const CLOCK_LABELS = { signFor: '签收', respond: '响应', resolve: '办结' } satisfies Record<ClockName, string>

/** Timeline entries as #查询 names them. */
export const EVENT_LABELS = {
  reported: '登记',
  assigned: '指派',
  note: '补充',
  attachment: '附照片',
  cancelled: '撤销',
  notified: '通知',
  accepted: '受理',
  progress: '进展',
  resolved: '办结',
  returned: '退回',
  held: '挂起',
  resumed: '恢复',
  reopened: '重开',
  rated: '评价',
  closed: '关闭',
  warned: '提醒',
  reminded: '催办',
  escalated: '上报',
  recategorized: '改类',
  dispatched: '派单',
  supervised: '督办',
} satisfies Record<CaseEventKind, string>
