import { MINUTE } from '../clock.js'
import { initialDeadlines } from '../domain/clocks.js'
import { firstRungAt } from '../domain/ladder.js'
import type { Role } from '../domain/types.js'
import { formatLocation, isHomeOnly } from '../parse/location.js'
import { analyzeReport } from '../parse/report.js'
import type { GroupInfo } from '../store/directory-repo.js'
import type { Priority } from '../store/outbox-repo.js'
import { msg } from './messages.js'
import { replyTo, toContact, toRoom } from './replies.js'
import type { CommandResult, CoreDeps, InboundMessage, Outgoing } from './types.js'

/** Images from the reporter within this window attach to their case. */
export const ATTACH_WINDOW = 10 * MINUTE
export const DEFAULT_MAX_REPORT_CHARS = 500

/** Who gets a new case: the routed role in the grid (网格员 by default), else community staff. */
export function routeCase(deps: CoreDeps, group: GroupInfo, role: Role): { id: string; name: string; label: string } | null {
  const dir = deps.repos.directory
  const inGrid = group.gridId && (role === 'worker' || role === 'leader') ? dir.holders('grid', group.gridId, role) : []
  const pick = inGrid[0] ?? (group.communityId ? dir.holders('community', group.communityId, 'community')[0] : undefined)
  if (!pick) return null
  return { id: pick.contactId, name: pick.name, label: pick.role === 'community' ? `社区${pick.name}` : `${role === 'leader' ? '网格长' : '网格员'}${pick.name}` }
}

/** The grid group a report belongs to: this group, or for a private chat the sender's only grid group. */
export function reportGroup(deps: CoreDeps, m: InboundMessage): GroupInfo | string {
  const dir = deps.repos.directory
  if (m.roomId) {
    const g = dir.group(m.roomId)
    if (g?.kind === 'grid' && g.gridId) return g
    return g?.kind === 'staff' ? msg.reportInGridGroup : msg.notAGridGroup
  }
  const gridGroups = deps.repos.members.roomsOf(m.senderId).map((r) => dir.group(r)).filter((g) => g?.kind === 'grid')
  return gridGroups.length === 1 ? gridGroups[0]! : msg.reportInGridGroup
}

/** Files a case from a report text: stores it, assigns it, and says so to reporter, handler and (urgent) community. */
export function fileCase(deps: CoreDeps, m: InboundMessage, text: string, sourceMessageId: string, now: number): CommandResult {
  const max = deps.maxReportChars ?? DEFAULT_MAX_REPORT_CHARS
  if (text.length > max) return { out: [replyTo(m, msg.tooLong(max))] }
  const group = reportGroup(deps, m)
  if (typeof group === 'string') return { out: [replyTo(m, group)] }
  const repos = deps.repos
  const analysis = analyzeReport(text)
  const member = repos.members.get(group.roomId, m.senderId)
  let location = analysis.location
  let fromNickname = false
  if (isHomeOnly(location) && member?.building) {
    location = { ...location, building: member.building, ...(member.unit ? { unit: member.unit } : {}), ...(member.room ? { room: member.room } : {}) }
    fromNickname = true
  }
  const handler = routeCase(deps, group, deps.policy.routes[analysis.category] ?? 'worker')
  const deadlines = initialDeadlines(deps.policy, analysis.category, analysis.urgency, now, deps.timeZone)
  const fresh = { state: 'new' as const, acceptedAt: null, respondedAt: null, resolvedAt: null, ...analysis, ...deadlines }
  const created = repos.cases.create({
    ...deadlines, nextRuleAt: firstRungAt(fresh, deps.policy),
    gridId: group.gridId!, communityId: group.communityId, streetId: group.streetId, roomId: group.roomId, reporterId: m.senderId, reporterName: member?.nickname ?? m.senderName,
    text, category: analysis.category, urgency: analysis.urgency, location, locationFromNickname: fromNickname,
    assigneeId: handler?.id ?? null, assigneeName: handler?.name ?? null, sourceMessageId, createdAt: now,
  })
  if (handler) {
    repos.cases.addEvent(created.id, { at: now, actorId: deps.bot.id, actorName: deps.bot.name, kind: 'assigned', text: handler.label })
  }
  const photos = repos.cases.adoptAttachments(created.id, group.roomId, m.senderId, now - ATTACH_WINDOW)
  const where = formatLocation(location)
  const urgent = analysis.urgency === 'urgent'
  const gridLabel = `${group.communityName ?? ''}${group.gridName ?? ''}`
  const toStaff = !group.communityId ? []
    : urgent ? toCommunityStaff(deps, group.communityId, msg.urgentForCommunity(created.id, analysis.category, gridLabel, where, handler?.name ?? null, text), 'urgent')
      : !handler ? toCommunityStaff(deps, group.communityId, msg.newCaseForHandler(created.id, false, analysis.category, gridLabel, where, created.reporterName, text), 'push')
        : []
  if (urgent && toStaff.length) repos.firings.claim('urgent-alert', `case:${created.id}`, 'sent', 0, now)
  const confirmation = msg.caseFiled(created.id, analysis.category, where, handler?.label ?? null, photos.length)
  // Say the community was told only when a staff group actually got the alert.
  const out: Outgoing[] = [replyTo(m, urgent && toStaff.length ? `${confirmation}\n${msg.urgentSuffix}` : confirmation, urgent ? 'urgent' : 'reply')]
  if (handler) {
    out.push(toContact(handler.id, msg.newCaseForHandler(created.id, urgent, analysis.category, gridLabel, where, created.reporterName, text), urgent ? 'urgent' : 'push'))
  }
  return { out: [...out, ...toStaff], fetchAttachments: photos }
}

/** A message to the community staff group(s), @-mentioning its 社区 staff who are in the group. */
export function toCommunityStaff(deps: Pick<CoreDeps, 'repos'>, communityId: number, text: string, priority: Priority): Outgoing[] {
  const staff = deps.repos.directory.holders('community', communityId, 'community').map((h) => h.contactId)
  return deps.repos.directory.staffGroups({ communityId }).map((roomId) => {
    const present = new Set(deps.repos.members.list(roomId).map((mm) => mm.contactId))
    return toRoom(roomId, text, staff.filter((id) => present.has(id)), priority)
  })
}
