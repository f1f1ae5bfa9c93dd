import type { Wechaty } from 'wechaty'
import type { Clock } from '../clock.js'
import type { Logger } from '../logger.js'
import type { NicknameCache } from './to-inbound-message.js'
import type { RosterEntry } from '../domain/model.js'
import type { Repos } from '../domain/ports.js'
import { applyRoster, rosterEntry } from '../domain/roster.js'

/** How a sync reads: room.sync() first (refresh), the nickname cache to fill, the account that claims unowned groups. */
export interface SyncOptions {
  refresh?: boolean
  nicknames?: NicknameCache
  claimAs?: string
}

/** Member payloads read at once per group (each a round trip to the puppet service). */
const MEMBER_READS = 32
/**
 * Member payloads read at once in the whole process, every account together. Forty accounts logging in at once
 * with 16 each kept 640 reads in flight: the services answered the heartbeats a minute late, Wechaty's watchdog
 * reset the connections, and the accounts restarted mid-sync. A shared gate keeps the line responsive.
 */
const PROCESS_READS = 64
const gate = createGate(PROCESS_READS)

/** At most `limit` of the wrapped calls run at once; the rest wait in order. */
function createGate(limit: number) {
  let running = 0
  const waiting: (() => void)[] = []
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve))
    else running++
    try {
      return await fn()
    } finally {
      const next = waiting.shift()
      if (next) next()
      else running--
    }
  }
}
/**
 * A login's groups whose roster read failed are read again after these pauses (a busy service times some reads
 * out when a whole district logs in at once); what still fails waits for the 30-minute sync.
 */
export const ROSTER_RETRY_MS = [5_000, 30_000, 120_000]

/** A full read of an account's rosters this recent makes the periodic one (every 30 minutes) skip a round. */
export const ROSTERS_FRESH_MS = 25 * 60_000

/** Runs `fn` over `items`, at most `limit` at a time, results in order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}

/** Records the group (topic, and its owner when an account claims it): cheap, so a group is answered before its roster is read. */
function touch(roomId: string, topic: string, repos: Repos, clock: Clock, opts: SyncOptions): void {
  const now = clock.now()
  repos.transaction(() => {
    repos.directory.touchGroup(roomId, topic, now)
    // The first of our accounts to see a group owns it (a standby never claims one).
    if (opts.claimAs) repos.accounts.claim(roomId, opts.claimAs, now)
  })
}

/**
 * Reads members and group nicknames of one group into the store. Returns the member count. Each member is its
 * room-member payload (it carries the name and the group nickname) and its contact payload (see below), read
 * through the puppet with a bounded number in flight: Wechaty's Room.find() and room.sync() read them all at once.
 */
export async function syncRoom(bot: Wechaty, roomId: string, repos: Repos, clock: Clock, opts: SyncOptions = {}): Promise<number> {
  const puppet = bot.puppet
  // A refresh drops the cached payloads and re-reads Wechaty's Room (its topic, its member list) as before.
  if (opts.refresh) await (await bot.Room.find({ id: roomId }))?.sync()
  const { topic } = await puppet.roomPayload(roomId)
  touch(roomId, topic, repos, clock, opts)
  const ids = await puppet.roomMemberList(roomId)
  const entries: RosterEntry[] = await mapLimited(ids, MEMBER_READS, async (id) => {
    // The contact payload too, into the service's cache: Wechaty emits a message only once its sender's contact is
    // loaded, so a member whose contact is cold has their first message emitted after the next ones (an admin's
    // #绑定网格 handled after the #设置 that follows it).
    const [member] = await gate(() => Promise.all([puppet.roomMemberPayload(roomId, id), puppet.contactPayload(id)]))
    opts.nicknames?.set(roomId, id, member.roomAlias || undefined)
    return rosterEntry(id, member.roomAlias || member.name || id)
  })
  repos.transaction(() => applyRoster(repos, roomId, entries, clock.now()))
  // Wechaty's own Room object, from the payloads just cached: a message is emitted only once its room is ready,
  // and a room first readied by its messages readies once per message, in any order.
  await bot.Room.find({ id: roomId })
  return entries.length
}

/**
 * Records (and claims) every group the account is in, without reading a roster: cheap, so all of them are answered
 * from the first moment. Returns the account's group ids; a group that cannot be recorded is logged and still listed.
 */
export async function recordAllRooms(bot: Wechaty, repos: Repos, clock: Clock, log: Logger, opts: SyncOptions = {}): Promise<string[]> {
  const puppet = bot.puppet
  const roomIds = await puppet.roomList()
  await mapLimited(roomIds, MEMBER_READS, async (roomId) => {
    try {
      touch(roomId, (await puppet.roomPayload(roomId)).topic, repos, clock, opts)
    } catch (err) {
      log.warn({ roomId, err }, 'cannot record a group')
    }
  })
  return roomIds
}

/** Syncs every group the account is in: every group recorded (and claimed) first, then the rosters read. */
export async function syncAllRooms(
  bot: Wechaty,
  repos: Repos,
  clock: Clock,
  log: Logger,
  opts: SyncOptions = {},
): Promise<{ members: number; failed: string[] }> {
  return syncRooms(bot, await recordAllRooms(bot, repos, clock, log, opts), repos, clock, log, opts)
}

/**
 * Reads these groups' rosters one after the other (a group's members 32 at a time, at most 64 in flight in the
 * process) and logs the totals; one failing group does not stop the rest. Returns the members read and the ids of
 * the groups that failed.
 */
export async function syncRooms(
  bot: Wechaty,
  roomIds: readonly string[],
  repos: Repos,
  clock: Clock,
  log: Logger,
  opts: SyncOptions = {},
): Promise<{ members: number; failed: string[] }> {
  const started = Date.now()
  let members = 0
  const failed: string[] = []
  for (const roomId of roomIds) {
    try {
      members += await syncRoom(bot, roomId, repos, clock, opts)
    } catch (err) {
      failed.push(roomId)
      log.warn({ roomId, err }, 'roster sync failed for a group')
    }
  }
  // Not for nothing read (the rules' tick asks each account for its notice groups, every minute, mostly none).
  if (roomIds.length) log.info({ rooms: roomIds.length, members, failed: failed.length, ms: Date.now() - started }, 'roster synced')
  return { members, failed }
}
