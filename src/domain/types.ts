/**
 * Roles, lowest to highest authority. A department's handler (部门) uses the staff commands on the cases their
 * department owns; community staff and above may dispatch to departments.
 */
export const ROLES = ['resident', 'leader', 'worker', 'department', 'community', 'street', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const CATEGORIES = ['hygiene', 'repair', 'dispute', 'service', 'facility', 'safety', 'other'] as const
export type Category = (typeof CATEGORIES)[number]

export const URGENCIES = ['urgent', 'normal'] as const
export type Urgency = (typeof URGENCIES)[number]

export const CASE_STATES = ['new', 'accepted', 'in_progress', 'resolved', 'closed', 'returned', 'on_hold', 'cancelled'] as const
export type CaseState = (typeof CASE_STATES)[number]

/** States in which someone is working on the case: it can progress, be resolved or returned. */
export const ACTIVE_STATES = ['new', 'accepted', 'in_progress'] as const satisfies readonly CaseState[]
/** States whose clocks run: the active ones and a returned case waiting for dispatch. */
export const RUNNING_STATES = [...ACTIVE_STATES, 'returned'] as const satisfies readonly CaseState[]
/** States in which a case is not finished (the reporter may add to or cancel it; lists count it open). */
export const OPEN_STATES = [...RUNNING_STATES, 'on_hold'] as const satisfies readonly CaseState[]

/** True for a state of OPEN_STATES. */
export const isOpen = (state: CaseState): boolean => (OPEN_STATES as readonly CaseState[]).includes(state)

/** The rule that alerts community staff to a safety case; intake claims it when the alert went out at once. */
export const URGENT_ALERT_RULE = 'urgent-alert'
/** Rule subjects of cases are `case:<id>`. */
export const CASE_SUBJECT_PREFIX = 'case:'
/** The rule-firing subject of a case. */
export const caseSubject = (id: number): string => `${CASE_SUBJECT_PREFIX}${id}`

export const GROUP_KINDS = ['grid', 'staff', 'department'] as const
export type GroupKind = (typeof GROUP_KINDS)[number]

export const SCOPE_KINDS = ['grid', 'community', 'street', 'department', 'global'] as const
export type ScopeKind = (typeof SCOPE_KINDS)[number]

export const CASE_EVENT_KINDS = [
  'reported',
  'assigned',
  'note',
  'attachment',
  'cancelled',
  'notified',
  'accepted',
  'progress',
  'resolved',
  'returned',
  'held',
  'resumed',
  'reopened',
  'rated',
  'closed',
  'warned',
  'reminded',
  'escalated',
  'recategorized',
  'dispatched',
  'supervised',
] as const
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number]

/** Who corrected a case's category: staff by #改类, or the reporter answering the bot's confirmation. */
export const CORRECTION_SOURCES = ['staff', 'reporter'] as const
export type CorrectionSource = (typeof CORRECTION_SOURCES)[number]

/**
 * Who owns a case (its level): the grid, the community, the street, or a department. The ladder never changes
 * it; only a hand-on does (#退回, #指派, #上报, #派单).
 */
export const GRID_LEVEL = 0
export const COMMUNITY_LEVEL = 1
export const STREET_LEVEL = 2
export const DEPARTMENT_LEVEL = 3

/** What the ladder has told the levels above the owner this cycle: nothing, 已催办, 已督办. */
export const SUPERVISION = { none: 0, urged: 1, supervised: 2 } as const

export const RATINGS = ['satisfied', 'basic', 'unsatisfied'] as const
export type Rating = (typeof RATINGS)[number]

/** Where something happened: parsed from a report or a nickname. */
export interface Location {
  /** A zone or phase of the estate, with its suffix as read: `A2区`, `2期`, `东区`. */
  area?: string
  /** Digits (`7`), a letter (`C`) or letter and digits (`D12`). */
  building?: string
  unit?: string
  room?: string
  floor?: string
  road?: string
  doorNo?: string
  /** Where the trouble is relative to the reporter's home: upstairs, downstairs, next door, across the landing. */
  relation?: string
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

/** What an outbox row sends: a text, or a case photo forwarded from its stored file. */
export const OUTBOX_KINDS = ['text', 'image'] as const
export type OutboxKind = (typeof OUTBOX_KINDS)[number]

/** Why a notice closed: its deadline (or the default close) came, #结束通知, or everyone acknowledged. */
export const NOTICE_CLOSE_REASONS = ['deadline', 'manual', 'all-acked'] as const
export type NoticeCloseReason = (typeof NOTICE_CLOSE_REASONS)[number]

/** How fast a missed sign goes up (PRODUCT.md: red 1 h, yellow 3 h, blue 12 h to a visit). */
export const ELDER_TIERS = ['red', 'yellow', 'blue'] as const
export type ElderTier = (typeof ELDER_TIERS)[number]

/** Who gave an elder's daily sign: the elder (any message), a registered family member, or staff (#报平安). */
export const SIGN_SOURCES = ['self', 'family', 'worker'] as const
export type SignSource = (typeof SIGN_SOURCES)[number]

/** A day that is not judged: the elder was away, or the bot was offline during the window. */
export const ELDER_DAY_OUTCOMES = ['away', 'unchecked'] as const
export type ElderDayOutcome = (typeof ELDER_DAY_OUTCOMES)[number]

/** Why a chase ended: a (late) sign, a visit, the elder away, or signed off. */
export const CHASE_ENDS = ['sign', 'visit', 'away', 'stopped'] as const
export type ChaseEnd = (typeof CHASE_ENDS)[number]

/** An elder's timeline. */
export const ELDER_EVENT_KINDS = [
  'signed-up',
  'updated',
  'family',
  'stopped',
  'away',
  'signed',
  'missed',
  'nudged',
  'listed',
  'escalated',
  'visited',
  'unchecked',
] as const
export type ElderEventKind = (typeof ELDER_EVENT_KINDS)[number]

/** The rule that chases missed signs; its steps are claimed per elder (`elder:<id>`, `<day>:<step>`). */
export const ELDER_CHECK_RULE = 'elder-check'
