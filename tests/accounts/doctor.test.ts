import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatChecks, runDoctor } from '../../src/cli/doctor.js'
import { enqueue, toContact, toRoom } from '../../src/domain/outgoing.js'
import { rosterEntry } from '../../src/domain/roster.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos } from '../../src/store/repos.js'

const NOW = Date.parse('2026-12-01T06:30:00Z') // 14:30 in Shanghai

describe('doctor with several accounts (issue 15, item 6)', () => {
  it('shows each account: logged in, last successful send, queue, groups owned, sends in the last hour; and what waits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridbot-doctor-accounts-'))
    const accountsFile = join(dir, 'accounts.yaml')
    writeFileSync(
      accountsFile,
      'accounts:\n  - { name: 小助手1, token: t1 }\n  - { name: 小助手2, token: t2 }\n  - { name: 小助手3, token: t3, standby: true }\n',
    )
    const dbFile = join(dir, 'gridbot.db')
    const db = openDatabase(dbFile)
    const repos = createRepos(db)
    repos.accounts.register(
      [
        { name: '小助手1', standby: false },
        { name: '小助手2', standby: false },
        { name: '小助手3', standby: true },
      ],
      NOW,
    )
    repos.accounts.loggedIn('小助手1', 'botA', NOW - 3_600_000)
    repos.accounts.loggedIn('小助手3', 'botS', NOW - 3_600_000)
    repos.accounts.setHealthy('小助手2', false, NOW)
    for (const [room, owner] of [
      ['g1@chatroom', '小助手1'],
      ['g2@chatroom', '小助手1'],
      ['g3@chatroom', '小助手2'],
    ] as const) {
      repos.directory.touchGroup(room, room, NOW)
      repos.accounts.claim(room, owner, NOW)
    }
    repos.members.upsert('g1@chatroom', rosterEntry('botA', '小助手1'), NOW)
    enqueue(
      repos.outbox,
      [toRoom('g1@chatroom', 'sent 1'), toRoom('g2@chatroom', 'sent 2'), toRoom('g1@chatroom', 'queued')],
      NOW - 1_800_000,
      20,
    )
    const [a, b] = repos.outbox.all()
    repos.outbox.markSent(a!.id, NOW - 1_800_000, '小助手1')
    repos.outbox.markSent(b!.id, NOW - 2 * 3_600_000, '小助手1') // more than an hour ago
    repos.accounts.sent('小助手1', NOW - 1_800_000)
    enqueue(repos.outbox, [toRoom('g3@chatroom', 'waits'), toContact('stranger', 'private')], NOW, 20) // nobody healthy in g3
    db.close()

    const checks = await runDoctor({ GRIDBOT_ACCOUNTS: accountsFile, GRIDBOT_DB: dbFile, GRIDBOT_DATA_DIR: dir }, NOW)
    const lines = formatChecks(checks).split('\n')
    expect(lines.filter((l) => l.includes('账号'))).toEqual([
      '✓ 账号　　 小助手1：已登录｜最近成功发送 12-01 14:00｜待发 1｜负责 2 个群｜近 1 小时发送 1 条',
      '✗ 账号　　 小助手2：未登录，不健康（发送不出去），其群由其他账号代发｜最近成功发送 无｜待发 0｜负责 1 个群｜近 1 小时发送 0 条',
      '✓ 账号　　 小助手3（备用）：已登录｜最近成功发送 无｜待发 0｜负责 0 个群｜近 1 小时发送 0 条',
      '✗ 账号　　 1 条群消息没有账号可发（群里没有健康的本机账号），等待中：请把可用账号或备用账号拉进这些群',
    ])
    expect(lines.filter((l) => l.includes('微信连接'))).toEqual([
      '✓ 微信连接 小助手1：按 token 查找服务地址（未检测）',
      '✓ 微信连接 小助手2：按 token 查找服务地址（未检测）',
      '✓ 微信连接 小助手3：按 token 查找服务地址（未检测）',
    ])
  })
})
