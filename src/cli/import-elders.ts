import { clockTime, EARLIEST_CHECK_BY, LATEST_CHECK_BY } from '../domain/elder-days.js'
import { elderEvent, membersNamed, scheduleFor } from '../domain/elders.js'
import type { Member } from '../domain/model.js'
import type { Policy } from '../domain/policy.js'
import type { ElderTier } from '../domain/types.js'
import { parseCheckTime, parseTier, placeOf } from '../parse/elder-words.js'
import type { Repos } from '../store/repos.js'
import { cliText } from '../text/cli.js'
import { elderText } from '../text/elders.js'

const t = cliText.importDirectory

type Path = (string | number)[]

/** One `elders:` entry as read from the file. */
export interface ElderEntry {
  grid: [string, string]
  member: string
  checkBy?: number
  tier?: ElderTier
  call?: string
  family: string[]
  path: Path
}

/** What reading an entry needs from the directory import: its value readers and its way to fail with a line. */
export interface EntryReader {
  obj(v: unknown, path: Path): Record<string, unknown>
  str(o: Record<string, unknown>, key: string, path: Path, required: boolean): string | undefined
  list(v: unknown, path: Path): unknown[]
  fail(path: Path, message: string): never
  /** True when the grid is in the file or the database. */
  hasGrid(community: string, grid: string): boolean
}

/** Reads and checks one `elders:` entry (`{ grid: 阳光社区 1号网格, member: 6-3-303 冯雪, time: "8:00", tier: 红, family: [冯小明] }`). */
export function readElder(r: EntryReader, v: unknown, path: Path): ElderEntry {
  const o = r.obj(v, path)
  const grid = r.str(o, 'grid', path, true)!.split(/\s+/)
  if (grid.length !== 2) r.fail([...path, 'grid'], t.gridFormat)
  const [community, gridName] = grid as [string, string]
  if (!r.hasGrid(community, gridName)) r.fail([...path, 'grid'], t.noGrid(community, gridName))
  const entry: ElderEntry = { grid: [community, gridName], member: r.str(o, 'member', path, true)!, family: [], path }
  const time = r.str(o, 'time', path, false)
  if (time !== undefined) {
    const m = parseCheckTime(time)
    if (m === undefined || m < EARLIEST_CHECK_BY || m > LATEST_CHECK_BY) r.fail([...path, 'time'], t.badTime(time))
    entry.checkBy = m
  }
  const tier = r.str(o, 'tier', path, false)
  if (tier !== undefined) entry.tier = parseTier(tier) ?? r.fail([...path, 'tier'], t.badTier(tier))
  const call = r.str(o, 'call', path, false)
  if (call) entry.call = call
  const family = typeof o.family === 'string' ? [o.family] : r.list(o.family, [...path, 'family'])
  entry.family = family.map((f, i) => {
    if (typeof f !== 'string' || !f.trim()) return r.fail([...path, 'family', i], t.notText('family'))
    return f.trim()
  })
  return entry
}

/**
 * Signs up the elders of a file inside the import's transaction: each is looked for among the members of their
 * grid's groups (by room and name), family first in the same groups, then in any group. Someone not found yet is
 * listed, not an error (the bot may not be in the group yet); two people who fit is an error naming the line.
 * An elder already signed up as the file says is left alone, so importing again changes nothing.
 */
export function importElders(
  repos: Repos,
  entries: ElderEntry[],
  now: number,
  o: { timeZone: string; policy: Policy; fail: (path: Path, message: string) => never },
): { elders: number; unseen: string[] } {
  const unseen: string[] = []
  const by = { id: t.importedBy, name: t.importedBy }
  let count = 0
  for (const x of entries) {
    const communityId = repos.directory.upsertCommunity(x.grid[0])
    const gridId = repos.directory.upsertGrid(communityId, x.grid[1])
    const groups = repos.directory.gridGroups({ communityId }).filter((g) => g.gridId === gridId)
    const rooms = new Set(groups.map((g) => g.roomId))
    const found = distinct(membersNamed(repos, x.member.split(/\s+/)).filter((m) => rooms.has(m.roomId)))
    if (found.length === 0) {
      unseen.push(`${x.grid[1]} ${x.member}`)
      continue
    }
    if (found.length > 1)
      o.fail(
        [...x.path, 'member'],
        t.elderSeveral(
          x.member,
          found.map((m) => m.nickname),
        ),
      )
    const m = found[0]!
    const group = groups.find((g) => g.roomId === m.roomId)!
    const before = repos.elders.byContact(m.contactId)
    const checkBy = x.checkBy ?? before?.checkBy ?? o.policy.elders.checkBy
    const tier = x.tier ?? before?.tier ?? 'yellow'
    const same =
      before && before.gridId === gridId && before.checkBy === checkBy && before.tier === tier && (x.call ?? before.call) === before.call
    if (!same) {
      const open = before ? repos.elders.openChases(before.id).length > 0 : false
      const schedule = open && before ? { day: before.day, nextAt: now } : scheduleFor(now, checkBy, o.timeZone)
      const r = repos.elders.upsert(
        {
          contactId: m.contactId,
          name: m.name,
          nickname: m.nickname,
          place: placeOf(m),
          gridId,
          communityId,
          streetId: group.streetId,
          roomId: m.roomId,
          checkBy,
          tier,
          ...(x.call ? { call: x.call } : {}),
        },
        schedule,
        by,
        now,
      )
      elderEvent({ repos }, r.elder, r.created ? 'signed-up' : 'updated', by, now, elderText.events.signedUp(clockTime(checkBy), tier))
    }
    const elder = repos.elders.byContact(m.contactId)!
    for (const [i, name] of x.family.entries()) {
      const sameGroup = distinct(repos.members.byName(name).filter((f) => rooms.has(f.roomId) && f.contactId !== m.contactId))
      const anywhere = sameGroup.length ? sameGroup : distinct(repos.members.byName(name).filter((f) => f.contactId !== m.contactId))
      if (anywhere.length === 0) {
        unseen.push(name)
        continue
      }
      if (anywhere.length > 1) o.fail([...x.path, 'family', i], t.familySeveral(name))
      const f = anywhere[0]!
      if (repos.elders.addFamily(elder.id, { contactId: f.contactId, name: f.name }, by.id, now))
        elderEvent({ repos }, elder, 'family', by, now, f.name)
    }
    count++
  }
  return { elders: count, unseen }
}

/** One member per contact (the same person may be in several groups). */
function distinct(list: Member[]): Member[] {
  return [...new Map(list.map((m) => [m.contactId, m])).values()]
}
