import type { CoreDeps } from './core.js'
import type { Outgoing } from './model.js'
import { toRoom } from './outgoing.js'
import { accountsText } from '../text/accounts.js'

/**
 * What each community's staff group hears when an account serving it becomes unhealthy (who carries its groups
 * now, or that some wait) or healthy again. Sent as replies (not held by the quiet hours), through whichever
 * healthy account is in the staff group.
 */
export function failoverNotes(deps: Pick<CoreDeps, 'repos'>, account: string, healthy: boolean): Outgoing[] {
  const { repos } = deps
  const out: Outgoing[] = []
  for (const { communityId, roomIds } of repos.accounts.communitiesOf(account)) {
    const standIns = roomIds.map((r) => repos.accounts.senderOf(r))
    const standIn = standIns.find((s) => s !== undefined && s !== account)
    const stranded = standIns.filter((s) => s === undefined).length
    const text = healthy
      ? accountsText.recovered(account)
      : standIn === undefined
        ? accountsText.offlineNobody(account, stranded)
        : stranded
          ? accountsText.offlineSome(account, standIn, stranded)
          : accountsText.offline(account, standIn)
    for (const staffRoom of repos.directory.staffGroups({ communityId })) out.push(toRoom(staffRoom, text, [], 'reply'))
  }
  return out
}
