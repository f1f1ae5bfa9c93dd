import { checkCommunity } from '../domain/elder-check.js'
import { ELDER_CHECK_RULE } from '../domain/types.js'
import { defineRule } from './rule.js'

/**
 * The elder check-in's chase, one community at a time (its staff group hears of a tick's escalations in one
 * message): the communities with an elder due come from an index on next_at, so the cost follows what is due.
 * Steps are claimed per elder and day (`elder:<id>`, `<day>:list`), not per community.
 */
export const elderCheck = defineRule<number>({
  id: ELDER_CHECK_RULE,
  due: (deps, now) => deps.repos.elders.dueCommunities(now),
  subject: (communityId) => `community:${communityId}`,
  fire: ({ deps, now }, communityId) => checkCommunity(deps, communityId, now),
})
