import { alertCommunity, URGENT_ALERT_STEP } from '../domain/alert-community.js'
import type { Case } from '../domain/model.js'
import { caseSubject, URGENT_ALERT_RULE } from '../domain/types.js'
import { defineRule } from './rule.js'

const LOOKBACK_MS = 7 * 86_400_000

/** Open safety cases whose community alert never went out (no staff group yet, say) get it as soon as one can. */
export const urgentAlert = defineRule<Case>({
  id: URGENT_ALERT_RULE,
  due: (deps, now) => deps.repos.caseQueries.urgentUnalerted(now - LOOKBACK_MS, 1_000),
  subject: (c) => caseSubject(c.id),
  fire: ({ deps, now, claim }, c) =>
    alertCommunity(deps, c, deps.repos.caseQueries.gridLabel(c.gridId), now, () => claim(URGENT_ALERT_STEP)),
})
