import type { CasePatch, StaffScope } from './case-machine.js'
import type {
  Attachment,
  Case,
  CaseEvent,
  CaseFilter,
  Department,
  DepartmentStats,
  Dispatch,
  GridRef,
  Elder,
  ElderDay,
  ElderEvent,
  ElderFamilyMember,
  ElderStats,
  GridStats,
  GroupInfo,
  Member,
  NewCase,
  NewCorrection,
  NewDispatch,
  NewElder,
  NewNotice,
  Notice,
  OutboxItem,
  OutboxRow,
  PendingReport,
  Priority,
  Recipient,
  RoleHolder,
  RosterEntry,
  ScopeRef,
  StaffGroup,
} from './model.js'
import type { AckMethod, CaseState, Category, GroupKind, Role, ScopeKind } from './types.js'

/** Streets, communities, grids, groups and roles. */
export interface DirectoryRepo {
  findStreet(name: string): number | undefined
  findCommunity(name: string): number | undefined
  upsertStreet(name: string): number
  upsertCommunity(name: string, streetId?: number): number
  upsertGrid(communityId: number, name: string): number
  /** A department by name; `streetId` when it serves one street (moves it there when given). */
  upsertDepartment(name: string, streetId?: number): number
  findDepartment(name: string): number | undefined
  department(id: number): Department | undefined
  /** A grid with its community and street. */
  grid(id: number): GridRef | undefined
  /** The name of a community, a street or a department. */
  nameOf(ref: ScopeRef): string | undefined
  /** Departments a case of this street may be dispatched to: the street's own and those of no street, by name. */
  departmentsFor(streetId: number | null): Department[]
  /** Records a group the bot is in (topic refresh keeps its binding). */
  touchGroup(roomId: string, topic: string, now: number): void
  bindGroup(
    roomId: string,
    binding: { kind: GroupKind | null; gridId?: number; communityId?: number; streetId?: number; departmentId?: number },
    now: number,
  ): void
  group(roomId: string): GroupInfo | undefined
  /** Groups the bot has seen with this topic (an import names groups by their names). */
  groupsByTopic(topic: string): string[]
  /** Every staff group with the community or street it serves. */
  allStaffGroups(): StaffGroup[]
  /** The staff group(s) of a community or a street, or a department's group(s). */
  staffGroups(scope: ScopeRef): string[]
  /** The grid groups of a community, or of every community of a street, in grid order. */
  gridGroups(scope: ScopeRef): GroupInfo[]
  /** Grids of a community, of a street's communities, or every grid, with their names (bound to a group or not). */
  gridsIn(scope: { communityId: number } | { streetId: number } | 'all'): GridRef[]
  setRole(holder: RoleHolder, now: number): void
  clearRole(contactId: string, scopeKind: ScopeKind, scopeId: number): void
  /** Every role a contact holds that covers the given grid/community/street. */
  rolesCovering(
    contactId: string,
    scope: { gridId?: number | null; communityId?: number | null; streetId?: number | null; departmentId?: number | null },
  ): RoleHolder[]
  /** Holders of one role in one scope, longest-serving first. */
  holders(scopeKind: ScopeKind, scopeId: number, role: Role): RoleHolder[]
  /** Every role holder of a contact anywhere (to find a private sender's grid). */
  rolesOf(contactId: string): RoleHolder[]
}

/** Group rosters with parsed nicknames. */
export interface MembersRepo {
  upsert(roomId: string, e: RosterEntry, now: number): void
  /** Replaces a group's roster: the listed members are present, everyone else has left. Call inside a transaction. */
  replaceRoster(roomId: string, entries: RosterEntry[], now: number): void
  markLeft(roomId: string, contactIds: string[], now: number): void
  get(roomId: string, contactId: string): Member | undefined
  list(roomId: string): Member[]
  /** Groups a contact is present in. */
  roomsOf(contactId: string): string[]
  /** Members present anywhere whose nickname, or the name in it, is `name` or contains it. */
  byName(name: string): Member[]
  /** Members present anywhere whose nickname gives this flat (the unit only when asked). */
  byPlace(place: { building: string; unit?: string; room: string }): Member[]
}

/** Cases, their timelines and their attachments. */
export interface CasesRepo {
  addEvent(caseId: number, e: CaseEvent): void
  /** Inserts a case in state 待受理 with its 'reported' event; returns it. */
  create(c: NewCase): Case
  get(id: number): Case | undefined
  /** Where the ladder stands: the next rung to look at and what it told the levels above (the rules' hot path). */
  setLadder(id: number, nextRuleAt: number | null, supervision: number, now: number): void
  /** Stores what a transition changed. */
  update(id: number, patch: CasePatch, now: number): void
  timeline(id: number): CaseEvent[]
  /** A reporter's cases, newest first. */
  byReporter(reporterId: string, limit: number): Case[]
  countByReporter(reporterId: string): number
  /**
   * The sender's newest case since `since` that is still being worked on: filed in this group, or (roomId null)
   * filed privately.
   */
  latestBy(roomId: string | null, reporterId: string, since: number): Case | undefined
  /** Records an image message; attached to a case now, or floating until one is filed. */
  addAttachment(a: Pick<Attachment, 'caseId' | 'roomId' | 'senderId' | 'messageId' | 'createdAt'>): number | undefined
  /** Attaches the sender's floating images since `since` to a case; returns their ids. */
  adoptAttachments(caseId: number, roomId: string, senderId: string, since: number): number[]
  attachment(id: number): Attachment | undefined
  /** Attached images not yet downloaded. */
  pendingAttachments(): Attachment[]
  markAttachment(id: number, result: { status: 'stored'; path: string } | { status: 'failed' | 'pending'; attempts: number }): void
  attachmentsOf(caseId: number): Attachment[]
}

/** Read-side queries over cases: staff lists and statistics, all bounded by a staff scope and using indexes. */
export interface CaseQueries {
  /** A page of cases in scope: overdue first, then newest; and how many match in all. */
  list(scope: StaffScope, filter: CaseFilter, now: number, actorId: string, limit: number): { rows: Case[]; total: number }
  /** Cases created in [from, to), optionally of one grid (by name) or state, oldest first, with their grid and community names. */
  forExport(f: { from: number; to: number; gridName?: string; state?: CaseState }): (Case & { gridName: string; communityName: string })[]
  /** Grid and community names of a grid: `阳光社区1号网格`. */
  gridLabel(gridId: number): string
  /** The numbers of #统计 for [from, to), per grid in scope. */
  stats(scope: StaffScope, from: number, to: number, now: number): GridStats[]
  /** The longest-overdue open cases in scope. */
  oldestOverdue(scope: StaffScope, now: number, limit: number): Case[]
  /** Cases whose next ladder rung is due (indexed on next_rule_at: cost follows what is due). */
  dueForRules(now: number, limit: number): Case[]
  /** Resolved cases nobody rated since `before`. */
  resolvedBefore(before: number, limit: number): Case[]
  /** Open urgent safety cases since `since` whose community alert has not gone out. */
  urgentUnalerted(since: number, limit: number): Case[]
  /** The reporter's cases awaiting a rating in a conversation (any, in private chat), resolved since `since`, newest first. */
  awaitingRating(reporterId: string, roomId: string | null, since: number): Case[]
}

/** Processed message ids (exactly-once handling) and reports awaiting 是. */
export interface InboundRepo {
  /** True the first time an id is seen; false for a redelivery. */
  markProcessed(messageId: string, now: number): boolean
  /** Forgets processed ids older than `before` (redeliveries come within minutes, not weeks). */
  pruneProcessed(before: number): number
  setPending(p: PendingReport): void
  /** Takes (and removes) the pending report of a sender, if any. */
  takePending(roomId: string, contactId: string): PendingReport | undefined
}

/** Which rows one account's sender takes: its own, and (the first account) those no account could be chosen for. */
export interface SendingAccount {
  name: string
  unrouted: boolean
}

/** The persisted queue of everything the bot says. */
export interface OutboxRepo {
  /** Queues a message; a photo whose file is not downloaded yet is held until photoReady. */
  insert(item: OutboxItem, now: number): void
  /** A photo's download ended: the rows holding it are queued (stored) or failed; returns how many. */
  photoReady(attachmentId: number, stored: boolean): number
  /**
   * The next queued row due at `now`: urgent first, then replies, then pushes; within a class conversations
   * take turns (fair queuing), so one conversation's backlog delays another's message by one slot at most.
   */
  nextDue(now: number, from?: SendingAccount): OutboxRow | undefined
  /** The queued rows of one class to a private chat (or a group's own lane), in sending order (to coalesce a backlog). */
  queuedTo(conversationId: string, priority: Priority): OutboxRow[]
  /** Replaces queued rows by others in one transaction (a backlog by its coalesced form). */
  replace(ids: number[], items: OutboxItem[], now: number): void
  /** When the next queued row that is not yet due becomes due. */
  nextWakeAt(now: number, from?: SendingAccount): number | undefined
  /** Records a send; `account` is kept as the sender of a row that had none. */
  markSent(id: number, now: number, account?: string): void
  defer(id: number, notBefore: number): void
  markFailedAttempt(id: number, error: string, retryAt: number | undefined): void
  queuedCount(): number
  /** Routes the queued rows of `from` (null: those without an account) again, as a new row would be; returns how many. */
  reroute(from: string | null, now: number): number
  /** A recovered owner takes back the queued rows of its groups; returns how many. */
  returnTo(account: string): number
  /** Queued group messages no account can send (none of ours is healthy in the group). */
  waiting(): number
  /** Per account ('' for rows without one), the queued rows due by `now` of `priority` or a class sent before it. */
  dueAhead(priority: Priority, now: number): Map<string, number>
  /** Queued rows per account ('' for those without one). */
  queuedByAccount(): Map<string, number>
  /** Rows each account sent since `since`. */
  sentByAccountSince(since: number): Map<string, number>
  /** Forgets sent rows older than `before`; returns how many. */
  pruneSent(before: number): number
  all(): OutboxRow[]
}

/** Rule steps that fired: claiming one is what makes it fire once, across ticks and restarts. */
export interface FiringsRepo {
  /** True when this call recorded the step; false when it had fired already. */
  claim(rule: string, subject: string, step: string, cycle: number, now: number): boolean
  fired(rule: string, subject: string, cycle: number): Set<string>
}

/** Notices, the groups they went to, and who acknowledged them. */
export interface NoticesRepo {
  /** Stores a notice with its groups and recipients; returns its number. */
  create(
    n: NewNotice,
    rooms: { roomId: string; gridId: number }[],
    recipients: { contactId: string; roomId: string; name: string }[],
  ): number
  get(id: number): Notice | undefined
  /** The newest notice posted to, or sent from, this group. */
  latestInRoom(roomId: string): Notice | undefined
  /** The newest notice by this author. */
  latestByAuthor(authorId: string): Notice | undefined
  /** Notices posted to this group since `since`, newest first (to match a quote). */
  postedInRoomSince(roomId: string, since: number): Pick<Notice, 'id' | 'text'>[]
  /** The newest notices, newest first (the sandbox's notice board). */
  recent(limit: number): Notice[]
  /** Open notices whose next step is due. */
  due(now: number, limit: number): Notice[]
  /** Groups of the notices that are due by `now` (their rosters are re-read before a round). */
  roomsDue(now: number): string[]
  update(id: number, patch: Partial<Pick<Notice, 'rounds' | 'lastRemindAt' | 'nextAt' | 'closedAt' | 'closeReason'>>): void
  /** Everyone who must acknowledge, in the order of the groups then names. */
  recipients(noticeId: number): Recipient[]
  /** Numbers the lines of the door-knocking list (kept for #代确认 <通知编号> 1 3). */
  setDoorNumbers(noticeId: number, numbers: { contactId: string; doorNo: number }[]): void
  recipient(noticeId: number, contactId: string): Recipient | undefined
  /** Who still owes an acknowledgement (present, not acknowledged). */
  pending(noticeId: number): { contactId: string; roomId: string; name: string }[]
  /** Acknowledged and total, not counting members who left. */
  counts(noticeId: number): { acked: number; total: number }
  /** The newest notice since `since` this member has not acknowledged in this group. */
  owed(contactId: string, roomId: string, since: number): number | undefined
  /** Records an acknowledgement; false when the member had acknowledged already or is not a recipient. */
  ack(noticeId: number, contactId: string, a: { at: number; how: AckMethod; text: string; byId: string | null }): boolean
  /** Brings recipients in line with a group's roster: those gone are dropped, nicknames refreshed. */
  reconcile(noticeId: number, roomId: string, present: Map<string, string>, now: number): void
}

/** Category corrections (#改类 and the reporter's own): kept for the classifier to learn from. */
export interface CorrectionRepo {
  add(c: NewCorrection): void
  /**
   * The report texts and the category each was corrected to, oldest first: one per case, its latest correction
   * (a case corrected twice teaches only where it ended).
   */
  all(): { text: string; category: Category; at: number }[]
}

/** Dispatches of cases to departments (#派单), with the department's response and its ratings. */
export interface DispatchesRepo {
  create(d: NewDispatch): number
  /** The case's latest dispatch, if it has not ended (returned or dispatched elsewhere). */
  current(caseId: number): Dispatch | undefined
  update(id: number, patch: Partial<Omit<Dispatch, 'id' | 'caseId'>>): void
  /** Marks the first response of the case's current dispatch (a later one changes nothing). */
  responded(caseId: number, now: number): void
  /** Per department, the dispatches received in [from, to) of cases in scope. */
  stats(scope: StaffScope, from: number, to: number, now: number): DepartmentStats[]
}

/** Elders looked after, their family, their daily checks and their timelines. */
export interface EldersRepo {
  /** Signs an elder up, or updates the one this contact already is (a signed-off one starts again). */
  upsert(
    e: NewElder,
    schedule: { day: string; nextAt: number },
    by: { id: string; name: string },
    now: number,
  ): { elder: Elder; created: boolean }
  get(id: number): Elder | undefined
  /** The elder this contact is, while looked after. */
  byContact(contactId: string): Elder | undefined
  /** Elders looked after in a staff scope, by grid then name. */
  inScope(scope: StaffScope): Elder[]
  /** Elders looked after in a grid. */
  inGrid(gridId: number): Elder[]
  /** Every elder ever signed up, signed off ones too, by community, grid and name (the export). */
  all(): Elder[]
  stop(id: number, now: number): void
  setAway(id: number, from: string | null, to: string | null): void
  setCall(id: number, call: string | null): void
  /** Where the rule stands for this elder: the day it is on and when it next looks. */
  setNext(id: number, day: string, nextAt: number | null): void
  /** Communities with an elder whose check needs a look by `now` (indexed on next_at). */
  dueCommunities(now: number): number[]
  /** That community's elders due by `now`. */
  dueIn(communityId: number, now: number): Elder[]
  /** Adds a family member; false when they were registered already. */
  addFamily(elderId: number, member: ElderFamilyMember, byId: string, now: number): boolean
  family(elderId: number): ElderFamilyMember[]
  /** The elders a contact is registered family of, while looked after. */
  eldersOfFamily(contactId: string): Elder[]
  day(elderId: number, day: string): ElderDay | undefined
  /** The day's row, made when missing. */
  ensureDay(elderId: number, day: string, dueAt: number): ElderDay
  updateDay(elderId: number, day: string, patch: Partial<Omit<ElderDay, 'elderId' | 'day' | 'dueAt'>>): void
  /** Days whose chase began and has not ended (a late sign or a visit still ends them), oldest first. */
  openChases(elderId: number): ElderDay[]
  /** The rows of some days of these elders (a list or an export). */
  days(elderIds: number[], fromDay: string, toDay: string): ElderDay[]
  addEvent(elderId: number, e: ElderEvent): void
  events(elderId: number): ElderEvent[]
  /** #统计's per-grid numbers over the days due in [from, to). */
  stats(scope: StaffScope, from: number, to: number, now: number): ElderStats[]
  /** Chases that went up to the community in [from, to), with their elders (the digest). */
  escalatedBetween(scope: StaffScope, from: number, to: number): { elder: Elder; day: ElderDay }[]
}

/** When the bot was online: intervals of a live connection, so a day's check can tell whether messages could have been lost. */
export interface PresenceRepo {
  /**
   * Records that the bot is online at `now`. `continuing`: it has been online since the last mark (the same
   * connection); otherwise a new interval starts, unless the last one ended less than a few minutes ago.
   */
  mark(now: number, continuing: boolean): void
  /** The time in [from, to] the bot was offline, from the first outage's start to the last one's end; undefined when online throughout. */
  offline(from: number, to: number): { from: number; to: number } | undefined
}

/** One of the WeChat accounts the bot runs as, as last recorded. */
export interface AccountRecord {
  name: string
  position: number
  standby: boolean
  contactId: string | null
  loggedIn: boolean
  healthy: boolean
  lastLoginAt: number | null
  lastSentAt: number | null
  lastFailedAt: number | null
}

/** The accounts and which one answers each group. */
export interface AccountsRepo {
  /** Records the configured accounts in their order; accounts no longer listed are forgotten (their groups too). */
  register(list: { name: string; standby: boolean }[], now: number): void
  loggedIn(name: string, contactId: string, now: number): void
  loggedOut(name: string, now: number): void
  /** A send went through (proof of life) or failed. */
  sent(name: string, now: number): void
  failed(name: string, now: number): void
  setHealthy(name: string, healthy: boolean, now: number): void
  all(): AccountRecord[]
  /** The contact ids of our accounts (known once each logged in). */
  contactIds(): Set<string>
  /** The group's owner, if any. */
  ownerOf(roomId: string): string | undefined
  /** The account a new message to this group goes out from (as the outbox routes it), if any. */
  senderOf(roomId: string): string | undefined
  /** The account that answers a group now: its owner while healthy and logged in, else the first such account of ours in it. */
  answererOf(roomId: string): string | undefined
  /**
   * Makes `name` the owner of a group: one that has none, or one whose owner is listed after it and was not named by
   * #绑定; with force (an admin's #绑定… @-mentioned it) any group, for good. True when it changed.
   */
  claim(roomId: string, name: string, now: number, force?: boolean): boolean
  /** How many groups each account owns. */
  ownedCounts(): Map<string, number>
  /** The communities whose grid or staff groups an account owns, with those groups. */
  communitiesOf(account: string): { communityId: number; roomIds: string[] }[]
}

/** Every repository the core calls, plus one synchronous transaction over them. */
export interface Repos {
  directory: DirectoryRepo
  members: MembersRepo
  cases: CasesRepo
  caseQueries: CaseQueries
  inbound: InboundRepo
  outbox: OutboxRepo
  firings: FiringsRepo
  notices: NoticesRepo
  corrections: CorrectionRepo
  dispatches: DispatchesRepo
  elders: EldersRepo
  presence: PresenceRepo
  accounts: AccountsRepo
  /** Runs `fn` in one transaction; `fn` must be synchronous (an async one would not roll back). */
  transaction<T>(fn: () => T): T
}
