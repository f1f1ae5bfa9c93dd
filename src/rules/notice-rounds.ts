import type { Notice } from '../domain/model.js'
import { nextNoticeStep, noticeSteps } from '../domain/notice-schedule.js'
import { closeNotice, remind, roundPlanWarning } from '../domain/notices.js'
import { isQuiet, quietEnd } from '../domain/quiet-hours.js'
import { defineRule } from './rule.js'

/**
 * Notice rounds and the summary: each step is claimed in rule_firings, so none repeats across ticks or
 * restarts; after downtime only the latest due step speaks (the missed ones are recorded). A round due in
 * the quiet hours waits for morning, so the @-list is made when it is sent; one due within 10 minutes of
 * a #提醒 by hand is skipped.
 */
export const noticeRounds = defineRule<Notice>({
  id: 'notice',
  due: (deps, now) => deps.repos.notices.due(now, 1_000),
  subject: (n) => `notice:${n.id}`,
  fire: ({ deps, now, claim, fired }, n) => {
    const taken = fired()
    const due = noticeSteps(n, deps.policy).filter((s) => !taken.has(s.step) && s.at <= now)
    const last = due[due.length - 1]
    if (last && last.step !== 'close' && deps.quietHours && isQuiet(now, deps.quietHours, deps.timeZone)) {
      deps.repos.notices.update(n.id, { nextAt: Math.min(quietEnd(now, deps.quietHours, deps.timeZone), n.closeAt) })
      return []
    }
    for (const s of due) {
      claim(s.step)
      taken.add(s.step)
    }
    if (last?.step === 'close') return closeNotice(deps, n, now, 'deadline')
    // A round right after a #提醒 by hand would @ the same people twice within minutes: it counts as done.
    const justReminded = n.lastRemindAt !== null && now - n.lastRemindAt < deps.policy.notices.minGap
    const round = last && !justReminded ? remind(deps, n, now, true).out : []
    const out = [...round, ...roundPlanWarning(deps, n, round, now)]
    deps.repos.notices.update(n.id, { nextAt: nextNoticeStep(n, taken, deps.policy)?.at ?? null })
    return out
  },
})
