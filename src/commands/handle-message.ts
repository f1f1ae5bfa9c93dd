import { resolveActor } from '../domain/actor.js'
import type { CoreDeps } from '../domain/core.js'
import type { InboundMessage, Outgoing } from '../domain/model.js'
import { enqueue, replyTo } from '../domain/outgoing.js'
import { Refusal } from '../domain/refusal.js'
import { isStorageFailure } from '../domain/storage-failure.js'
import { canActAs } from '../domain/roles.js'
import { normalizeText, stripControl } from '../parse/normalize.js'
import { parseTrigger, readMessage } from '../parse/trigger.js'
import { rosterEntry } from '../domain/roster.js'
import { commonText } from '../text/common.js'
import { DEFAULT_MAX_REPORT_CHARS } from '../domain/intake.js'
import { parseArgs } from './args.js'
import { createCommandBudget, type CommandBudget } from './budget.js'
import { orderListeners } from './plain-messages.js'
import { createRegistry, type Registry } from './registry.js'
import type { CommandSpec, Listener, ListenerContext, Observer } from './types.js'

/** Messages longer than this are not parsed: a command gets one line back, anything else is ignored. */
export const MAX_INBOUND_CHARS = 5000
const COMMAND_START = /^\s*[#＃/]/

/** What became of one inbound message. */
export interface HandleOutcome {
  status: 'handled' | 'duplicate' | 'self' | 'error'
  out: Outgoing[]
  fetchAttachments: number[]
  error?: unknown
}

/** What a message handler is built from: the commands and plain-message listeners the features registered. */
export interface HandlerParts {
  commands: CommandSpec[]
  listeners: Listener[]
  /** See every handled message before it is routed (in the order given). */
  observers?: Observer[]
}

/** What routing one message yields before it is written. */
interface Routed {
  out: Outgoing[]
  fetch: number[]
}

/**
 * The one place that sequences a message: dedupe → trigger → permit → run → outbox, in one transaction,
 * behind one error boundary. Synchronous, so the whole of it commits or none of it does.
 */
export function createMessageHandler(deps: CoreDeps, parts: HandlerParts) {
  const registry = createRegistry(parts.commands)
  const listeners = orderListeners(parts.listeners)
  const observers = parts.observers ?? []
  const budget = createCommandBudget(deps.commandBudget)
  const { repos } = deps
  const write = (out: Outgoing[], now: number) => enqueue(repos.outbox, out, now, deps.mentionsPerMessage)

  /** One message inside the batch's transaction, in a savepoint of its own: a failure rolls back only this message. */
  function handleOne(raw: InboundMessage, now: number): HandleOutcome {
    if (raw.self) return { status: 'self', out: [], fetchAttachments: [] }
    const m = { ...raw, text: stripControl(raw.text), senderName: stripControl(raw.senderName) }
    try {
      return repos.transaction(() => {
        if (!repos.inbound.markProcessed(m.id, now)) return { status: 'duplicate', out: [], fetchAttachments: [] }
        // As the account that received it: "@小助手2" is a mention of the bot when 小助手2 heard it.
        const as = (m.account && deps.botOf?.(m.account)) || undefined
        const d = as ? { ...deps, bot: as } : deps
        if (m.roomId) rememberSender(d, m, now)
        const seen = observers.flatMap((o) => o.see({ deps: d, msg: m, now }))
        const r = route({ deps: d, registry, listeners, budget }, m, now)
        const out = [...seen, ...r.out]
        write(out, now)
        return { status: 'handled', out, fetchAttachments: r.fetch }
      })
    } catch (error) {
      // The database cannot write: nothing of the batch can be stored (not even 系统繁忙), so the caller keeps it.
      if (isStorageFailure(error)) throw error
      // Recorded as processed so a redelivery does not fail the same way again; a command gets one line back.
      const out = COMMAND_START.test(m.text.slice(0, 10)) ? [replyTo(m, commonText.internalError)] : []
      repos.inbound.markProcessed(m.id, now)
      write(out, now)
      return { status: 'error', out, fetchAttachments: [], error }
    }
  }

  /**
   * Handles messages that arrived together in one SQLite transaction (a group commit): each message
   * commits all or nothing, and the batch costs one write to disk instead of one per message.
   */
  function handleBatch(ms: InboundMessage[]): HandleOutcome[] {
    const now = deps.clock.now()
    return repos.transaction(() => ms.map((m) => handleOne(m, now)))
  }

  function handle(m: InboundMessage): HandleOutcome {
    return handleBatch([m])[0]!
  }

  return { handle, handleBatch, registry }
}

/**
 * Records the group and the sender when the roster has not seen them yet: a message said in a group proves its
 * sender is there. Someone merely @-mentioned is recorded by nothing: only the roster (sync, join events) makes a
 * member, so a message mentioning thousands of strangers adds none to a notice's recipients.
 */
function rememberSender(deps: CoreDeps, m: InboundMessage, now: number): void {
  const { directory, members } = deps.repos
  const roomId = m.roomId!
  if (!directory.group(roomId)) directory.touchGroup(roomId, m.roomTopic ?? '', now)
  if (m.senderId !== deps.bot.id && !deps.ours?.(m.senderId) && !members.get(roomId, m.senderId))
    members.upsert(roomId, rosterEntry(m.senderId, m.senderName), now)
}

/** Runs `fn`; a refusal becomes its one line back to the sender. */
function answering(m: InboundMessage, fn: () => Outgoing[] | undefined): Outgoing[] | undefined {
  try {
    return fn()
  } catch (err) {
    if (err instanceof Refusal) return [replyTo(m, err.line)]
    throw err
  }
}

/** What routing a message works with. */
interface Router {
  deps: CoreDeps
  registry: Registry
  listeners: Listener[]
  budget: CommandBudget
}

function route({ deps, registry, listeners, budget }: Router, m: InboundMessage, now: number): Routed {
  const fetch: number[] = []
  const done = (out: Outgoing[] | undefined): Routed => ({ out: out ?? [], fetch })
  /** Commands and reports spend the sender's budget before they run; past it, one line, then silence. */
  const budgeted = (run: () => Outgoing[] | undefined): Routed => {
    const verdict = budget.take(m.senderId, now)
    return done(verdict === 'run' ? run() : verdict === 'warn' ? [replyTo(m, commonText.tooFrequent)] : [])
  }
  if (m.kind === 'other') return done([])
  if (m.kind === 'text' && m.text.length > MAX_INBOUND_CHARS) {
    const out = tooLong(deps, registry, m)
    return out.length ? budgeted(() => out) : done([])
  }
  const { text, quote, trigger } = readMessage(m.text, {
    botName: deps.bot.name,
    mentioned: m.mentionIds.includes(deps.bot.id),
    words: registry.words,
  })
  // A command runs in a savepoint of its own: one that refuses after writing something leaves nothing behind.
  const command = (spec: CommandSpec, args: string) =>
    budgeted(() => answering(m, () => deps.repos.transaction(() => runCommand(deps, spec, m, args, now, fetch))))
  if (m.kind === 'text') {
    if (trigger.kind === 'command') return command(registry.get(trigger.word)!, trigger.args)
    if (trigger.kind === 'unknown-command')
      return trigger.word ? budgeted(() => [replyTo(m, commonText.unknownCommand(trigger.word!))]) : done([])
    if (trigger.kind === 'report') return command(registry.get('report')!, trigger.text)
  }
  const ctx: ListenerContext = { deps, msg: m, text, quote, now, actor: () => resolveActor(deps, m), fetch: (ids) => fetch.push(...ids) }
  for (const l of listeners) {
    const out = answering(m, () => l.take(ctx))
    if (out) return done(spendOnReplies(budget, m, out, now))
  }
  return done([])
}

/** The limit of a command's text: its own, or the report limit. */
const limitOf = (deps: CoreDeps, spec: CommandSpec) => spec.limit ?? { chars: deps.maxReportChars ?? DEFAULT_MAX_REPORT_CHARS }

/**
 * A message too long to parse whole: a command or a report (by #, a report prefix or an @ of the bot, read from
 * its start) gets the one line with the limit that applies to it; anything else is chat, and ignored.
 */
function tooLong(deps: CoreDeps, registry: Registry, m: InboundMessage): Outgoing[] {
  const head = normalizeText(m.text.slice(0, 200))
  const trigger = parseTrigger(head, { botName: deps.bot.name, mentioned: m.mentionIds.includes(deps.bot.id), words: registry.words })
  const spec = trigger.kind === 'command' ? registry.get(trigger.word) : trigger.kind === 'report' ? registry.get('report') : undefined
  if (!spec && trigger.kind !== 'unknown-command') return []
  const limit = spec ? limitOf(deps, spec) : { chars: deps.maxReportChars ?? DEFAULT_MAX_REPORT_CHARS }
  return [replyTo(m, commonText.tooLong(limit.chars, limit.what))]
}

/**
 * A plain message that got an answer back (a question whether to file it, #帮助 in private chat) spends the
 * budget like a command; its effects stand, but past the budget the answer is dropped. What the message
 * causes for others (the handler told of a rating, a notice's author of the last acknowledgement) still goes.
 */
function spendOnReplies(budget: CommandBudget, m: InboundMessage, out: Outgoing[], now: number): Outgoing[] {
  const here = m.roomId ?? m.senderId
  const isReply = (o: Outgoing) => o.priority !== 'push' && o.conversationId === here
  if (!out.some(isReply)) return out
  const verdict = budget.take(m.senderId, now)
  if (verdict === 'run') return out
  const others = out.filter((o) => !isReply(o))
  return verdict === 'warn' ? [replyTo(m, commonText.tooFrequent), ...others] : others
}

/** Checks where and who, reads the arguments, runs the command. */
export function runCommand(
  deps: CoreDeps,
  spec: CommandSpec,
  m: InboundMessage,
  args: string,
  now: number,
  fetch: number[] = [],
): Outgoing[] {
  if (spec.groupOnly && !m.roomId) return [replyTo(m, commonText.groupOnly)]
  const group = m.roomId ? deps.repos.directory.group(m.roomId) : undefined
  const actor = resolveActor(deps, m)
  if (!canActAs(actor.role, spec.role)) return [replyTo(m, commonText.roleRequired(spec.role))]
  const limit = limitOf(deps, spec)
  if (args.length > limit.chars) return [replyTo(m, commonText.tooLong(limit.chars, limit.what))]
  const mentionIds = m.mentionIds.filter((id) => id !== deps.bot.id)
  const parsed = parseArgs(spec.args, spec.usage, { rest: args, mentionIds })
  return spec.run({ deps, msg: m, args: parsed, mentionIds, actor, group, now, fetch: (ids) => fetch.push(...ids) })
}
