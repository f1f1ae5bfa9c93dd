import { periodStart } from '../clock.js'
import { replyTo } from '../domain/outgoing.js'
import { statsLines } from '../domain/stats.js'
import { statsText } from '../text/stats.js'
import { choice } from './args.js'
import { defineCommand } from './types.js'

/** #统计 [今日/本周/本月]: counts and the three rates per community and grid in the sender's scope. */
export const stats = defineCommand({
  text: statsText,
  role: 'worker',
  args: [choice('period', statsText.args.period, statsText.periods, statsText.defaultPeriod)],
  run: ({ deps, msg: m, args, actor, now }) => {
    const lines = statsLines(deps, actor.scope, args.period.word, periodStart(now, args.period.value, deps.timeZone), now + 1, now)
    return [replyTo(m, lines.length ? lines.join('\n') : statsText.empty)]
  },
})
