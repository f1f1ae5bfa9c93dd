import { formatLocation, isHomeOnly, isInBuildingOnly } from '../parse/location.js'
import { analyzeReport } from '../parse/report.js'
import { caseText } from '../text/cases.js'
import { commonText } from '../text/common.js'
import { alertCommunity } from './alert-community.js'
import { initialDeadlines } from './clocks.js'
import type { CoreDeps } from './core.js'
import { firstRungAt } from './ladder.js'
import type { Case, GroupInfo, InboundMessage, Member, Outgoing } from './model.js'
import { replyTo, toContact } from './outgoing.js'
import { refuse } from './refusal.js'
import { ATTACH_WINDOW, forwardPhotos } from './photos.js'
import { toCommunityStaff } from './staff-groups.js'
import { COMMUNITY_LEVEL, GRID_LEVEL, type Location, type Role } from './types.js'

export const DEFAULT_MAX_REPORT_CHARS = 500

/** A filed case: its number, what to say, and the photos to fetch after commit. */
export interface Filed {
  caseId: number
  out: Outgoing[]
  photos: number[]
}

/** Who gets a new case: the routed role in the grid (网格员 by default), else community staff. */
export function routeCase(
  deps: Pick<CoreDeps, 'repos'>,
  group: GroupInfo,
  role: Role,
): { id: string; name: string; label: string; level: number } | null {
  const dir = deps.repos.directory
  // Someone in none of the bot's groups cannot be reached (nor hold a role for long): the next in line gets it.
  const reachable = (h: { contactId: string }) => deps.repos.members.roomsOf(h.contactId).length > 0
  const inGrid = group.gridId && (role === 'worker' || role === 'leader') ? dir.holders('grid', group.gridId, role) : []
  const pick =
    inGrid.find(reachable) ?? (group.communityId ? dir.holders('community', group.communityId, 'community').find(reachable) : undefined)
  if (!pick) return null
  const labels = caseText.report.handlerLabel
  const community = pick.role === 'community'
  return {
    id: pick.contactId,
    name: pick.name,
    label: community ? labels.community(pick.name) : labels[role === 'leader' ? 'leader' : 'worker'](pick.name),
    level: community ? COMMUNITY_LEVEL : GRID_LEVEL,
  }
}

/** The grid group a report belongs to: this group, or for a private chat the sender's only grid group. Refuses otherwise. */
export function reportGroup(deps: Pick<CoreDeps, 'repos'>, m: InboundMessage): GroupInfo {
  const dir = deps.repos.directory
  if (m.roomId) {
    const g = dir.group(m.roomId)
    if (g?.kind === 'grid' && g.gridId) return g
    refuse(g?.kind ? caseText.report.inGridGroup : caseText.report.notAGridGroup)
  }
  const gridGroups = deps.repos.members
    .roomsOf(m.senderId)
    .map((r) => dir.group(r))
    .filter((g) => g?.kind === 'grid')
  return gridGroups.length === 1 ? gridGroups[0]! : refuse(caseText.report.inGridGroup)
}

/**
 * Where a report is: as written; when it names only a home (楼上, 卫生间, nothing at all), the reporter's home from
 * their nickname; when it names only a spot inside a building (楼道, 电梯), their building and unit but not their flat.
 */
function locate(written: Location, member: Member | undefined): { location: Location; fromNickname: boolean } {
  if (!member?.building) return { location: written, fromNickname: false }
  if (isHomeOnly(written)) {
    const home = { building: member.building, ...(member.unit ? { unit: member.unit } : {}), ...(member.room ? { room: member.room } : {}) }
    return { location: { ...written, ...home }, fromNickname: true }
  }
  if (isInBuildingOnly(written)) {
    return { location: { building: member.building, ...(member.unit ? { unit: member.unit } : {}), ...written }, fromNickname: true }
  }
  return { location: written, fromNickname: false }
}

/** Files a case from a report text: stores it, assigns it, and says so to reporter, handler and (urgent) community. */
export function fileCase(deps: CoreDeps, m: InboundMessage, text: string, sourceMessageId: string, now: number): Filed {
  const max = deps.maxReportChars ?? DEFAULT_MAX_REPORT_CHARS
  if (text.length > max) refuse(commonText.tooLong(max))
  const group = reportGroup(deps, m)
  const repos = deps.repos
  const analysis = analyzeReport(text)
  const member = repos.members.get(group.roomId, m.senderId)
  const { location, fromNickname } = locate(analysis.location, member)
  const handler = routeCase(deps, group, deps.policy.routes[analysis.category] ?? 'worker')
  const deadlines = initialDeadlines(deps.policy, analysis.category, analysis.urgency, now, deps.timeZone)
  const fresh = { state: 'new' as const, acceptedAt: null, respondedAt: null, resolvedAt: null, ...analysis, ...deadlines }
  const created = repos.cases.create({
    ...deadlines,
    nextRuleAt: firstRungAt(fresh, deps.policy),
    gridId: group.gridId!,
    communityId: group.communityId,
    streetId: group.streetId,
    roomId: group.roomId,
    reporterId: m.senderId,
    reporterName: member?.nickname ?? m.senderName,
    text,
    category: analysis.category,
    urgency: analysis.urgency,
    location,
    locationFromNickname: fromNickname,
    filedPrivately: m.roomId === null,
    assigneeId: handler?.id ?? null,
    assigneeName: handler?.name ?? null,
    // Nobody in the grid could take it: the community owns it (its staff, or its staff group to dispatch).
    level: handler?.level ?? COMMUNITY_LEVEL,
    sourceMessageId,
    createdAt: now,
  })
  if (handler) {
    repos.cases.addEvent(created.id, { at: now, actorId: deps.bot.id, actorName: deps.bot.name, kind: 'assigned', text: handler.label })
  }
  // Photos sent just before, in the chat the report is made in (a private chat's are kept under '').
  const photos = repos.cases.adoptAttachments(created.id, m.roomId ?? '', m.senderId, now - ATTACH_WINDOW)
  return { caseId: created.id, out: announce(deps, m, created, group, handler, photos, now), photos }
}

/**
 * What a new case says: the confirmation to the reporter; the case to its handler; to the community staff group
 * an urgent case at once, or one nobody in the grid could take. The reporter hears 已同时通知社区 only when a
 * staff group actually got the alert (then the urgent-alert rule needs not send it again).
 */
function announce(
  deps: CoreDeps,
  m: InboundMessage,
  c: Case,
  group: GroupInfo,
  handler: ReturnType<typeof routeCase>,
  photos: number[],
  now: number,
): Outgoing[] {
  const t = caseText.report
  const where = formatLocation(c.location)
  const urgent = c.urgency === 'urgent'
  const gridLabel = `${group.communityName ?? ''}${group.gridName ?? ''}`
  const toStaff = urgent
    ? alertCommunity(deps, c, gridLabel, now)
    : group.communityId && !handler
      ? toCommunityStaff(
          deps,
          group.communityId,
          t.toHandler(c.id, false, c.category, gridLabel, where, c.reporterName, c.text, { count: photos.length, forwarded: false }),
          'push',
        )
      : []
  const confirmation = t.filed(c.id, c.category, where, handler?.label ?? null, photos.length)
  const out = [replyTo(m, urgent && toStaff.length ? `${confirmation}\n${t.urgentSuffix}` : confirmation, urgent ? 'urgent' : 'reply')]
  if (handler) {
    const forwarded = handler.id !== c.reporterId
    const text = t.toHandler(c.id, urgent, c.category, gridLabel, where, c.reporterName, c.text, { count: photos.length, forwarded })
    out.push(toContact(handler.id, text, urgent ? 'urgent' : 'push'), ...(forwarded ? forwardPhotos(c, handler.id, photos) : []))
  }
  return [...out, ...toStaff]
}
