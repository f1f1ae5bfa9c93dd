import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { commonText } from './text/common.js'

/** One WeChat account the bot runs as (GRIDBOT_ACCOUNTS, or the single token). */
export interface AccountConfig {
  /** How staff and doctor name it (小助手2); unique. */
  name: string
  token: string
  endpoint?: string
  /** Kept out of ownership: it carries groups only while another account is unhealthy. */
  standby: boolean
}

/** The name of the one account when only WECHATY_PUPPET_SERVICE_TOKEN is set. */
export const SINGLE_ACCOUNT = commonText.singleAccountName

const KEYS = ['name', 'token', 'endpoint', 'standby'] as const

/**
 * Reads GRIDBOT_ACCOUNTS' YAML file. Every problem is one line naming the file and the account, all of them at
 * once (a district's file has dozens of entries; one run shows everything to fix); none when it is good.
 */
export function readAccountsFile(file: string): { accounts: AccountConfig[]; problems: string[] } {
  const at = (where: string, what: string) => `GRIDBOT_ACCOUNTS ${where}: ${what}`
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return { accounts: [], problems: [at(file, 'cannot read the file')] }
  }
  let doc: unknown
  try {
    doc = parseYaml(text)
  } catch (err) {
    return { accounts: [], problems: [at(file, `not valid YAML (${(err as Error).message.split('\n')[0]})`)] }
  }
  const list = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>).accounts : undefined
  if (!Array.isArray(list) || list.length === 0)
    return { accounts: [], problems: [at(file, 'expected `accounts:` with a list of { name, token, endpoint, standby }')] }
  const problems: string[] = []
  const accounts: AccountConfig[] = []
  list.forEach((entry, i) => {
    const label = `accounts[${i + 1}]`
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push(at(label, 'expected a mapping { name, token, endpoint, standby }'))
      return
    }
    const e = entry as Record<string, unknown>
    const where = typeof e.name === 'string' && e.name.trim() ? `${label} (${e.name.trim()})` : label
    for (const key of Object.keys(e))
      if (!(KEYS as readonly string[]).includes(key)) problems.push(at(where, `unknown key ${key} (expected one of ${KEYS.join(', ')})`))
    const text = (key: 'name' | 'token' | 'endpoint', required: boolean): string | undefined => {
      const v = e[key]
      if (v === undefined || v === null || (typeof v === 'string' && !v.trim())) {
        if (required) problems.push(at(where, `${key} is missing`))
        return undefined
      }
      if (typeof v !== 'string' && typeof v !== 'number') return void problems.push(at(where, `${key} must be text`))
      return String(v).trim()
    }
    const name = text('name', true)
    const token = text('token', true)
    const endpoint = text('endpoint', false)
    if (endpoint !== undefined && !/^[^\s:/]+(:\d+)?$|^\[[^\]]+\](:\d+)?$/.test(endpoint))
      problems.push(at(where, `endpoint must be host:port (got "${endpoint}")`))
    if (e.standby !== undefined && typeof e.standby !== 'boolean') problems.push(at(where, 'standby must be true or false'))
    if (name !== undefined && accounts.some((a) => a.name === name)) problems.push(at(where, `the name ${name} is used twice`))
    if (token !== undefined && accounts.some((a) => a.token === token)) problems.push(at(where, 'the same token as an account above'))
    if (name !== undefined && token !== undefined)
      accounts.push({ name, token, ...(endpoint ? { endpoint } : {}), standby: e.standby === true })
  })
  if (!problems.length && accounts.every((a) => a.standby))
    problems.push(at(file, 'every account is a standby: at least one must own groups'))
  return { accounts: problems.length ? [] : accounts, problems }
}
