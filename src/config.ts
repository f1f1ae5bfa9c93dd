import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { readAccountsFile, SINGLE_ACCOUNT, type AccountConfig } from './accounts-config.js'
import { isValidCron } from './cron.js'
import { DAY, HOUR, isValidTimeZone, MINUTE } from './clock.js'
import { parseDuration } from './domain/duration.js'
import { DEFAULT_POLICY, type Policy } from './domain/policy.js'
import type { QuietHours } from './domain/quiet-hours.js'
import { EARLIEST_CHECK_BY, LATEST_CHECK_BY, MAX_CHASE } from './domain/elder-days.js'
import { CATEGORIES, ELDER_TIERS, ROLES, type Category, type Role } from './domain/types.js'

export type { AccountConfig, QuietHours }

/** Thrown for a bad setting; the message is one line that names it. */
export class ConfigError extends Error {}

/** Everything the bot reads from its environment and policy file, typed. */
export interface Config {
  puppetToken?: string
  puppetEndpoint?: string
  /** The WeChat accounts to run (GRIDBOT_ACCOUNTS, or the one token); none: the sandbox. */
  accounts: AccountConfig[]
  /** The health probe: to whom (a staff member's WeChat id; default each account itself) and how often. */
  probe: { to?: string; everyMs: number }
  dbFile: string
  dataDir: string
  /** The category model `gridbot train` writes and the bot loads (and reloads) when present. */
  modelFile: string
  admins: string[]
  timeZone: string
  rulesCron: string
  send: { minGapMs: number; jitterMs: number; maxPerMinute: number; mentionsPerMessage: number }
  quietHours?: QuietHours
  /** The sandbox console: port (0 picks a free one), address, and the token required off loopback. */
  sandbox: { port: number; host: string; token?: string }
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  policy: Policy
}

const SECOND = 1000

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const optionalText = z.preprocess(blankToUndefined, z.string().trim().optional())
const wholeNumber = (dflt: number, min: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: 'expected a whole number' }).int('expected a whole number').min(min, `expected at least ${min}`).default(dflt),
  )

const QUIET = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/

const EnvSchema = z.object({
  WECHATY_PUPPET_SERVICE_TOKEN: optionalText,
  WECHATY_PUPPET_SERVICE_ENDPOINT: optionalText,
  GRIDBOT_ACCOUNTS: optionalText,
  GRIDBOT_PROBE_TO: optionalText,
  GRIDBOT_PROBE_EVERY_MINUTES: wholeNumber(60, 1),
  GRIDBOT_DB: optionalText,
  GRIDBOT_DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./data')),
  GRIDBOT_CONFIG: optionalText,
  GRIDBOT_ADMINS: z.preprocess(blankToUndefined, z.string().default('')),
  GRIDBOT_TIMEZONE: z.preprocess(
    blankToUndefined,
    z.string().default('Asia/Shanghai').refine(isValidTimeZone, 'not a time zone this Node.js knows (e.g. Asia/Shanghai)'),
  ),
  GRIDBOT_RULES_CRON: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default('* * * * *')
      .refine((v) => isValidCron(v.trim()), 'expected a cron expression with 5 or 6 fields (e.g. "* * * * *")'),
  ),
  GRIDBOT_SEND_MIN_GAP_MS: wholeNumber(3000, 0),
  GRIDBOT_SEND_JITTER_MS: wholeNumber(2000, 0),
  GRIDBOT_SEND_MAX_PER_MINUTE: wholeNumber(15, 1),
  GRIDBOT_MENTIONS_PER_MESSAGE: wholeNumber(20, 1),
  GRIDBOT_QUIET_HOURS: z
    .string()
    .default('21:30-07:30')
    .refine((v) => v.trim() === '' || toQuietHours(v) !== undefined, 'expected HH:MM-HH:MM, or empty to disable'),
  GRIDBOT_SANDBOX_PORT: wholeNumber(8788, 0),
  GRIDBOT_SANDBOX_HOST: z.preprocess(blankToUndefined, z.string().trim().default('127.0.0.1')),
  GRIDBOT_SANDBOX_TOKEN: optionalText,
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
})

function toQuietHours(text: string): QuietHours | undefined {
  const m = QUIET.exec(text.trim())
  if (!m) return undefined
  const [h1, m1, h2, m2] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number]
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) return undefined
  return { startMinute: h1 * 60 + m1, endMinute: h2 * 60 + m2 }
}

/**
 * The sandbox's preset: no WeChat account to protect, so replies come at once, and someone trying it at
 * night sees the worker being told. Each applies only where the setting is not given.
 */
export const SANDBOX_PRESET: NodeJS.ProcessEnv = {
  GRIDBOT_SEND_MIN_GAP_MS: '200',
  GRIDBOT_SEND_JITTER_MS: '100',
  GRIDBOT_SEND_MAX_PER_MINUTE: '600',
  GRIDBOT_QUIET_HOURS: '',
}

/** True when no WeChat account is configured: `npm start` runs the sandbox. */
export const isSandbox = (c: Pick<Config, 'accounts'>): boolean => c.accounts.length === 0

/**
 * Reads and validates settings; throws ConfigError naming the first bad one. With `sandboxPreset`, a
 * configuration without a token takes SANDBOX_PRESET's values for the settings it does not give.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: { sandboxPreset?: boolean } = {}): Config {
  if (opts.sandboxPreset && !blankToUndefined(env.WECHATY_PUPPET_SERVICE_TOKEN) && !blankToUndefined(env.GRIDBOT_ACCOUNTS))
    env = { ...SANDBOX_PRESET, ...env }
  const parsed = EnvSchema.safeParse(env)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const name = String(issue.path[0] ?? 'settings')
    const value = env[name]
    throw new ConfigError(`${name}: ${issue.message}${value === undefined ? '' : ` (got "${value}")`}`)
  }
  const e = parsed.data
  if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(e.GRIDBOT_SANDBOX_HOST) && !e.GRIDBOT_SANDBOX_TOKEN) {
    throw new ConfigError(`GRIDBOT_SANDBOX_TOKEN: required when GRIDBOT_SANDBOX_HOST is not loopback (got "${e.GRIDBOT_SANDBOX_HOST}")`)
  }
  return {
    puppetToken: e.WECHATY_PUPPET_SERVICE_TOKEN,
    puppetEndpoint: e.WECHATY_PUPPET_SERVICE_ENDPOINT,
    accounts: accountsOf(e.GRIDBOT_ACCOUNTS, e.WECHATY_PUPPET_SERVICE_TOKEN, e.WECHATY_PUPPET_SERVICE_ENDPOINT),
    probe: { ...(e.GRIDBOT_PROBE_TO ? { to: e.GRIDBOT_PROBE_TO } : {}), everyMs: e.GRIDBOT_PROBE_EVERY_MINUTES * MINUTE },
    // The database lives with the rest of the data unless put elsewhere: a second bot needs only its own GRIDBOT_DATA_DIR.
    dbFile: e.GRIDBOT_DB ?? `${e.GRIDBOT_DATA_DIR.replace(/[\\/]+$/, '')}/gridbot.db`,
    dataDir: e.GRIDBOT_DATA_DIR,
    modelFile: join(e.GRIDBOT_DATA_DIR, 'category-model.json'),
    admins: adminIds(e.GRIDBOT_ADMINS),
    timeZone: e.GRIDBOT_TIMEZONE,
    rulesCron: e.GRIDBOT_RULES_CRON.trim(),
    send: {
      minGapMs: e.GRIDBOT_SEND_MIN_GAP_MS,
      jitterMs: e.GRIDBOT_SEND_JITTER_MS,
      maxPerMinute: e.GRIDBOT_SEND_MAX_PER_MINUTE,
      mentionsPerMessage: e.GRIDBOT_MENTIONS_PER_MESSAGE,
    },
    quietHours: toQuietHours(e.GRIDBOT_QUIET_HOURS),
    sandbox: {
      port: e.GRIDBOT_SANDBOX_PORT,
      host: e.GRIDBOT_SANDBOX_HOST,
      ...(e.GRIDBOT_SANDBOX_TOKEN ? { token: e.GRIDBOT_SANDBOX_TOKEN } : {}),
    },
    logLevel: e.LOG_LEVEL,
    policy: e.GRIDBOT_CONFIG ? loadPolicyFile(e.GRIDBOT_CONFIG) : DEFAULT_POLICY,
  }
}

/** GRIDBOT_ACCOUNTS' accounts (every problem one line of the error), or the single token's one account, or none. */
function accountsOf(file: string | undefined, token: string | undefined, endpoint: string | undefined): AccountConfig[] {
  if (file && token)
    throw new ConfigError('GRIDBOT_ACCOUNTS: set it or WECHATY_PUPPET_SERVICE_TOKEN, not both (put that token in the accounts file)')
  if (!file) return token ? [{ name: SINGLE_ACCOUNT, token, ...(endpoint ? { endpoint } : {}), standby: false }] : []
  const { accounts, problems } = readAccountsFile(file)
  if (problems.length) throw new ConfigError(problems.join('\n'))
  return accounts
}

/**
 * GRIDBOT_ADMINS: WeChat ids only. An entry with a space or a character beyond ASCII (王主任, 社区 周主任) is a name,
 * which anyone can take by renaming themself: refused, pointing to the command that finds the ids behind a name.
 */
function adminIds(text: string): string[] {
  const entries = text
    .split(/[,，]/)
    .map((s) => s.trim())
    .filter(Boolean)
  const name = entries.find((s) => !/^[\x21-\x7e]+$/.test(s))
  if (name)
    throw new ConfigError(
      `GRIDBOT_ADMINS: "${name}" is a name, not a WeChat id (names can be taken by anyone); run npx gridbot who ${name} to see the ids that go by it`,
    )
  return entries
}

/** Reads the YAML policy file over the defaults; throws ConfigError naming the bad key. */
export function loadPolicyFile(file: string): Policy {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    throw new ConfigError(`GRIDBOT_CONFIG: cannot read ${file}`)
  }
  let doc: unknown
  try {
    doc = parseYaml(text) ?? {}
  } catch (err) {
    throw new ConfigError(`GRIDBOT_CONFIG: ${file} is not valid YAML (${(err as Error).message.split('\n')[0]})`)
  }
  return mergePolicy(DEFAULT_POLICY, doc)
}

type Path = string[]

function fail(path: Path, what: string): never {
  throw new ConfigError(`GRIDBOT_CONFIG ${path.join('.')}: ${what}`)
}

/** The longest duration a policy may set: later deadlines are nonsense, and far enough ones are no dates at all. */
export const MAX_POLICY_DURATION = 365 * DAY

/** A duration from `min` (1 s unless told) to MAX_POLICY_DURATION. */
function duration(v: unknown, path: Path, min = SECOND): number {
  const ms = typeof v === 'string' ? parseDuration(v) : undefined
  if (ms === undefined) fail(path, `expected a duration like 30s, 5m, 2h or 3d (got ${JSON.stringify(v)})`)
  if (!(ms >= min && ms <= MAX_POLICY_DURATION))
    fail(path, `expected a duration from ${formatDuration(min)} to 365d (got ${JSON.stringify(v)})`)
  return ms
}

const atLeast = (min: number) => (v: unknown, path: Path) => duration(v, path, min)

function formatDuration(ms: number): string {
  const [n, unit] =
    ms % DAY === 0 ? [ms / DAY, 'd'] : ms % HOUR === 0 ? [ms / HOUR, 'h'] : ms % MINUTE === 0 ? [ms / MINUTE, 'm'] : [ms / SECOND, 's']
  return `${n}${unit}`
}

function share(v: unknown, path: Path): number {
  if (typeof v !== 'number' || !(v > 0 && v < 1)) fail(path, `expected a number between 0 and 1 (got ${JSON.stringify(v)})`)
  return v
}

function object(v: unknown, path: Path): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(path, 'expected a mapping')
  return v as Record<string, unknown>
}

function pick<T>(obj: Record<string, unknown>, key: string, path: Path, dflt: T, read: (v: unknown, p: Path) => T): T {
  return obj[key] === undefined ? dflt : read(obj[key], [...path, key])
}

function onlyKeys(obj: Record<string, unknown>, allowed: readonly string[], path: Path): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail([...path, key], `unknown key (expected one of ${allowed.join(', ')})`)
  }
}

function durations<K extends string>(v: unknown, path: Path, dflt: Record<K, number>): Record<K, number> {
  const obj = object(v, path)
  const keys = Object.keys(dflt) as K[]
  onlyKeys(obj, keys, path)
  return Object.fromEntries(keys.map((k) => [k, pick(obj, k, path, dflt[k], duration)])) as Record<K, number>
}

/** ["08:30-12:00", "13:30-17:30"] → minutes after midnight, in order and not overlapping. */
function workingHours(v: unknown, path: Path): [number, number][] {
  if (!Array.isArray(v) || v.length === 0) fail(path, 'expected a list like ["08:30-12:00", "13:30-17:30"]')
  const spans = v.map((item, i) => {
    const q = typeof item === 'string' ? toQuietHours(item) : undefined
    if (!q || q.startMinute >= q.endMinute) fail([...path, String(i)], `expected HH:MM-HH:MM within one day (got ${JSON.stringify(item)})`)
    return [q.startMinute, q.endMinute] as [number, number]
  })
  spans.forEach((s, i) => i > 0 && s[0] < spans[i - 1]![1] && fail([...path, String(i)], 'spans must be in order and not overlap'))
  // Less would stretch a 2 h clock over months and a 5 d one over decades.
  const minutes = spans.reduce((sum, [from, to]) => sum + to - from, 0)
  if (minutes < MIN_WORKING_MINUTES) fail(path, `the spans must add up to at least 1h a day (got ${formatDuration(minutes * MINUTE)})`)
  return spans
}

/** The least working time a day the policy may set. */
export const MIN_WORKING_MINUTES = 60

/** Roles a category may be routed to: the ones routeCase hands cases to and who may #受理 them. */
export const ROUTE_ROLES = ['worker', 'community'] as const satisfies readonly Role[]

/** A notice round without a deadline must come before the summary, with room for the gap the schedule keeps. */
function beforeClose(at: number, close: number, gap: number, path: Path): void {
  const latest = close - gap / 2
  if (at >= latest)
    fail(
      path,
      `${formatDuration(at)} is too late, the round would never come: expected less than ${formatDuration(latest)}, ${formatDuration(gap / 2)} before notices.closeWithoutDeadline (${formatDuration(close)})`,
    )
}

/** `"07:30"` → minutes after midnight, from 01:00 (an hour to sign in) to 23:59. */
function checkTime(v: unknown, path: Path): number {
  const m = typeof v === 'string' ? /^(\d{1,2}):(\d{2})$/.exec(v.trim()) : null
  const minutes = m && Number(m[1]) < 24 && Number(m[2]) < 60 ? Number(m[1]) * 60 + Number(m[2]) : undefined
  if (minutes === undefined) fail(path, `expected a time like "07:30" (got ${JSON.stringify(v)})`)
  if (minutes < EARLIEST_CHECK_BY || minutes > LATEST_CHECK_BY)
    fail(path, `expected a time from 01:00 to 23:59, so an elder has at least an hour after midnight (got ${JSON.stringify(v)})`)
  return minutes
}

/** The `elders:` keys; the list and the community's alert of one day must come before the next day's check. */
function elders(v: unknown, base: Policy['elders']): Policy['elders'] {
  const path = ['elders']
  const obj = object(v, path)
  onlyKeys(obj, Object.keys(base), path)
  const out: Policy['elders'] = {
    checkBy: pick(obj, 'checkBy', path, base.checkBy, checkTime),
    nudge: pick(obj, 'nudge', path, base.nudge, (x, p) =>
      typeof x === 'boolean' ? x : fail(p, `expected true or false (got ${JSON.stringify(x)})`),
    ),
    graceToWorker: pick(obj, 'graceToWorker', path, base.graceToWorker, duration),
    visitWithin: pick(obj, 'visitWithin', path, base.visitWithin, (x, p) => durations(x, p, base.visitWithin)),
  }
  for (const tier of ELDER_TIERS) {
    if (out.graceToWorker + out.visitWithin[tier] > MAX_CHASE)
      fail(
        [...path, 'visitWithin', tier],
        `graceToWorker + visitWithin.${tier} must be at most 23h, so a missed sign has gone up before the next day's check (got ${formatDuration(out.graceToWorker + out.visitWithin[tier])})`,
      )
  }
  return out
}

/** Overlays a parsed YAML document on a policy. */
export function mergePolicy(base: Policy, doc: unknown): Policy {
  const root = object(doc, [])
  onlyKeys(
    root,
    ['clocks', 'warnAt', 'overdueRepeat', 'followUp', 'digest', 'retention', 'routes', 'notices', 'workingHours', 'elders'],
    [],
  )
  const clocks = root.clocks === undefined ? {} : object(root.clocks, ['clocks'])
  onlyKeys(clocks, ['signFor', 'respond', 'resolve'], ['clocks'])
  const notices = root.notices === undefined ? {} : object(root.notices, ['notices'])
  onlyKeys(notices, Object.keys(base.notices), ['notices'])
  const n = base.notices
  const policy: Policy = {
    clocks: {
      signFor: pick(clocks, 'signFor', ['clocks'], base.clocks.signFor, (v, p) => durations(v, p, base.clocks.signFor)),
      respond: pick(clocks, 'respond', ['clocks'], base.clocks.respond, (v, p) => durations(v, p, base.clocks.respond)),
      resolve: pick(clocks, 'resolve', ['clocks'], base.clocks.resolve, (v, p) => durations(v, p, base.clocks.resolve)),
    },
    warnAt: pick(root, 'warnAt', [], base.warnAt, share),
    // Reminders to the owner and the level above: not more often than hourly. Residents get at least an hour to rate.
    overdueRepeat: pick(root, 'overdueRepeat', [], base.overdueRepeat, atLeast(HOUR)),
    followUp: pick(root, 'followUp', [], base.followUp, atLeast(HOUR)),
    retention: pick(root, 'retention', [], base.retention, duration),
    digest: pick(root, 'digest', [], base.digest, (v, p) => {
      if (typeof v !== 'string' || !isValidCron(v.trim())) fail(p, 'expected a cron expression')
      return v.trim()
    }),
    routes: pick(root, 'routes', [], base.routes, (v, p) => {
      const obj = object(v, p)
      const out: Partial<Record<Category, Role>> = {}
      for (const [k, role] of Object.entries(obj)) {
        if (!(CATEGORIES as readonly string[]).includes(k)) fail([...p, k], `unknown category (expected one of ${CATEGORIES.join(', ')})`)
        if (!(ROLES as readonly string[]).includes(String(role)))
          fail([...p, k], `unknown role (expected one of ${ROUTE_ROLES.join(', ')})`)
        if (!(ROUTE_ROLES as readonly string[]).includes(String(role)))
          fail([...p, k], `${String(role)} cannot take new cases (expected one of ${ROUTE_ROLES.join(', ')})`)
        out[k as Category] = role as Role
      }
      return out
    }),
    ...(root.workingHours === undefined ? {} : { workingHours: workingHours(root.workingHours, ['workingHours']) }),
    notices: {
      firstRound: pick(notices, 'firstRound', ['notices'], n.firstRound, duration),
      secondRoundAt: pick(notices, 'secondRoundAt', ['notices'], n.secondRoundAt, share),
      secondRoundWithoutDeadline: pick(notices, 'secondRoundWithoutDeadline', ['notices'], n.secondRoundWithoutDeadline, duration),
      closeWithoutDeadline: pick(notices, 'closeWithoutDeadline', ['notices'], n.closeWithoutDeadline, duration),
      maxRounds: pick(notices, 'maxRounds', ['notices'], n.maxRounds, (v, p) => {
        // Two rounds have a time in the policy (firstRound, secondRoundAt); a third would have none.
        if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 2) fail(p, 'expected 0, 1 or 2')
        return v as number
      }),
      minGap: pick(notices, 'minGap', ['notices'], n.minGap, duration),
    },
    elders: root.elders === undefined ? base.elders : elders(root.elders, base.elders),
  }
  const p = policy.notices
  if (p.maxRounds >= 1) beforeClose(p.firstRound, p.closeWithoutDeadline, p.minGap, ['notices', 'firstRound'])
  if (p.maxRounds >= 2)
    beforeClose(p.secondRoundWithoutDeadline, p.closeWithoutDeadline, p.minGap, ['notices', 'secondRoundWithoutDeadline'])
  return policy
}
