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
      dbFile: './data/gridbot.db',
      dataDir: './data',
      admins: [],
      timeZone: 'Asia/Shanghai',
      rulesCron: '* * * * *',
      send: { minGapMs: 3000, jitterMs: 2000, maxPerMinute: 15, mentionsPerMessage: 20 },
      quietHours: { startMinute: 21 * 60 + 30, endMinute: 7 * 60 + 30 },
      sandbox: { port: 8788, host: '127.0.0.1' },
      logLevel: 'info',
    })
    expect(c.puppetToken).toBeUndefined()
    expect(c.policy).toEqual(DEFAULT_POLICY)
  })

  it('keeps the database with the data folder unless GRIDBOT_DB puts it elsewhere (a second bot needs only its own GRIDBOT_DATA_DIR)', () => {
    expect(loadConfig({ GRIDBOT_DATA_DIR: './data2' })).toMatchObject({ dataDir: './data2', dbFile: './data2/gridbot.db' })
    expect(loadConfig({ GRIDBOT_DATA_DIR: '/srv/gridbot/' }).dbFile).toBe('/srv/gridbot/gridbot.db')
    expect(loadConfig({ GRIDBOT_DATA_DIR: './data2', GRIDBOT_DB: '/var/db/g.db' }).dbFile).toBe('/var/db/g.db')
  })

  it('reads lists, disables quiet hours when empty, and takes a seconds cron', () => {
    const c = loadConfig({ GRIDBOT_ADMINS: 'wxid_a, zhou_2024，wxid_b', GRIDBOT_QUIET_HOURS: '', GRIDBOT_RULES_CRON: '*/10 * * * * *' })
    expect(c.admins).toEqual(['wxid_a', 'zhou_2024', 'wxid_b'])
    expect(c.quietHours).toBeUndefined()
    expect(c.rulesCron).toBe('*/10 * * * * *')
  })

  it.each([
    ['GRIDBOT_SEND_MIN_GAP_MS', 'abc'],
    ['GRIDBOT_SEND_MAX_PER_MINUTE', '0'],
    ['GRIDBOT_TIMEZONE', 'Mars/Base'],
    ['GRIDBOT_QUIET_HOURS', '9pm-7am'],
    ['GRIDBOT_RULES_CRON', 'every minute'],
    ['LOG_LEVEL', 'loud'],
    ['GRIDBOT_MENTIONS_PER_MESSAGE', '2.5'],
    ['GRIDBOT_CONFIG', '/nonexistent/policy.yaml'],
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

  it('refuses a name in GRIDBOT_ADMINS with one line pointing to gridbot who', () => {
    for (const admins of ['wxid_a,王主任', '社区 周主任', 'wxid_a, zhou 2']) {
      expect(() => loadConfig({ GRIDBOT_ADMINS: admins })).toThrow(/^GRIDBOT_ADMINS: ".+" is a name, not a WeChat id .*npx gridbot who /)
    }
  })

  it('takes notices.minGap as written (issue 14, item 15): rounds 6 s apart run when the gap allows them', async () => {
    const c = loadConfig({
      GRIDBOT_CONFIG: policyFile('notices: { firstRound: 6s, secondRoundWithoutDeadline: 12s, closeWithoutDeadline: 26s, minGap: 5s }\n'),
    })
    expect(c.policy.notices.minGap).toBe(5_000)
    const { noticeSteps } = await import('../src/domain/notice-schedule.js')
    expect(noticeSteps({ createdAt: 0, deadline: null, closeAt: 26_000 }, c.policy)).toEqual([
      { step: 'round1', at: 6_000 },
      { step: 'round2', at: 12_000 },
      { step: 'close', at: 26_000 },
    ])
    expect(loadConfig({}).policy.notices.minGap).toBe(10 * 60_000)
  })

  it('reads the elders: keys as PRODUCT.md names them', () => {
    const c = loadConfig({
      GRIDBOT_CONFIG: policyFile('elders:\n  checkBy: "08:15"\n  nudge: false\n  graceToWorker: 20m\n  visitWithin: { red: 45m }\n'),
    })
    expect(c.policy.elders).toEqual({
      checkBy: 8 * 60 + 15,
      nudge: false,
      graceToWorker: 20 * 60_000,
      visitWithin: { red: 45 * 60_000, yellow: 3 * 3_600_000, blue: 12 * 3_600_000 },
    })
    expect(DEFAULT_POLICY.elders).toEqual({
      checkBy: 7 * 60 + 30,
      nudge: true,
      graceToWorker: 30 * 60_000,
      visitWithin: { red: 3_600_000, yellow: 3 * 3_600_000, blue: 12 * 3_600_000 },
    })
  })

  it('overlays a YAML policy on the defaults', () => {
    const c = loadConfig({
      GRIDBOT_CONFIG: policyFile(
        'clocks:\n  signFor: { urgent: 10s }\n  resolve: { repair: 3d }\nroutes: { repair: community }\nnotices:\n  maxRounds: 1\n',
      ),
    })
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

  it.each([
    ['workingHours: ["08:00-08:01"]\n', 'GRIDBOT_CONFIG workingHours: '], // 1 min a day: a 48 h clock would end years later
    ['clocks: { signFor: { normal: 99999999999d } }\n', 'GRIDBOT_CONFIG clocks.signFor.normal: '],
    ['clocks: { resolve: { facility: 366d } }\n', 'GRIDBOT_CONFIG clocks.resolve.facility: '],
    ['clocks: { respond: { urgent: 500ms } }\n', 'GRIDBOT_CONFIG clocks.respond.urgent: '],
    ['routes: { repair: resident }\n', 'GRIDBOT_CONFIG routes.repair: '],
    ['routes: { repair: leader }\n', 'GRIDBOT_CONFIG routes.repair: '], // leaders cannot #受理
    ['routes: { repair: street }\n', 'GRIDBOT_CONFIG routes.repair: '], // routing has no street handler
    ['overdueRepeat: 1ms\n', 'GRIDBOT_CONFIG overdueRepeat: '],
    ['overdueRepeat: 0d\n', 'GRIDBOT_CONFIG overdueRepeat: '],
    ['followUp: 100000d\n', 'GRIDBOT_CONFIG followUp: '],
    ['followUp: 1s\n', 'GRIDBOT_CONFIG followUp: '],
    ['warnAt: 0\n', 'GRIDBOT_CONFIG warnAt: '],
    ['warnAt: 1\n', 'GRIDBOT_CONFIG warnAt: '],
    ['notices: { firstRound: 400d }\n', 'GRIDBOT_CONFIG notices.firstRound: '],
    ['notices: { secondRoundWithoutDeadline: 999999d }\n', 'GRIDBOT_CONFIG notices.secondRoundWithoutDeadline: '],
    ['notices: { closeWithoutDeadline: 99999999999d }\n', 'GRIDBOT_CONFIG notices.closeWithoutDeadline: '],
    ['notices: { secondRoundAt: 1 }\n', 'GRIDBOT_CONFIG notices.secondRoundAt: '],
    ['notices: { closeWithoutDeadline: 20m }\n', 'GRIDBOT_CONFIG notices.firstRound: '], // the first round would come after the close
    ['notices: { closeWithoutDeadline: 2h }\n', 'GRIDBOT_CONFIG notices.secondRoundWithoutDeadline: '],
    ['notices: { firstRuond: 1h }\n', 'GRIDBOT_CONFIG notices.firstRuond: '], // a typo was silently ignored
    ['notices: { minGap: 0s }\n', 'GRIDBOT_CONFIG notices.minGap: '],
    ['notices: { minGap: 400d }\n', 'GRIDBOT_CONFIG notices.minGap: '],
    ['elders: { checkBy: "7:30am" }\n', 'GRIDBOT_CONFIG elders.checkBy: '],
    ['elders: { checkBy: "25:00" }\n', 'GRIDBOT_CONFIG elders.checkBy: '],
    ['elders: { checkBy: "00:30" }\n', 'GRIDBOT_CONFIG elders.checkBy: '], // half an hour after midnight to sign
    ['elders: { checkBy: 450 }\n', 'GRIDBOT_CONFIG elders.checkBy: '],
    ['elders: { nudge: yes please }\n', 'GRIDBOT_CONFIG elders.nudge: '],
    ['elders: { graceToWorker: 0s }\n', 'GRIDBOT_CONFIG elders.graceToWorker: '],
    ['elders: { visitWithin: { red: soon } }\n', 'GRIDBOT_CONFIG elders.visitWithin.red: '],
    ['elders: { visitWithin: { green: 1h } }\n', 'GRIDBOT_CONFIG elders.visitWithin.green: '],
    ['elders: { visitWithin: { blue: 24h } }\n', 'GRIDBOT_CONFIG elders.visitWithin.blue: '], // past the next day's check
    ['elders: { graceToWorker: 22h, visitWithin: { yellow: 3h, blue: 1h } }\n', 'GRIDBOT_CONFIG elders.visitWithin.yellow: '],
    ['elders: { checkby: "07:30" }\n', 'GRIDBOT_CONFIG elders.checkby: '],
  ])('refuses a policy that would load but break: %s', (yaml, start) => {
    let error: unknown
    try {
      loadConfig({ GRIDBOT_CONFIG: policyFile(yaml) })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message.startsWith(start)).toBe(true)
    expect((error as Error).message).not.toContain('\n')
  })

  it('accepts the bounds themselves', () => {
    const c = loadConfig({
      GRIDBOT_CONFIG: policyFile(
        [
          'clocks: { signFor: { urgent: 1s, normal: 365d } }',
          'overdueRepeat: 1h',
          'followUp: 365d',
          'warnAt: 0.99',
          'routes: { repair: community, hygiene: worker }',
          'workingHours: ["08:00-08:30", "17:00-17:30"]',
          'notices: { maxRounds: 1, firstRound: 20m, closeWithoutDeadline: 30m }',
        ].join('\n'),
      ),
    })
    expect(c.policy.clocks.signFor).toEqual({ urgent: 1000, normal: 365 * 86_400_000 })
    expect(c.policy.workingHours).toEqual([
      [480, 510],
      [1020, 1050],
    ])
    expect(c.policy.notices.closeWithoutDeadline).toBe(30 * 60_000)
  })

  it('never puts the token in a message', () => {
    expect(() => loadConfig({ WECHATY_PUPPET_SERVICE_TOKEN: 'secret_abc', GRIDBOT_SEND_MIN_GAP_MS: 'x' })).toThrow(/^(?!.*secret_abc)/)
  })
})
