import Database from 'better-sqlite3'

/** One account as doctor shows it, read from the bot's database. */
export interface AccountReport {
  name: string
  standby: boolean
  loggedIn: boolean
  healthy: boolean
  lastSentAt: number | null
  queued: number
  groupsOwned: number
  sentLastHour: number
}

/**
 * Each account's state as the running bot last recorded it (logged in, healthy, last successful send), its queue,
 * the groups it owns and its sends in the hour before `now`; and the group messages no account can send. Read-only;
 * empty before the bot first ran with this version.
 */
export function inspectAccounts(file: string, now: number): { accounts: AccountReport[]; waiting: number } {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const hasTable = sqlite.prepare(`select 1 from sqlite_master where type = 'table' and name = 'accounts'`).get()
    if (!hasTable) return { accounts: [], waiting: 0 }
    const rows = sqlite
      .prepare(
        `select a.name, a.standby, a.logged_in as loggedIn, a.healthy, a.last_sent_at as lastSentAt,
          (select count(*) from outbox o where o.account = a.name and o.status in ('queued', 'held')) as queued,
          (select count(*) from groups g where g.account = a.name) as groupsOwned,
          (select count(*) from outbox o where o.account = a.name and o.status = 'sent' and o.sent_at > ?) as sentLastHour
        from accounts a order by a.position`,
      )
      .all(now - 3_600_000) as (Omit<AccountReport, 'standby' | 'loggedIn' | 'healthy'> & {
      standby: number
      loggedIn: number
      healthy: number
    })[]
    const waiting = (
      sqlite.prepare(`select count(*) as n from outbox where status = 'queued' and account is null and is_room = 1`).get() as { n: number }
    ).n
    return {
      accounts: rows.map((r) => ({ ...r, standby: r.standby === 1, loggedIn: r.loggedIn === 1, healthy: r.healthy === 1 })),
      // With one account, rows need none: only several accounts leave group messages without one.
      waiting: rows.length > 1 ? waiting : 0,
    }
  } finally {
    sqlite.close()
  }
}
