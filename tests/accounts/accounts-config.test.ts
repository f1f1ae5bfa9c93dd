import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, isSandbox, loadConfig } from '../../src/config.js'

const accountsFile = (yaml: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'gridbot-accounts-')), 'accounts.yaml')
  writeFileSync(file, yaml)
  return file
}

const problems = (yaml: string): string[] => {
  try {
    loadConfig({ GRIDBOT_ACCOUNTS: accountsFile(yaml) })
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as Error).message.split('\n')
  }
  throw new Error('no error')
}

describe('GRIDBOT_ACCOUNTS', () => {
  it('reads the accounts in the order listed, a standby among them, and runs for real', () => {
    const c = loadConfig({
      GRIDBOT_ACCOUNTS: accountsFile(
        'accounts:\n  - { name: 小助手1, token: insecure_a, endpoint: "127.0.0.1:8001" }\n  - { name: 小助手2, token: insecure_b }\n  - { name: 小助手3, token: insecure_c, standby: true }\n',
      ),
    })
    expect(c.accounts).toEqual([
      { name: '小助手1', token: 'insecure_a', endpoint: '127.0.0.1:8001', standby: false },
      { name: '小助手2', token: 'insecure_b', standby: false },
      { name: '小助手3', token: 'insecure_c', standby: true },
    ])
    expect(isSandbox(c)).toBe(false)
  })

  it('without it, the single token is one account as before; without either, the sandbox', () => {
    const c = loadConfig({ WECHATY_PUPPET_SERVICE_TOKEN: 'insecure_x', WECHATY_PUPPET_SERVICE_ENDPOINT: '127.0.0.1:9' })
    expect(c.accounts).toEqual([{ name: '小助手', token: 'insecure_x', endpoint: '127.0.0.1:9', standby: false }])
    expect(isSandbox(loadConfig({}))).toBe(true)
  })

  it('does not take the sandbox preset when the accounts file is set', () => {
    const file = accountsFile('accounts:\n  - { name: a, token: t1 }\n')
    expect(loadConfig({ GRIDBOT_ACCOUNTS: file }, { sandboxPreset: true }).send.minGapMs).toBe(3000)
  })

  it('names every bad account in one line each, all at once', () => {
    const lines = problems(
      [
        'accounts:',
        '  - { name: 小助手1, token: t1 }',
        '  - { name: 小助手1, token: t2 }', // the name twice
        '  - { name: 小助手3 }', // no token
        '  - { token: t1 }', // no name, and t1 again
        '  - { name: 小助手5, token: t5, endpoint: "http://x/y" }',
        '  - { name: 小助手6, token: t6, standby: yes please }',
        '  - { name: 小助手7, token: t7, tokn: x }',
        '  - just a line',
      ].join('\n'),
    )
    expect(lines).toEqual([
      'GRIDBOT_ACCOUNTS accounts[2] (小助手1): the name 小助手1 is used twice',
      'GRIDBOT_ACCOUNTS accounts[3] (小助手3): token is missing',
      'GRIDBOT_ACCOUNTS accounts[4]: name is missing',
      'GRIDBOT_ACCOUNTS accounts[4]: the same token as an account above',
      'GRIDBOT_ACCOUNTS accounts[5] (小助手5): endpoint must be host:port (got "http://x/y")',
      'GRIDBOT_ACCOUNTS accounts[6] (小助手6): standby must be true or false',
      'GRIDBOT_ACCOUNTS accounts[7] (小助手7): unknown key tokn (expected one of name, token, endpoint, standby)',
      'GRIDBOT_ACCOUNTS accounts[8]: expected a mapping { name, token, endpoint, standby }',
    ])
  })

  it.each([
    ['not: [accounts]\n', /expected `accounts:` with a list/],
    ['accounts: [\n', /not valid YAML/],
    ['accounts:\n  - { name: a, token: t, standby: true }\n', /every account is a standby/],
  ])('refuses a file that is %j', (yaml, line) => {
    const lines = problems(yaml)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(line)
  })

  it('refuses a missing file, and both settings at once', () => {
    expect(() => loadConfig({ GRIDBOT_ACCOUNTS: '/nonexistent/accounts.yaml' })).toThrow(
      /^GRIDBOT_ACCOUNTS \/nonexistent\/accounts.yaml: cannot read/,
    )
    const file = accountsFile('accounts:\n  - { name: a, token: t1 }\n')
    expect(() => loadConfig({ GRIDBOT_ACCOUNTS: file, WECHATY_PUPPET_SERVICE_TOKEN: 't' })).toThrow(/not both/)
  })
})
