import type { Room, Wechaty } from 'wechaty'
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

/** Reads members and group nicknames of one group into the store. Returns the member count. */
export async function syncRoom(room: Room, repos: Repos, clock: Clock, opts: SyncOptions = {}): Promise<number> {
  if (opts.refresh) await room.sync()
  const [topic, members] = await Promise.all([room.topic(), room.memberAll()])
  const entries: RosterEntry[] = await Promise.all(
    members.map(async (c) => {
      const alias = await room.alias(c).catch(() => undefined)
      opts.nicknames?.set(room.id, c.id, alias)
      return rosterEntry(c.id, alias || c.name() || c.id)
    }),
  )
  const now = clock.now()
  repos.transaction(() => {
    repos.directory.touchGroup(room.id, topic, now)
    // The first of our accounts to see a group owns it (a standby never claims one).
    if (opts.claimAs) repos.accounts.claim(room.id, opts.claimAs, now)
    applyRoster(repos, room.id, entries, now)
  })
  return entries.length
}

/** Syncs every group the bot is in; one failing group does not stop the rest. */
export async function syncAllRooms(bot: Wechaty, repos: Repos, clock: Clock, log: Logger, opts: SyncOptions = {}): Promise<void> {
  const rooms = await bot.Room.findAll()
  const started = Date.now()
  let members = 0
  for (const room of rooms) {
    try {
      members += await syncRoom(room, repos, clock, opts)
    } catch (err) {
      log.warn({ roomId: room.id, err }, 'roster sync failed for a group')
    }
  }
  log.info({ rooms: rooms.length, members, ms: Date.now() - started }, 'roster synced')
}
