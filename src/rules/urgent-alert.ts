import type { Case } from '../domain/model.js'
import { toCommunityStaff } from '../domain/staff-groups.js'
import { caseSubject, URGENT_ALERT_RULE } from '../domain/types.js'
import { formatLocation } from '../parse/location.js'
import { caseText } from '../text/cases.js'
import { defineRule } from './rule.js'

const LOOKBACK_MS = 7 * 86_400_000

/** Open safety cases whose community alert never went out (no staff group yet, say) get it as soon as one can. */
export const urgentAlert = defineRule<Case>({
  id: URGENT_ALERT_RULE,
  due: (deps, now) => deps.repos.caseQueries.urgentUnalerted(now - LOOKBACK_MS, 1_000),
  subject: (c) => caseSubject(c.id),
  fire: ({ deps, claim }, c) => {
    if (!c.communityId) return []
    const grid = deps.repos.caseQueries.gridLabel(c.gridId)
    const text = caseText.report.urgentToCommunity(c.id, c.category, grid, formatLocation(c.location), c.assigneeName, c.text)
    const out = toCommunityStaff(deps, c.communityId, text, 'urgent')
    if (out.length === 0 || !claim('sent')) return []
    return out
  },
})
