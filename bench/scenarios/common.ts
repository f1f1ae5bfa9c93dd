import type { Clock } from '../../src/clock.js'
import type { CoreDeps } from '../../src/domain/core.js'
import { DEFAULT_POLICY } from '../../src/domain/policy.js'
import type { Repos } from '../../src/domain/ports.js'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Prints one scenario's result as JSON on the last line, with the process's peak RSS. */
export function report(result: Record<string, unknown>): void {
  const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024)
  process.stdout.write(`${JSON.stringify({ ...result, maxRssMb })}\n`)
}

export function tempFile(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'gridbot-bench-')), name)
}

/** Group-chat traffic: mostly chit-chat and acknowledgements, some reports, some problem-like messages. */
export const TRAFFIC = [
  '收到',
  '好的',
  '谢谢网格员',
  '今天天气不错',
  '已阅',
  '收到，谢谢',
  '明白',
  '大家早上好',
  '#报事 3号楼楼道灯不亮好几天了',
  '5栋门口垃圾两天没人清理',
]

/**
 * No command budget: these scenarios measure handling, with a few senders sending far more than a person could
 * (the flood scenario measures the budget itself).
 */
export const NO_BUDGET = { perWindow: Infinity, windowMs: 60_000, maxMembers: 10_000 }

/** The core's settings every scenario uses (PRODUCT.md's policy, admin `admin`, the bot 小助手), without the budget unless kept. */
export function benchDeps(repos: Repos, clock: Clock, opts: { budget?: boolean } = {}): CoreDeps {
  return {
    repos,
    clock,
    policy: DEFAULT_POLICY,
    timeZone: 'Asia/Shanghai',
    admins: ['admin'],
    bot: { id: 'bot', name: '小助手' },
    mentionsPerMessage: 20,
    ...(opts.budget ? {} : { commandBudget: NO_BUDGET }),
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
