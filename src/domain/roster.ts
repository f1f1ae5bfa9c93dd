import { parseNickname } from '../parse/nickname.js'
import type { RosterEntry } from './model.js'

/** A roster entry with its nickname parsed (name, building, unit, room). */
export function rosterEntry(contactId: string, nickname: string): RosterEntry {
  return { contactId, nickname, ...parseNickname(nickname) }
}
