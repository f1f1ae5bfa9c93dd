import type { CaseRecord } from './case-machine.js'
import type {
  AckMethod,
  CaseEventKind,
  CaseState,
  Category,
  ChaseEnd,
  CorrectionSource,
  ElderDayOutcome,
  ElderEventKind,
  ElderTier,
  GroupKind,
  Location,
  NoticeCloseReason,
  OutboxKind,
  ParsedNickname,
  Rating,
  Role,
  ScopeKind,
  SignSource,
  Urgency,
} from './types.js'

/** A message as the core sees it: plain data, no Wechaty. */
export interface InboundMessage {
  id: string
  /** The group it was said in; null for a private chat with the bot. */
  roomId: string | null
  roomTopic?: string
  senderId: string
  /** The sender's group nickname, or WeChat name. */
  senderName: string
  kind: 'text' | 'image' | 'other'
  text: string
  /** Contacts really @-mentioned (not someone typing "@name" by hand). */
  mentionIds: string[]
  /** Group nicknames of the mentioned contacts, same order as mentionIds, where known. */
  mentionNames?: string[]
  self: boolean
  /** When it was sent, as its provider says (epoch ms): our accounts' copies of one message match on it. */
  sentAt?: number
  /** The account of ours that received it (GRIDBOT_ACCOUNTS' name); its replies go out from that account. */
  account?: string
}

/** How soon something must go out: urgent safety, replies to what someone just said, everything else. */
export type Priority = 'urgent' | 'reply' | 'push'

/** Something the bot will say. */
export interface Outgoing {
  conversationId: string
  isRoom: boolean
  text: string
  mentionIds: string[]
  priority: Priority
  /** In a group, the member this replies to: replies to different members take turns like different chats. */
  answers?: string
  /** A case photo to forward (its stored file is sent, once downloaded); the text is then empty. */
  attachmentId?: number
  /** The account to send it from (a reply: the one that received the message); otherwise the outbox picks one. */
  account?: string
  /** Among pushes, what it is (PUSH_RANK): escalations before notices, reminders, digests. */
  rank?: number
}

/** A message ready to be written to the outbox. */
export interface OutboxItem extends Outgoing {
  notBefore: number
}

/** A stored outbox row. */
export interface OutboxRow extends Omit<OutboxItem, 'attachmentId' | 'account'> {
  id: number
  /** The account that sends it; null when none could be chosen (the first account takes it). */
  account: string | null
  attempts: number
  /** `held`: a photo waiting for its download. */
  status: 'queued' | 'held' | 'sent' | 'failed'
  kind: OutboxKind
  attachmentId: number | null
}

/** A stored case. */
export interface Case extends CaseRecord {
  id: number
  gridId: number
  communityId: number | null
  streetId: number | null
  roomId: string
  reporterId: string
  reporterName: string
  text: string
  category: Category
  urgency: Urgency
  location: Location
  locationFromNickname: boolean
  /** Reported in private chat: the reporter hears back privately, and nothing about it is posted in the group. */
  filedPrivately: boolean
  state: CaseState
  assigneeId: string | null
  assigneeName: string | null
  level: number
  createdAt: number
  nextDueAt: number | null
  nextRuleAt: number | null
  respondedAt: number | null
  rating: Rating | null
  ratingScore: number | null
  ratedAt: number | null
}

/** One timeline entry. */
export interface CaseEvent {
  at: number
  actorId: string
  actorName: string
  kind: CaseEventKind
  text: string
}

/** What a new case needs. */
export type NewCase = Pick<
  Case,
  | 'gridId'
  | 'communityId'
  | 'streetId'
  | 'roomId'
  | 'reporterId'
  | 'reporterName'
  | 'text'
  | 'category'
  | 'urgency'
  | 'location'
  | 'locationFromNickname'
  | 'assigneeId'
  | 'assigneeName'
  | 'createdAt'
  | 'signForDueAt'
  | 'respondDueAt'
  | 'resolveDueAt'
  | 'nextDueAt'
  | 'nextRuleAt'
> & {
  sourceMessageId: string
  filedPrivately?: boolean
  /** Who owns it from the start: the grid (0), or the community (1) when no worker could take it. */
  level?: number
}

/** A category correction as stored: the case's text, what it was and what it became, who and how. */
export interface NewCorrection {
  caseId: number
  /** The report's text: what the classifier read. */
  text: string
  fromCategory: Category
  toCategory: Category
  actorId: string
  actorName: string
  source: CorrectionSource
  createdAt: number
}

/** An image message, attached to a case or waiting for one. */
export interface Attachment {
  id: number
  caseId: number | null
  roomId: string
  senderId: string
  messageId: string
  status: 'stored' | 'pending' | 'failed'
  path: string | null
  attempts: number
  createdAt: number
}

/** A group as the bot knows it, with its place in the grid → community → street tree. */
export interface GroupInfo {
  roomId: string
  topic: string
  kind: GroupKind | null
  gridId: number | null
  gridName: string | null
  communityId: number | null
  communityName: string | null
  streetId: number | null
  streetName: string | null
  /** A department group's department. */
  departmentId: number | null
  departmentName: string | null
}

/** A role holder. */
export interface RoleHolder {
  contactId: string
  name: string
  role: Role
  scopeKind: ScopeKind
  scopeId: number
}

/** A group member as last seen. */
export interface Member extends ParsedNickname {
  roomId: string
  contactId: string
  nickname: string
  present: boolean
}

/** One member as the roster reports it (the group nickname, or the WeChat name when there is none), parsed. */
export interface RosterEntry extends ParsedNickname {
  contactId: string
  nickname: string
}

/** A report waiting for the sender's 是. */
export interface PendingReport {
  roomId: string
  contactId: string
  text: string
  messageId: string
  createdAt: number
}

/** A stored notice with the grid groups it went to. */
export interface Notice {
  id: number
  authorId: string
  authorName: string
  sourceRoomId: string
  text: string
  deadline: number | null
  closeAt: number
  rounds: number
  lastRemindAt: number | null
  nextAt: number | null
  closedAt: number | null
  closeReason: NoticeCloseReason | null
  createdAt: number
  rooms: { roomId: string; gridId: number; gridName: string }[]
}

/** One member who must acknowledge a notice. */
export interface Recipient {
  contactId: string
  roomId: string
  name: string
  ackedAt: number | null
  ackHow: AckMethod | null
  ackText: string | null
  ackById: string | null
  leftAt: number | null
  /** The member's line number in the door-knocking list sent at the close; null before it (or when not on it). */
  doorNo: number | null
}

/** What a new notice needs. */
export type NewNotice = Pick<Notice, 'authorId' | 'authorName' | 'sourceRoomId' | 'text' | 'deadline' | 'closeAt' | 'nextAt' | 'createdAt'>

/** What #案件 asks for. */
export type CaseFilter =
  | { kind: 'open' }
  | { kind: 'overdue' }
  | { kind: 'urgent' }
  | { kind: 'unsigned' }
  | { kind: 'done' }
  | { kind: 'mine' }
  | { kind: 'category'; category: Category }
  | { kind: 'grid'; gridName: string }

/** Per-grid numbers for #统计. */
export interface GridStats {
  gridId: number
  gridName: string
  communityId: number
  communityName: string
  created: number
  open: number
  overdue: number
  resolved: number
  closed: number
  signedOnTime: number
  signDecided: number
  resolvedOfDue: number
  due: number
  satisfied: number
  rated: number
  levels: [number, number, number]
  /** Of those resolved, how many a department resolved (counted in `levels` at the level that dispatched it). */
  byDepartment: number
}

/** A grid with its community and street (bound to a group or not). */
export interface GridRef {
  id: number
  name: string
  communityId: number
  communityName: string
  streetId: number | null
}

/** A department as #派单 finds it. */
export interface Department {
  id: number
  name: string
  streetId: number | null
  streetName: string | null
}

/** One dispatch of a case to a department. */
export interface Dispatch {
  id: number
  caseId: number
  departmentId: number
  fromLevel: number
  dispatcherId: string
  dispatcherName: string
  note: string
  at: number
  respondDueAt: number | null
  resolveDueAt: number | null
  respondedAt: number | null
  resolvedAt: number | null
  endedAt: number | null
  staffRating: Rating | null
  staffComment: string | null
  staffRaterId: string | null
  staffRatedAt: number | null
  reporterRating: Rating | null
}

/** What a new dispatch records. */
export type NewDispatch = Pick<
  Dispatch,
  'caseId' | 'departmentId' | 'fromLevel' | 'dispatcherId' | 'dispatcherName' | 'note' | 'at' | 'respondDueAt' | 'resolveDueAt'
>

/** Per-department numbers for #统计, over the dispatches received in the period. */
export interface DepartmentStats {
  departmentId: number
  name: string
  received: number
  /** Minutes from dispatch to the department's first response, of those that responded. */
  responseMinutes: number[]
  respondedOnTime: number
  respondDecided: number
  resolved: number
  resolveDecided: number
  staffSatisfied: number
  staffRated: number
  reporterSatisfied: number
  reporterRated: number
}

/** A staff group with the community or street it serves. */
export interface StaffGroup {
  roomId: string
  communityId: number | null
  streetId: number | null
  name: string
}

/** A community, a street or a department: what a staff or department group serves. */
export type ScopeRef = { communityId: number } | { streetId: number } | { departmentId: number }
/** An elder looked after (平安打卡): who, where, by when each day, how fast a missed sign goes up. */
export interface Elder {
  id: number
  contactId: string
  /** The name from the group nickname; `call` is how the nudge addresses them (王阿姨), when given. */
  name: string
  call: string | null
  nickname: string
  /** Building-unit-room from the nickname (`6-3-303`), '' when it has none. */
  place: string
  gridId: number
  communityId: number
  streetId: number | null
  /** The grid group they were found in. */
  roomId: string
  /** Minutes after local midnight. */
  checkBy: number
  tier: ElderTier
  /** Away from one day to another, both included (`2026-11-23`). */
  awayFrom: string | null
  awayTo: string | null
  /** The day whose check the rule is on, and when it next needs to look (null once signed off). */
  day: string
  nextAt: number | null
  /** When this looking-after began: a day's window starts no earlier. */
  since: number
  createdAt: number
  createdById: string
  createdByName: string
  stoppedAt: number | null
}

/** What signing an elder up needs. */
export type NewElder = Pick<
  Elder,
  'contactId' | 'name' | 'nickname' | 'place' | 'gridId' | 'communityId' | 'streetId' | 'roomId' | 'checkBy' | 'tier'
> & { call?: string | null }

/** One elder's check on one day: the sign, or the chase and how it ended. */
export interface ElderDay {
  elderId: number
  day: string
  dueAt: number
  signedAt: number | null
  signedHow: SignSource | null
  signedById: string | null
  outcome: ElderDayOutcome | null
  /** The chase: judged missed, nudged, the worker's list, the community told, ended. */
  missedAt: number | null
  nudgedAt: number | null
  listedAt: number | null
  escalatedAt: number | null
  visitedAt: number | null
  visitedByName: string | null
  visitNote: string | null
  endedAt: number | null
  endReason: ChaseEnd | null
}

/** A registered family member of an elder. */
export interface ElderFamilyMember {
  contactId: string
  name: string
}

/** One entry of an elder's timeline. */
export interface ElderEvent {
  at: number
  actorId: string
  actorName: string
  kind: ElderEventKind
  text: string
}

/** Per-grid numbers of the check-in for #统计. */
export interface ElderStats {
  gridId: number
  gridName: string
  communityId: number
  communityName: string
  /** Looked after now. */
  elders: number
  /** Days judged in the period (due, not away, not unchecked) and those signed by the time. */
  judged: number
  onTime: number
  chases: number
  visits: number
  escalations: number
}
