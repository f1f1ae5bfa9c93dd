import { closeNotice, remind } from '../commands/notice-actions.js'
import { nextNoticeStep, noticeSteps } from '../domain/notice-schedule.js'
import { isQuiet, quietEnd } from '../domain/quiet-hours.js'
import type { Notice } from '../store/notices-repo.js'
import { defineRule } from './rule.js'

const RULE = 'notice'

/**
 * Notice rounds and the summary: each step is claimed in rule_firings, so none repeats across ticks or
 * restarts; after downtime only the latest due step speaks (the missed ones are recorded). A round due in
 * the quiet hours waits for morning, so the @-list is made when it is sent.
 */
export const noticeRounds = defineRule<Notice>({
  id: RULE,
  due: (deps, now) => deps.repos.notices.due(now, 1_000),
  fire: (deps, n, now) => {
    const subject = `notice:${n.id}`
    const taken = deps.repos.firings.fired(RULE, subject, 0)
    const due = noticeSteps(n, deps.policy).filter((s) => !taken.has(s.step) && s.at <= now)
    const last = due[due.length - 1]
    if (last && last.step !== 'close' && deps.quietHours && isQuiet(now, deps.quietHours, deps.timeZone)) {
      deps.repos.notices.update(n.id, { nextAt: Math.min(quietEnd(now, deps.quietHours, deps.timeZone), n.closeAt) })
      return []
    }
    for (const s of due) {
      deps.repos.firings.claim(RULE, subject, s.step, 0, now)
      taken.add(s.step)
    }
    if (last?.step === 'close') return closeNotice(deps, n, now, 'deadline')
    const out = last ? remind(deps, n, now, true).out : []
    deps.repos.notices.update(n.id, { nextAt: nextNoticeStep(n, taken, deps.policy)?.at ?? null })
    return out
  },
})
