import type { Actor } from '../domain/actor.js'
import type { CoreDeps } from '../domain/core.js'
import type { GroupInfo, InboundMessage, Outgoing } from '../domain/model.js'
import type { Quote } from '../parse/quote.js'
import type { Role } from '../domain/types.js'
import { usageOf, type Arg, type ArgsOf } from './args.js'

/** What a command's `run` gets. */
export interface CommandContext<A = Record<string, unknown>> {
  deps: CoreDeps
  msg: InboundMessage
  /** The parsed arguments, typed by the spec's `args`. */
  args: A
  /** Mentions of others (the bot left out). */
  mentionIds: string[]
  actor: Actor
  group: GroupInfo | undefined
  now: number
  /** Image attachments to download once the message has committed. */
  fetch(attachmentIds: number[]): void
}

/** A chat command, declared once (Koishi / grammY style): its words, role, arguments and what it does. */
export interface CommandSpec<A = Record<string, unknown>> {
  name: string
  aliases: string[]
  role: Role
  /** Written from the arguments: `#办结 <编号> <结果>`. */
  usage: string
  summary: string
  /** Group-only commands refuse a private chat. */
  groupOnly?: boolean
  /** The longest argument text taken (the report limit, 500, when unset) and what the refusal calls it. */
  limit?: { chars: number; what?: string }
  args: readonly Arg<string, unknown>[]
  /** #帮助 lists the command to those of its role for whom this is true (everyone when unset). */
  shownTo?(deps: CoreDeps, actor: Actor): boolean
  /** Returns what to say; says no by throwing a Refusal. */
  run(ctx: CommandContext<A>): Outgoing[]
}

/** The words a feature's text module gives a command. */
export interface CommandWords {
  words: { name: string; aliases: string[] }
  summary: string
  usageNote?: string
}

/** Declares a command: its text (words, summary), role and typed arguments; the usage line is written from them. */
export function defineCommand<const L extends readonly Arg<string, unknown>[]>(spec: {
  text: CommandWords
  role: Role
  groupOnly?: boolean
  limit?: { chars: number; what?: string }
  args?: L
  shownTo?(deps: CoreDeps, actor: Actor): boolean
  run(ctx: CommandContext<ArgsOf<L>>): Outgoing[]
}): CommandSpec<ArgsOf<L>> {
  const args = spec.args ?? ([] as unknown as L)
  return {
    name: spec.text.words.name,
    aliases: spec.text.words.aliases,
    role: spec.role,
    summary: spec.text.summary,
    usage: usageOf(spec.text.words.name, args, spec.text.usageNote),
    args,
    ...(spec.groupOnly ? { groupOnly: true } : {}),
    ...(spec.limit ? { limit: spec.limit } : {}),
    ...(spec.shownTo ? { shownTo: spec.shownTo } : {}),
    run: spec.run,
  }
}

/** What a plain-message listener gets: the message, its text (the reply part of a quote) and the quote. */
export interface ListenerContext {
  deps: CoreDeps
  msg: InboundMessage
  text: string
  quote: Quote | undefined
  now: number
  /** The sender as a command would see them. */
  actor(): Actor
  fetch(attachmentIds: number[]): void
}

/** A listener for messages that are not commands; returns undefined when the message is not its to take. */
export interface Listener<Id extends string = string> {
  id: Id
  take(ctx: ListenerContext): Outgoing[] | undefined
}

/**
 * Sees every message that is handled — commands, reports, plain messages, images, voice — before it is routed,
 * and may say something besides (an elder's sign is any message of theirs). It never takes the message.
 */
export interface Observer {
  id: string
  see(ctx: { deps: CoreDeps; msg: InboundMessage; now: number }): Outgoing[]
}
