import { MINUTE } from '../clock.js'
import type { CommandBudgetLimits } from '../domain/core.js'

/** 10 commands a minute per member; 10,000 members tracked at once (about 1 MB). */
export const DEFAULT_COMMAND_BUDGET: CommandBudgetLimits = { perWindow: 10, windowMs: MINUTE, maxMembers: 10_000 }

/** What the budget says about one more command: run it, say once that it is too much, or stay silent. */
export type BudgetVerdict = 'run' | 'warn' | 'silent'

/** One member's window: when it opened and how many commands it has seen. */
interface Window {
  start: number
  used: number
}

/**
 * A per-member command budget, held in memory (it protects the outbox; it is not data to keep). A window opens
 * with a member's first command and lasts `windowMs`; past `perWindow` commands the member gets one warning,
 * then nothing until it closes. Windows are kept in the order they opened, so closed ones are swept from the
 * front and, past `maxMembers`, the oldest open one is dropped: memory follows the members active now.
 */
export function createCommandBudget(limits: CommandBudgetLimits = DEFAULT_COMMAND_BUDGET) {
  const windows = new Map<string, Window>()

  function open(memberId: string, now: number): void {
    windows.delete(memberId)
    for (const [id, w] of windows) {
      if (windows.size < limits.maxMembers && now - w.start < limits.windowMs) break
      windows.delete(id)
    }
    windows.set(memberId, { start: now, used: 1 })
  }

  return {
    /** Counts one command by `memberId` at `now` (the injected clock's time). */
    take(memberId: string, now: number): BudgetVerdict {
      const w = windows.get(memberId)
      if (!w || now - w.start >= limits.windowMs || now < w.start) {
        open(memberId, now)
        return 'run'
      }
      w.used++
      return w.used <= limits.perWindow ? 'run' : w.used === limits.perWindow + 1 ? 'warn' : 'silent'
    },
    /** Members with a window in memory. */
    size: () => windows.size,
  }
}

/** A per-member command budget. */
export type CommandBudget = ReturnType<typeof createCommandBudget>
