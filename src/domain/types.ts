/** Roles, lowest to highest authority. */
export const ROLES = ['resident', 'leader', 'worker', 'community', 'street', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  resident: '居民', leader: '网格长', worker: '网格员', community: '社区', street: '街道', admin: '管理员',
}

export const CATEGORIES = ['hygiene', 'repair', 'dispute', 'service', 'facility', 'safety', 'other'] as const
export type Category = (typeof CATEGORIES)[number]

export const CATEGORY_LABELS: Record<Category, string> = {
  hygiene: '环境卫生', repair: '房屋维修', dispute: '邻里纠纷', service: '公共服务',
  facility: '市政设施', safety: '安全隐患', other: '其他',
}

export const URGENCIES = ['urgent', 'normal'] as const
export type Urgency = (typeof URGENCIES)[number]

export const CASE_STATES = [
  'new', 'accepted', 'in_progress', 'resolved', 'closed', 'returned', 'on_hold', 'cancelled',
] as const
export type CaseState = (typeof CASE_STATES)[number]

export const CASE_STATE_LABELS: Record<CaseState, string> = {
  new: '待受理', accepted: '已受理', in_progress: '处理中', resolved: '已办结', closed: '已关闭',
  returned: '已退回', on_hold: '已挂起', cancelled: '已撤销',
}

/** States in which a case is still open for the reporter to add to or cancel. */
export const OPEN_STATES: readonly CaseState[] = ['new', 'accepted', 'in_progress', 'returned', 'on_hold']

export const GROUP_KINDS = ['grid', 'staff'] as const
export type GroupKind = (typeof GROUP_KINDS)[number]

export const SCOPE_KINDS = ['grid', 'community', 'street', 'global'] as const
export type ScopeKind = (typeof SCOPE_KINDS)[number]

export const CASE_EVENT_KINDS = [
  'reported', 'assigned', 'note', 'attachment', 'cancelled', 'notified',
  'accepted', 'progress', 'resolved', 'returned', 'held', 'resumed', 'reopened', 'rated', 'closed',
  'warned', 'reminded', 'escalated',
] as const
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number]

export const RATINGS = ['satisfied', 'basic', 'unsatisfied'] as const
export type Rating = (typeof RATINGS)[number]

export const RATING_LABELS: Record<Rating, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' }

/** Escalation levels: 0 grid, 1 community, 2 street. */
export const LEVEL_LABELS = ['网格', '社区', '街道'] as const

/** Where something happened: parsed from a report or a nickname. */
export interface Location {
  building?: string
  unit?: string
  room?: string
  floor?: string
  road?: string
  doorNo?: string
  spot?: string
}

/** A member's group nickname, parsed. */
export interface ParsedNickname {
  name: string
  building?: string
  unit?: string
  room?: string
}

/** How a notice was acknowledged: an ack word, a quote-reply of the notice, or #代确认 by a leader. */
export const ACK_METHODS = ['word', 'quote', 'proxy'] as const
export type AckMethod = (typeof ACK_METHODS)[number]
export const ACK_METHOD_LABELS: Record<AckMethod, string> = { word: '回复', quote: '引用', proxy: '代确认' }

/** Why a notice closed: its deadline (or the default close) came, #结束通知, or everyone acknowledged. */
export const NOTICE_CLOSE_REASONS = ['deadline', 'manual', 'all-acked'] as const
export type NoticeCloseReason = (typeof NOTICE_CLOSE_REASONS)[number]
