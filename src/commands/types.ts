import type { Clock } from '../clock.js'
import type { StaffScope } from '../domain/case-machine.js'
import type { Policy } from '../domain/policy.js'
import type { Role } from '../domain/types.js'
import type { GroupInfo } from '../store/directory-repo.js'
import type { Priority } from '../store/outbox-repo.js'
import type { Repos } from '../store/repos.js'

/** A message as the core sees it: plain data, no Wechaty. */
export interface InboundMessage {
  id: string
  /** The group it was said in; null for a private chat with the bot. */
  roomId: string | null
  roomTopic?: string
  senderId: string
  /** The sender's group nickname, or WeChat name. */
  senderName: string
  /** The sender's WeChat name (GRIDBOT_ADMINS may name people by it). */
  senderWechatName?: string
  kind: 'text' | 'image' | 'other'
  text: string
  /** Contacts really @-mentioned (not someone typing "@name" by hand). */
  mentionIds: string[]
  /** Group nicknames of the mentioned contacts, same order as mentionIds, where known. */
  mentionNames?: string[]
  self: boolean
}

/** Something the bot will say. */
export interface Outgoing {
  conversationId: string
  isRoom: boolean
  text: string
  mentionIds: string[]
  priority: Priority
}

/** Who sent a command: their highest role and the cases they may act on. */
export interface Actor { id: string; name: string; role: Role; scope: StaffScope }

/** What the core needs from the world: stores, settings and time. */
export interface CoreDeps {
  repos: Repos
  clock: Clock
  policy: Policy
  timeZone: string
  admins: string[]
  bot: { id: string; name: string }
  /** Largest report text accepted. */
  maxReportChars?: number
}

/** What a command's `run` gets. */
export interface CommandContext {
  deps: CoreDeps
  msg: InboundMessage
  /** The text after the command word, normalised. */
  args: string
  /** Mentions of others (the bot left out). */
  mentionIds: string[]
  actor: Actor
  group: GroupInfo | undefined
  now: number
}

/** A command's outcome: what to say, and image attachments to fetch after commit. */
export interface CommandResult { out: Outgoing[]; fetchAttachments?: number[] }

/** A chat command, declared once (Koishi / grammY style). */
export interface CommandSpec {
  name: string
  aliases: string[]
  role: Role
  usage: string
  summary: string
  /** Group-only commands refuse a private chat. */
  groupOnly?: boolean
  run(ctx: CommandContext): CommandResult | Outgoing[]
}

/** A bad or missing argument; the handler answers with the command's usage line. */
export class UsageError extends Error {}

/** Declares a command. */
export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec
}
