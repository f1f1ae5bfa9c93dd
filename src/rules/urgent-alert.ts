import { toCommunityStaff } from '../commands/intake.js'
import { msg } from '../commands/messages.js'
import { formatLocation } from '../parse/location.js'
import type { Case } from '../store/cases-repo.js'
import { defineRule } from './rule.js'

const LOOKBACK_MS = 7 * 86_400_000

/** Open safety cases whose community alert never went out (no staff group yet, say) get it as soon as one can. */
export const urgentAlert = defineRule<Case>({
  id: 'urgent-alert',
  due: (deps, now) => deps.repos.caseQueries.urgentUnalerted(now - LOOKBACK_MS, 1_000),
  fire: (deps, c, now) => {
    if (!c.communityId) return []
    const grid = deps.repos.caseQueries.gridLabel(c.gridId)
    const out = toCommunityStaff(deps, c.communityId, msg.urgentForCommunity(c.id, c.category, grid, formatLocation(c.location), c.assigneeName, c.text), 'urgent')
    if (out.length === 0 || !deps.repos.firings.claim('urgent-alert', `case:${c.id}`, 'sent', 0, now)) return []
    return out
  },
})
