import { formatLocation } from '../parse/location.js'
import { caseText } from '../text/cases.js'
import type { CoreDeps } from './core.js'
import type { Case, Outgoing } from './model.js'
import { toCommunityStaff } from './staff-groups.js'
import { caseSubject, URGENT_ALERT_RULE } from './types.js'

/** The step of the urgent-alert rule that records the alert as sent. */
export const URGENT_ALERT_STEP = 'sent'

/**
 * The community staff group's 【紧急】 alert of an urgent case, at most once per case: it is claimed as the
 * urgent-alert rule's step, so whoever sends it first (intake, #改类, the rule retrying a safety case that
 * had no staff group to go to) is the only one. Empty when no staff group could be told, or it went out already.
 * `claim` defaults to claiming the rule's step directly; the rule passes its own bound claim.
 */
export function alertCommunity(
  deps: Pick<CoreDeps, 'repos'>,
  c: Case,
  grid: string,
  now: number,
  claim: () => boolean = () => deps.repos.firings.claim(URGENT_ALERT_RULE, caseSubject(c.id), URGENT_ALERT_STEP, 0, now),
): Outgoing[] {
  if (!c.communityId) return []
  const text = caseText.report.urgentToCommunity(c.id, c.category, grid, formatLocation(c.location), c.assigneeName, c.text)
  const out = toCommunityStaff(deps, c.communityId, text, 'urgent')
  return out.length && claim() ? out : []
}
