import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.js'
import { DEFAULT_POLICY } from '../src/domain/policy.js'

const policyFile = (yaml: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'gridbot-config-')), 'policy.yaml')
  writeFileSync(file, yaml)
  return file
}

describe('settings', () => {
  it('has PRODUCT.md defaults with no environment', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({
      dbFile: './data/gridbot.db', dataDir: './data', admins: [], timeZone: 'Asia/Shanghai', rulesCron: '* * * * *',
      send: { minGapMs: 3000, jitterMs: 2000, maxPerMinute: 15, mentionsPerMessage: 20 },
      quietHours: { startMinute: 21 * 60 + 30, endMinute: 7 * 60 + 30 }, sandbox: { port: 8788, host: '127.0.0.1' }, logLevel: 'info',
    })
    expect(c.puppetToken).toBeUndefined()
    expect(c.policy).toEqual(DEFAULT_POLICY)
  })

  it('reads lists, disables quiet hours when empty, and takes a seconds cron', () => {
    const c = loadConfig({ GRIDBOT_ADMINS: 'wxid_a, 周主任，wxid_b', GRIDBOT_QUIET_HOURS: '', GRIDBOT_RULES_CRON: '*/10 * * * * *' })
    expect(c.admins).toEqual(['wxid_a', '周主任', 'wxid_b'])
    expect(c.quietHours).toBeUndefined()
    expect(c.rulesCron).toBe('*/10 * * * * *')
  })

  it.each([
    ['GRIDBOT_SEND_MIN_GAP_MS', 'abc'], ['GRIDBOT_SEND_MAX_PER_MINUTE', '0'], ['GRIDBOT_TIMEZONE', 'Mars/Base'],
    ['GRIDBOT_QUIET_HOURS', '9pm-7am'], ['GRIDBOT_RULES_CRON', 'every minute'], ['LOG_LEVEL', 'loud'],
    ['GRIDBOT_MENTIONS_PER_MESSAGE', '2.5'], ['GRIDBOT_CONFIG', '/nonexistent/policy.yaml'],
  ])('stops with one line naming %s when it is %s', (name, value) => {
    let error: unknown
    try {
      loadConfig({ [name]: value })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toMatch(new RegExp(`^${name}`))
    expect((error as Error).message).not.toContain('\n')
  })

  it('overlays a YAML policy on the defaults', () => {
    const c = loadConfig({ GRIDBOT_CONFIG: policyFile('clocks:\n  signFor: { urgent: 10s }\n  resolve: { repair: 3d }\nroutes: { repair: community }\nnotices:\n  maxRounds: 1\n') })
    expect(c.policy.clocks.signFor).toEqual({ urgent: 10_000, normal: 30 * 60_000 })
    expect(c.policy.clocks.resolve.repair).toBe(3 * 86_400_000)
    expect(c.policy.clocks.resolve.hygiene).toBe(DEFAULT_POLICY.clocks.resolve.hygiene)
    expect(c.policy.routes).toEqual({ repair: 'community' })
    expect(c.policy.notices.maxRounds).toBe(1)
  })

  it.each([
    ['clocks:\n  signFor: { urgent: soon }\n', 'clocks.signFor.urgent'],
    ['warnAt: 2\n', 'warnAt'],
    ['notices:\n  maxRounds: 3\n', 'notices.maxRounds'],
    ['routes: { plumbing: worker }\n', 'routes.plumbing'],
    ['clockz: {}\n', 'clockz'],
    ['digest: "at dawn"\n', 'digest'],
    ['clocks: [\n', 'not valid YAML'],
  ])('names the bad key of a policy file: %s', (yaml, key) => {
    expect(() => loadConfig({ GRIDBOT_CONFIG: policyFile(yaml) })).toThrow(key)
  })

  it('never puts the token in a message', () => {
    expect(() => loadConfig({ WECHATY_PUPPET_SERVICE_TOKEN: 'secret_abc', GRIDBOT_SEND_MIN_GAP_MS: 'x' })).toThrow(/^(?!.*secret_abc)/)
  })
})
