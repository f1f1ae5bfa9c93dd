import { existsSync, readdirSync, statfsSync, statSync } from 'node:fs'
import { Socket } from 'node:net'
import { join } from 'node:path'
import { formatShort, isValidTimeZone } from '../clock.js'
import { ConfigError, isSandbox, loadConfig, type Config } from '../config.js'
import {
  inspectDatabase,
  inspectOrganisation,
  migrationStatus,
  probeWrite,
  type OrganisationGaps,
  type WriteProblem,
} from '../store/database.js'
import { storedClockLead } from '../store/sandbox-clock-repo.js'
import { inspectAccounts } from '../store/accounts-report.js'
import { cliText } from '../text/cli.js'

const t = cliText.doctor
const N = t.names

/** One line of the doctor's screen; a warning (`warn`) is shown but does not fail the exit code. */
export interface Check {
  ok: boolean
  name: string
  detail: string
  warn?: boolean
}

/** True when a TCP connection to host:port opens within `ms`. */
function reachable(endpoint: string, ms: number): Promise<boolean> {
  const m = /^(?:[a-z]+:\/\/)?([^:/]+|\[[^\]]+\]):(\d+)$/i.exec(endpoint.trim())
  if (!m) return Promise.resolve(false)
  return new Promise((resolve) => {
    const socket = new Socket()
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(ms, () => done(false))
    socket.once('error', () => done(false))
    socket.connect(Number(m[2]), m[1]!.replace(/^\[|\]$/g, ''), () => done(true))
  })
}

/** Settings, database, migrations, table sizes, puppet service, time zone, disk and backups, checked without changing anything. */
export async function runDoctor(env: NodeJS.ProcessEnv, now: number): Promise<Check[]> {
  const checks: Check[] = []
  let config: Config
  try {
    config = loadConfig(env)
    checks.push({ ok: true, name: N.settings, detail: t.settingsOk(env.GRIDBOT_CONFIG) })
  } catch (err) {
    checks.push({ ok: false, name: N.settings, detail: err instanceof ConfigError ? err.message : String(err) })
    return checks
  }

  if (!existsSync(config.dbFile)) {
    checks.push({ ok: false, name: N.database, detail: t.dbMissing(config.dbFile) })
  } else {
    try {
      const { integrity, counts, outbox } = inspectDatabase(config.dbFile)
      const sizeMb = (statSync(config.dbFile).size / 2 ** 20).toFixed(1)
      checks.push({ ok: integrity === 'ok', name: N.database, detail: t.dbOk(config.dbFile, sizeMb, integrity, counts) })
      checks.push(writeCheck(config.dbFile, probeWrite(config.dbFile)))
      const m = migrationStatus(config.dbFile)
      checks.push(
        m.pending.length
          ? { ok: false, name: N.migrations, detail: t.migrationsPending(m.applied, m.total, m.pending) }
          : { ok: true, name: N.migrations, detail: t.migrationsOk(m.applied, m.total) },
      )
      checks.push({ ok: true, name: N.tableSizes, detail: t.tableSizes(counts.inboundMessages, outbox) })
      const org = organisationCheck(inspectOrganisation(config.dbFile))
      if (org) checks.push(org)
      checks.push(...accountChecks(config, inspectAccounts(config.dbFile, now)))
    } catch (err) {
      checks.push({ ok: false, name: N.database, detail: t.dbUnreadable(config.dbFile, (err as Error).message) })
    }
  }

  if (config.accounts.length > 1 || env.GRIDBOT_ACCOUNTS?.trim()) {
    for (const a of config.accounts) {
      const ok = a.endpoint ? await reachable(a.endpoint, 3_000) : true
      checks.push({ ok, name: N.wechat, detail: a.endpoint ? t.accountEndpoint(a.name, a.endpoint, ok) : t.accountTokenOnly(a.name) })
    }
  } else if (!config.puppetToken) {
    checks.push({ ok: true, name: N.wechat, detail: t.noToken })
  } else if (config.puppetEndpoint) {
    const ok = await reachable(config.puppetEndpoint, 3_000)
    checks.push({ ok, name: N.wechat, detail: t.endpoint(config.puppetEndpoint, ok) })
  } else {
    checks.push({ ok: true, name: N.wechat, detail: t.tokenOnly })
  }

  // A sandbox's database runs on the sandbox's clock: "now" is its time, as the bot and the other commands see it.
  const lead = existsSync(config.dbFile) ? storedClockLead(config.dbFile, { now: () => now }) : undefined
  checks.push(
    isValidTimeZone(config.timeZone)
      ? { ok: true, name: N.timeZone, detail: t.timeZoneOk(config.timeZone, formatShort(now + (lead ?? 0), config.timeZone), lead) }
      : { ok: false, name: N.timeZone, detail: t.timeZoneBad(config.timeZone) },
  )

  try {
    const fs = statfsSync(existsSync(config.dataDir) ? config.dataDir : '.')
    const freeGb = (fs.bavail * fs.bsize) / 2 ** 30
    checks.push({ ok: freeGb >= 1, name: N.disk, detail: t.diskFree(config.dataDir, freeGb) })
  } catch (err) {
    checks.push({ ok: false, name: N.disk, detail: t.diskError(config.dataDir, (err as Error).message) })
  }

  const backups = join(config.dataDir, 'backups')
  const files = existsSync(backups)
    ? readdirSync(backups)
        .filter((f) => f.endsWith('.db'))
        .sort()
    : []
  checks.push({ ok: true, name: N.backups, detail: files.length ? t.backups(files.length, files[files.length - 1]!) : t.noBackups })
  return checks
}

/**
 * Levels nobody can be told at and departments nobody handles, as a warning (the bot runs, but 催办, 督办, #上报
 * and #派单 reach nobody there); nothing while the organisation is empty.
 */
function organisationCheck(o: OrganisationGaps): Check | undefined {
  if (!o.communities && !o.streets && !o.departments) return undefined
  const gaps = [
    o.communitiesWithoutGroup.length ? t.orgCommunities(o.communitiesWithoutGroup) : '',
    o.streetsWithoutGroup.length ? t.orgStreets(o.streetsWithoutGroup) : '',
    o.departmentsWithoutHandlers.length ? t.orgNoHandlers(o.departmentsWithoutHandlers) : '',
    o.departmentsWithoutGroup.length ? t.orgNoGroup(o.departmentsWithoutGroup) : '',
  ].filter(Boolean)
  return gaps.length
    ? { ok: true, warn: true, name: N.organisation, detail: gaps.join('；') }
    : { ok: true, name: N.organisation, detail: t.orgOk(o.communities, o.streets, o.departments) }
}

/** Each account as the bot last recorded it; a warning line for group messages no account can send. */
function accountChecks(config: Config, r: ReturnType<typeof inspectAccounts>): Check[] {
  if (isSandbox(config)) return []
  const lines: Check[] = r.accounts.map((a) => ({
    ok: a.loggedIn && a.healthy,
    name: N.account,
    detail: t.account(a, a.lastSentAt === null ? null : formatShort(a.lastSentAt, config.timeZone)),
  }))
  if (r.waiting) lines.push({ ok: false, name: N.account, detail: t.accountsWaiting(r.waiting) })
  return lines
}

/** Whether the bot could store a message now (a write rolled back, and room on the disk). */
function writeCheck(file: string, p: WriteProblem | undefined): Check {
  const name = N.write
  if (!p) return { ok: true, name, detail: t.writeOk }
  if (p.problem === 'full') return { ok: false, name, detail: t.writeFull(Math.floor(p.freeBytes / 1024)) }
  if (p.problem === 'readonly') return { ok: false, name, detail: t.writeReadonly(file, p.message) }
  if (p.problem === 'busy') return { ok: false, name, detail: t.writeBusy(p.message) }
  return { ok: false, name, detail: t.writeFailed(p.message) }
}

/** The doctor's screen: one line a check. */
export function formatChecks(checks: Check[]): string {
  return checks.map((c) => t.line(c.ok, c.name, c.detail, c.warn)).join('\n')
}
