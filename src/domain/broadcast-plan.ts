import { formatShort, startOfLocalDay } from '../clock.js'
import type { CoreDeps } from './core.js'
import type { Outgoing, Priority } from './model.js'
import { toParts } from './outgoing.js'
import { isQuiet, quietEnd } from './quiet-hours.js'

/** How one account is paced (GRIDBOT_SEND_*). */
export interface Pacing {
  minGapMs: number
  jitterMs: number
  maxPerMinute: number
}

/** PRODUCT.md's pacing, when none is given. */
export const DEFAULT_PACING: Pacing = { minGapMs: 3000, jitterMs: 2000, maxPerMinute: 15 }

/** When a broadcast will be out: how many groups, through how many accounts, and when the last message goes. */
export interface BroadcastPlan {
  groups: number
  accounts: number
  lastAt: number
}

/**
 * The time one account takes per message: the gap with its jitter, or the per-minute cap if that is slower. The
 * jitter is uniform, but a run of short gaps meets the per-minute cap and waits, so the mean is a little above
 * half the jitter: 55% matched the real senders over 800 posts (bench/scenarios/district-notice.ts: 54.6 min for
 * one account at 3 s + 0–2 s and 15 a minute, where half the jitter says 53.3).
 */
export function messageInterval(p: Pacing): number {
  return Math.max(p.minGapMs + p.jitterMs * 0.55, 60_000 / p.maxPerMinute)
}

/**
 * Plans the group messages of a broadcast as the outbox will send them: each group's messages from the account
 * that will send them, behind what that account already has queued at the same priority or above, the accounts in
 * parallel, each at its own pace; pushes start when the quiet hours end. The last message of the slowest account
 * is when everyone has it.
 */
export function planBroadcast(deps: CoreDeps, out: Outgoing[], priority: Priority, now: number): BroadcastPlan {
  const pacing = deps.pacing ?? DEFAULT_PACING
  const rooms = out.filter((o) => o.isRoom)
  const perAccount = new Map<string, number>()
  for (const o of rooms) {
    const account = deps.repos.accounts.senderOf(o.conversationId) ?? ''
    perAccount.set(account, (perAccount.get(account) ?? 0) + toParts(o, deps.mentionsPerMessage).length)
  }
  const ahead = deps.repos.outbox.dueAhead(priority, now)
  const start =
    priority === 'push' && deps.quietHours && isQuiet(now, deps.quietHours, deps.timeZone)
      ? quietEnd(now, deps.quietHours, deps.timeZone)
      : now
  const interval = messageInterval(pacing)
  let lastAt = start
  for (const [account, n] of perAccount) lastAt = Math.max(lastAt, start + (n + (ahead.get(account) ?? 0) - 1) * interval)
  return {
    groups: new Set(rooms.map((o) => o.conversationId)).size,
    accounts: perAccount.size,
    lastAt: Math.ceil(lastAt / 60_000) * 60_000,
  }
}

/** `14:32` today, `12-02 07:31` another day: when the last message of a broadcast goes out. */
export function formatPlanTime(at: number, now: number, timeZone: string): string {
  const short = formatShort(at, timeZone)
  return startOfLocalDay(at, timeZone) === startOfLocalDay(now, timeZone) ? short.slice(6) : short
}
