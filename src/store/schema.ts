import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import {
  ACK_METHODS,
  CASE_EVENT_KINDS,
  CASE_STATES,
  CATEGORIES,
  CHASE_ENDS,
  CORRECTION_SOURCES,
  ELDER_DAY_OUTCOMES,
  ELDER_EVENT_KINDS,
  ELDER_TIERS,
  GROUP_KINDS,
  NOTICE_CLOSE_REASONS,
  OUTBOX_KINDS,
  RATINGS,
  ROLES,
  SCOPE_KINDS,
  SIGN_SOURCES,
  URGENCIES,
} from '../domain/types.js'

export const streets = sqliteTable('streets', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
})

export const communities = sqliteTable('communities', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  streetId: integer('street_id').references(() => streets.id),
})

export const grids = sqliteTable(
  'grids',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    communityId: integer('community_id')
      .notNull()
      .references(() => communities.id),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('grids_community_name').on(t.communityId, t.name)],
)

/** A functional department (城管, 住建, 供电所 …): one street's, or everyone's when street_id is null. */
export const departments = sqliteTable('departments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  streetId: integer('street_id').references(() => streets.id),
})

/** Every WeChat group the bot is in; kind says whether it is bound as a grid, staff or department group. */
export const groups = sqliteTable(
  'groups',
  {
    roomId: text('room_id').primaryKey(),
    topic: text('topic').notNull().default(''),
    kind: text('kind', { enum: GROUP_KINDS }),
    gridId: integer('grid_id').references(() => grids.id),
    communityId: integer('community_id').references(() => communities.id),
    streetId: integer('street_id').references(() => streets.id),
    departmentId: integer('department_id').references(() => departments.id),
    /** The account that answers this group (GRIDBOT_ACCOUNTS' name): the first listed of ours in it, or the one #绑定 reached. */
    account: text('account'),
    /** Set when an admin's #绑定… @-mentioned the owner: no account listed before it takes the group back. */
    accountBound: integer('account_bound', { mode: 'boolean' }).notNull().default(false),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('groups_grid').on(t.gridId),
    index('groups_community').on(t.communityId, t.kind),
    index('groups_department').on(t.departmentId),
    index('groups_account').on(t.account),
  ],
)

/** Group members as last seen, with the nickname parsed. */
export const members = sqliteTable(
  'members',
  {
    roomId: text('room_id').notNull(),
    contactId: text('contact_id').notNull(),
    nickname: text('nickname').notNull(),
    name: text('name').notNull(),
    building: text('building'),
    unit: text('unit'),
    room: text('room'),
    present: integer('present', { mode: 'boolean' }).notNull().default(true),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.contactId] }), index('members_contact').on(t.contactId)],
)

/** A role held by a contact within a grid, community, street, or everywhere (scope_id 0). */
export const roles = sqliteTable(
  'roles',
  {
    contactId: text('contact_id').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    scopeKind: text('scope_kind', { enum: SCOPE_KINDS }).notNull(),
    scopeId: integer('scope_id').notNull(),
    name: text('name').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.scopeKind, t.scopeId] }), index('roles_scope').on(t.scopeKind, t.scopeId, t.role)],
)

export const cases = sqliteTable(
  'cases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    gridId: integer('grid_id')
      .notNull()
      .references(() => grids.id),
    communityId: integer('community_id'),
    streetId: integer('street_id'),
    roomId: text('room_id').notNull(),
    reporterId: text('reporter_id').notNull(),
    reporterName: text('reporter_name').notNull(),
    text: text('text').notNull(),
    category: text('category', { enum: CATEGORIES }).notNull(),
    urgency: text('urgency', { enum: URGENCIES }).notNull(),
    area: text('area'),
    building: text('building'),
    unit: text('unit'),
    room: text('room'),
    floor: text('floor'),
    road: text('road'),
    doorNo: text('door_no'),
    relation: text('relation'),
    spot: text('spot'),
    locationFromNickname: integer('location_from_nickname', { mode: 'boolean' }).notNull().default(false),
    /** Reported in private chat: everything about it goes to the reporter privately, never to the group. */
    filedPrivately: integer('filed_privately', { mode: 'boolean' }).notNull().default(false),
    state: text('state', { enum: CASE_STATES }).notNull(),
    assigneeId: text('assignee_id'),
    assigneeName: text('assignee_name'),
    /** Who owns the case: 0 grid, 1 community, 2 street, 3 department (department_id); changed only by a hand-on. */
    level: integer('level').notNull().default(0),
    departmentId: integer('department_id'),
    /** For a department's case: the level that dispatched it (1 community, 2 street), where #退回 sends it back. */
    dispatchLevel: integer('dispatch_level'),
    /** What the ladder told the levels above the owner this cycle: 0 nothing, 1 催办, 2 督办. */
    supervision: integer('supervision').notNull().default(0),
    /** Hand-ons so far: each starts the new owner's clocks and ladder. */
    handOns: integer('hand_ons').notNull().default(0),
    /** The state a held case returns to on #恢复. */
    heldFrom: text('held_from', { enum: CASE_STATES }),
    heldAt: integer('held_at'),
    acceptedAt: integer('accepted_at'),
    respondedAt: integer('responded_at'),
    resolvedAt: integer('resolved_at'),
    closedAt: integer('closed_at'),
    /** The three clocks' deadlines (moved by time on hold, reset by #重开). */
    signForDueAt: integer('sign_for_due_at'),
    respondDueAt: integer('respond_due_at'),
    resolveDueAt: integer('resolve_due_at'),
    /** The earliest deadline still running; null when no clock runs (resolved, closed, on hold…). */
    nextDueAt: integer('next_due_at'),
    /** First sign-for, on time or not: kept for 响应率 across reopenings. */
    signedOnTime: integer('signed_on_time', { mode: 'boolean' }),
    resolvedLevel: integer('resolved_level'),
    rating: text('rating', { enum: RATINGS }),
    ratingScore: integer('rating_score'),
    ratedAt: integer('rated_at'),
    reopenCount: integer('reopen_count').notNull().default(0),
    /** When the rules next need to look at this case (its next ladder step); null when nothing is pending. */
    nextRuleAt: integer('next_rule_at'),
    sourceMessageId: text('source_message_id').unique(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    // Few indexes on purpose: every one is written on every report. Open cases are few whatever the history,
    // so staff lists go through (state, created_at) and filter scope among them; the rules use next_due_at.
    index('cases_reporter').on(t.reporterId, t.createdAt),
    index('cases_state_created').on(t.state, t.createdAt),
    index('cases_next_due')
      .on(t.nextDueAt)
      .where(sql`${t.nextDueAt} is not null`),
    index('cases_next_rule')
      .on(t.nextRuleAt)
      .where(sql`${t.nextRuleAt} is not null`),
  ],
)

/** Each dispatch of a case to a department, with how the department responded and how it was rated. */
export const dispatches = sqliteTable(
  'dispatches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    /** The level that dispatched it: 1 community, 2 street. */
    fromLevel: integer('from_level').notNull(),
    dispatcherId: text('dispatcher_id').notNull(),
    dispatcherName: text('dispatcher_name').notNull(),
    note: text('note').notNull().default(''),
    at: integer('at').notNull(),
    /** The department's sign-for and resolve deadlines, from the dispatch. */
    respondDueAt: integer('respond_due_at'),
    resolveDueAt: integer('resolve_due_at'),
    /** First #受理, #进展 or #办结 while the department owned it. */
    respondedAt: integer('responded_at'),
    resolvedAt: integer('resolved_at'),
    /** Returned by the department, or dispatched elsewhere: no longer its case. */
    endedAt: integer('ended_at'),
    /** How the dispatching staff rated the department's response. */
    staffRating: text('staff_rating', { enum: RATINGS }),
    staffComment: text('staff_comment'),
    staffRaterId: text('staff_rater_id'),
    staffRatedAt: integer('staff_rated_at'),
    /** The reporter's rating of the case the department resolved. */
    reporterRating: text('reporter_rating', { enum: RATINGS }),
  },
  (t) => [index('dispatches_case').on(t.caseId, t.id), index('dispatches_department').on(t.departmentId, t.at)],
)

/** Every rule step that fired, once: (rule, subject, step, cycle) is unique across ticks and restarts. */
export const ruleFirings = sqliteTable(
  'rule_firings',
  {
    rule: text('rule').notNull(),
    subject: text('subject').notNull(),
    step: text('step').notNull(),
    cycle: integer('cycle').notNull(),
    firedAt: integer('fired_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.rule, t.subject, t.step, t.cycle] })],
)

/** The timeline of a case: every event with its actor and time. */
export const caseEvents = sqliteTable(
  'case_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    at: integer('at').notNull(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    kind: text('kind', { enum: CASE_EVENT_KINDS }).notNull(),
    text: text('text').notNull().default(''),
  },
  (t) => [index('case_events_case').on(t.caseId, t.at)],
)

/** Every category correction, by staff (#改类) or by the reporter: what the classifier learns from. */
export const corrections = sqliteTable(
  'corrections',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    /** The report's text, as the classifier read it. */
    text: text('text').notNull(),
    fromCategory: text('from_category', { enum: CATEGORIES }).notNull(),
    toCategory: text('to_category', { enum: CATEGORIES }).notNull(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    source: text('source', { enum: CORRECTION_SOURCES }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('corrections_case').on(t.caseId, t.id)],
)

/** Images from reporters: attached to a case, or waiting up to 10 minutes for one. */
export const attachments = sqliteTable(
  'attachments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id').references(() => cases.id),
    roomId: text('room_id').notNull(),
    senderId: text('sender_id').notNull(),
    messageId: text('message_id').notNull().unique(),
    status: text('status', { enum: ['pending', 'stored', 'failed'] })
      .notNull()
      .default('pending'),
    path: text('path'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('attachments_sender').on(t.roomId, t.senderId, t.createdAt), index('attachments_status').on(t.status)],
)

/** Inbound message ids already handled: Wechaty may deliver a message again. */
export const inboundMessages = sqliteTable('inbound_messages', {
  messageId: text('message_id').primaryKey(),
  receivedAt: integer('received_at').notNull(),
})

/** A problem-like message waiting for its author's 是. */
export const pendingReports = sqliteTable(
  'pending_reports',
  {
    roomId: text('room_id').notNull(),
    contactId: text('contact_id').notNull(),
    text: text('text').notNull(),
    messageId: text('message_id').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.contactId] })],
)

/** Everything the bot says, persisted until sent. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conversationId: text('conversation_id').notNull(),
    isRoom: integer('is_room', { mode: 'boolean' }).notNull(),
    /** A text, or a case photo (the stored file of `attachmentId`) forwarded to a handler. */
    kind: text('kind', { enum: OUTBOX_KINDS }).notNull().default('text'),
    attachmentId: integer('attachment_id'),
    text: text('text').notNull(),
    mentionIds: text('mention_ids', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    priority: text('priority', { enum: ['urgent', 'reply', 'push'] }).notNull(),
    notBefore: integer('not_before').notNull(),
    /** `held`: a photo waiting for its download; queued once the file is stored (failed if it never is). */
    status: text('status', { enum: ['queued', 'held', 'sent', 'failed'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    /**
     * Fair-queuing round within the priority class: a lane's next row goes one round after its last queued
     * one, but never before the class's current head, so conversations (and members in a group) take turns.
     */
    turn: integer('turn').notNull().default(0),
    /** Who takes turns: the conversation, or for a reply in a group, `<group>/<member answered>`. */
    lane: text('lane').notNull().default(''),
    /** The account that sends it (null: none could be chosen when it was queued; the first account takes it). */
    account: text('account'),
    /** Order among pushes: escalations 0, notices 1, reminders 2, digests 3; a row moves up one step per 15 minutes waiting. */
    rank: integer('rank').notNull().default(0),
  },
  (t) => [
    index('outbox_due').on(t.status, t.notBefore),
    index('outbox_turn').on(t.status, t.priority, t.turn, t.notBefore),
    index('outbox_lane').on(t.lane, t.status, t.priority, t.turn),
    index('outbox_account_turn').on(t.status, t.account, t.priority, t.turn, t.notBefore),
    index('outbox_attachment')
      .on(t.attachmentId)
      .where(sql`${t.attachmentId} is not null`),
  ],
)

/** A notice broadcast by a leader or staff to one or more grid groups. */
export const notices = sqliteTable(
  'notices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    authorId: text('author_id').notNull(),
    authorName: text('author_name').notNull(),
    /** Where #通知 was typed: the grid group itself, or a staff group. */
    sourceRoomId: text('source_room_id').notNull(),
    text: text('text').notNull(),
    /** The deadline understood from the text; null when it names none. */
    deadline: integer('deadline'),
    /** When the summary goes out: the deadline, or creation + closeWithoutDeadline. */
    closeAt: integer('close_at').notNull(),
    /** Automatic reminder rounds sent so far. */
    rounds: integer('rounds').notNull().default(0),
    /** Last reminder of any kind (#提醒 is allowed once per 10 minutes). */
    lastRemindAt: integer('last_remind_at'),
    /** When the rules next need to look at this notice; null once closed. */
    nextAt: integer('next_at'),
    closedAt: integer('closed_at'),
    closeReason: text('close_reason', { enum: NOTICE_CLOSE_REASONS }),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('notices_next')
      .on(t.nextAt)
      .where(sql`${t.nextAt} is not null`),
    index('notices_source').on(t.sourceRoomId, t.id),
    index('notices_author').on(t.authorId, t.id),
  ],
)

/** The grid groups a notice went to. */
export const noticeRooms = sqliteTable(
  'notice_rooms',
  {
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id),
    roomId: text('room_id').notNull(),
    gridId: integer('grid_id')
      .notNull()
      .references(() => grids.id),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.roomId] }), index('notice_rooms_room').on(t.roomId, t.noticeId)],
)

/** Who must acknowledge a notice (members present when it went out), and who did, when and how. */
export const noticeRecipients = sqliteTable(
  'notice_recipients',
  {
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id),
    contactId: text('contact_id').notNull(),
    roomId: text('room_id').notNull(),
    /** The group nickname, refreshed before each round. */
    name: text('name').notNull(),
    ackedAt: integer('acked_at'),
    ackHow: text('ack_how', { enum: ACK_METHODS }),
    /** The message that acknowledged, or who confirmed on the member's behalf. */
    ackText: text('ack_text'),
    ackById: text('ack_by_id'),
    /** Set when the member left the group: no longer chased or counted. */
    leftAt: integer('left_at'),
    /** The member's line number in the door-knocking list sent at the close (#代确认 <通知编号> 1 3 names them by it). */
    doorNo: integer('door_no'),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.contactId] }), index('notice_recipients_contact').on(t.contactId, t.roomId, t.noticeId)],
)

/**
 * The sandbox's clock: how far it was moved ahead of the wall clock (the console's +30分钟/+1小时/+1天), kept with
 * the data so a restart resumes where it was. One row (id 1) in a sandbox's database; none in production.
 */
export const sandboxClock = sqliteTable('sandbox_clock', {
  id: integer('id').primaryKey(),
  offsetMs: integer('offset_ms').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

/** Elders looked after (平安打卡): one row per contact; a signed-off one keeps its row and history. */
export const elders = sqliteTable(
  'elders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contactId: text('contact_id').notNull().unique(),
    name: text('name').notNull(),
    /** How the nudge addresses them (王阿姨); the name when null. */
    call: text('call'),
    nickname: text('nickname').notNull(),
    /** Building-unit-room from the nickname, '' when none. */
    place: text('place').notNull().default(''),
    gridId: integer('grid_id')
      .notNull()
      .references(() => grids.id),
    communityId: integer('community_id').notNull(),
    streetId: integer('street_id'),
    /** The grid group they were found in. */
    roomId: text('room_id').notNull(),
    /** Minutes after local midnight. */
    checkBy: integer('check_by').notNull(),
    tier: text('tier', { enum: ELDER_TIERS }).notNull(),
    /** Away from one day to another, both included (`2026-11-23`). */
    awayFrom: text('away_from'),
    awayTo: text('away_to'),
    /** The day whose check the rule is on, and when it next looks (null once signed off). */
    day: text('day').notNull(),
    nextAt: integer('next_at'),
    /** When this looking-after began (a sign-up or a restart after #取消关爱). */
    since: integer('since').notNull(),
    createdAt: integer('created_at').notNull(),
    createdById: text('created_by_id').notNull(),
    createdByName: text('created_by_name').notNull(),
    updatedAt: integer('updated_at').notNull(),
    stoppedAt: integer('stopped_at'),
  },
  (t) => [
    index('elders_next')
      .on(t.nextAt)
      .where(sql`${t.nextAt} is not null`),
    index('elders_community').on(t.communityId, t.nextAt),
    index('elders_grid').on(t.gridId),
  ],
)

/** Family members who may sign for an elder and are told when a sign is missed. */
export const elderFamily = sqliteTable(
  'elder_family',
  {
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    contactId: text('contact_id').notNull(),
    name: text('name').notNull(),
    addedById: text('added_by_id').notNull(),
    addedAt: integer('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.elderId, t.contactId] }), index('elder_family_contact').on(t.contactId)],
)

/** One elder's check on one day: the sign, or the chase (missed → nudge → worker's list → community) and how it ended. */
export const elderDays = sqliteTable(
  'elder_days',
  {
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    day: text('day').notNull(),
    dueAt: integer('due_at').notNull(),
    signedAt: integer('signed_at'),
    signedHow: text('signed_how', { enum: SIGN_SOURCES }),
    signedById: text('signed_by_id'),
    /** Not judged: away, or the bot offline during the window. */
    outcome: text('outcome', { enum: ELDER_DAY_OUTCOMES }),
    missedAt: integer('missed_at'),
    nudgedAt: integer('nudged_at'),
    listedAt: integer('listed_at'),
    escalatedAt: integer('escalated_at'),
    visitedAt: integer('visited_at'),
    visitedByName: text('visited_by_name'),
    visitNote: text('visit_note'),
    endedAt: integer('ended_at'),
    endReason: text('end_reason', { enum: CHASE_ENDS }),
  },
  (t) => [
    primaryKey({ columns: [t.elderId, t.day] }),
    index('elder_days_due').on(t.dueAt),
    index('elder_days_escalated')
      .on(t.escalatedAt)
      .where(sql`${t.escalatedAt} is not null`),
  ],
)

/** An elder's timeline: sign-up, family, away, late signs, every step of a chase, visits, sign-off. */
export const elderEvents = sqliteTable(
  'elder_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    elderId: integer('elder_id')
      .notNull()
      .references(() => elders.id),
    at: integer('at').notNull(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    kind: text('kind', { enum: ELDER_EVENT_KINDS }).notNull(),
    text: text('text').notNull().default(''),
  },
  (t) => [index('elder_events_elder').on(t.elderId, t.at)],
)

/** When the bot was online (logged in, connection not found dead): a day's check is judged only when it was. */
export const presence = sqliteTable('presence', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  startedAt: integer('started_at').notNull(),
  lastAt: integer('last_at').notNull(),
})

/** The WeChat accounts the bot runs as (GRIDBOT_ACCOUNTS), with what doctor and the failover need to know of each. */
export const accounts = sqliteTable('accounts', {
  name: text('name').primaryKey(),
  /** Order in GRIDBOT_ACCOUNTS: the first listed is preferred. */
  position: integer('position').notNull(),
  standby: integer('standby', { mode: 'boolean' }).notNull().default(false),
  /** The account's WeChat id, known from its first login. */
  contactId: text('contact_id'),
  loggedIn: integer('logged_in', { mode: 'boolean' }).notNull().default(false),
  /** False once sends fail, WeChat throttles it again and again, or it keeps logging out: its groups are carried by others. */
  healthy: integer('healthy', { mode: 'boolean' }).notNull().default(true),
  lastLoginAt: integer('last_login_at'),
  lastSentAt: integer('last_sent_at'),
  lastFailedAt: integer('last_failed_at'),
  updatedAt: integer('updated_at').notNull(),
})
