import type { InboundMessage } from '../domain/model.js'
import type { Repos } from '../domain/ports.js'
import { normalizeText } from '../parse/normalize.js'
import { directoryText } from '../text/directory.js'

/** One of the accounts as the inbound filter sees it. */
export interface AnsweringAccount {
  name: string
  standby: boolean
  contactId: string
}

const BIND_WORDS = [directoryText.bindGrid.words, directoryText.bindStaff.words, directoryText.bindDepartment.words].flatMap((w) => [
  w.name,
  ...w.aliases,
])
/** A #绑定网格 / #绑定工作群 / #绑定部门 (an @-mention or two may come first). */
const BIND = new RegExp(`^\\s*(?:@\\S+\\s+)*[#/](?:${BIND_WORDS.join('|')})`)

/**
 * Whether `account` handles a group message it received (several of our accounts may be in one group, and each
 * receives it: exactly one must handle it). A #绑定… that @-mentions one of our accounts is that account's, which
 * becomes the group's owner; any other message is the answering account's (the owner while it is healthy and
 * logged in, else the first such account of ours in the group); a group nobody answers yet is claimed by the first
 * non-standby account that hears from it. Private messages reach one account only: always handled.
 */
export function answersHere(repos: Repos, account: AnsweringAccount, ours: Map<string, string>, m: InboundMessage, now: number): boolean {
  if (!m.roomId) return true
  if (BIND.test(normalizeText(m.text))) {
    const target = m.mentionIds.map((id) => ours.get(id)).find((name) => name !== undefined)
    if (target !== undefined) {
      if (target !== account.name) return false
      repos.accounts.claim(m.roomId, account.name, now, true)
      return true
    }
  }
  const answerer = repos.accounts.answererOf(m.roomId)
  if (answerer !== undefined) return answerer === account.name
  if (account.standby) return false
  if (!repos.directory.group(m.roomId)) repos.directory.touchGroup(m.roomId, m.roomTopic ?? '', now)
  repos.accounts.claim(m.roomId, account.name, now)
  return repos.accounts.ownerOf(m.roomId) === account.name
}
