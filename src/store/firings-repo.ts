import { and, eq, sql } from 'drizzle-orm'
import type { FiringsRepo } from '../domain/ports.js'
import type { Db } from './database.js'
import { ruleFirings } from './schema.js'

/** Rule steps that fired: claiming one is what makes it fire once, across ticks and restarts. */
export function createFiringsRepo(db: Db): FiringsRepo {
  const claimQ = db
    .insert(ruleFirings)
    .values({
      rule: sql.placeholder('rule'),
      subject: sql.placeholder('subject'),
      step: sql.placeholder('step'),
      cycle: sql.placeholder('cycle'),
      firedAt: sql.placeholder('now'),
    })
    .onConflictDoNothing()
    .prepare()
  const stepsQ = db
    .select({ step: ruleFirings.step })
    .from(ruleFirings)
    .where(
      and(
        eq(ruleFirings.rule, sql.placeholder('rule')),
        eq(ruleFirings.subject, sql.placeholder('subject')),
        eq(ruleFirings.cycle, sql.placeholder('cycle')),
      ),
    )
    .prepare()
  return {
    /** True when this call recorded the step; false when it had fired already. */
    claim(rule: string, subject: string, step: string, cycle: number, now: number): boolean {
      return claimQ.run({ rule, subject, step, cycle, now }).changes === 1
    },
    fired(rule: string, subject: string, cycle: number): Set<string> {
      return new Set(stepsQ.all({ rule, subject, cycle }).map((r) => r.step))
    },
  }
}
