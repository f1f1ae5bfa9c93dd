import { MINUTE } from '../clock.js'
import { canActAs } from '../domain/roles.js'
import { normalizeText } from '../parse/normalize.js'
import { parseQuote, type Quote } from '../parse/quote.js'
import { analyzeReport } from '../parse/report.js'
import { parseTrigger } from '../parse/trigger.js'
import { resolveActor } from './actor.js'
import { enqueue } from './enqueue.js'
import { allCommands } from './index.js'
import { ATTACH_WINDOW, fileCase } from './intake.js'
import { msg } from './messages.js'
import { acknowledgeMessage } from './notice-actions.js'
import { parseRating, rateCase } from './rating.js'
import { createRegistry, type Registry } from './registry.js'
import { replyTo } from './replies.js'
import { UsageError, type CommandResult, type CommandSpec, type CoreDeps, type InboundMessage, type Outgoing } from './types.js'

/** Messages longer than this are not parsed: a command gets one line back, anything else is ignored. */
export const MAX_INBOUND_CHARS = 5000
const CONFIRM_WINDOW = 10 * MINUTE
const CONFIRM_WORDS = /^(是|是的|登记|确认|要)[!！。.~]*$/

/** What became of one inbound message. */
export interface HandleOutcome {
  status: 'handled' | 'duplicate' | 'self' | 'error'
  out: Outgoing[]
  fetchAttachments: number[]
  error?: unknown
}

/** Settings the handler needs beyond the core's. */
export interface HandlerDeps extends CoreDeps { mentionsPerMessage: number }

/**
 * The one place that sequences a message: dedupe → trigger → permit → run → outbox, in one transaction,
 * behind one error boundary. Synchronous, so the whole of it commits or none of it does.
 */
export function createMessageHandler(deps: HandlerDeps, commands: CommandSpec[] = allCommands()) {
  const registry = createRegistry(commands)
  const { repos } = deps

  const write = (out: Outgoing[], now: number) => enqueue(repos, out, now, deps.mentionsPerMessage)

  /** One message inside the batch's transaction, in a savepoint of its own: a failure rolls back only this message. */
  function handleOne(m: InboundMessage, now: number): HandleOutcome {
    if (m.self) return { status: 'self', out: [], fetchAttachments: [] }
    try {
      return repos.transaction(() => {
        if (!repos.inbound.markProcessed(m.id, now)) return { status: 'duplicate', out: [], fetchAttachments: [] }
        if (m.roomId) rememberPeople(deps, m, now)
        const result = route(deps, registry, m, now)
        write(result.out, now)
        return { status: 'handled', out: result.out, fetchAttachments: result.fetchAttachments ?? [] }
      })
    } catch (error) {
      // Recorded as processed so a redelivery does not fail the same way again; a command gets one line back.
      const out = /^\s*[#＃/]/.test(m.text.slice(0, 10)) ? [replyTo(m, msg.internalError)] : []
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

/** Records the group, the sender and anyone mentioned when the roster has not seen them yet. */
function rememberPeople(deps: CoreDeps, m: InboundMessage, now: number): void {
  const { directory, members } = deps.repos
  const roomId = m.roomId!
  if (!directory.group(roomId)) directory.touchGroup(roomId, m.roomTopic ?? '', now)
  const people = [{ contactId: m.senderId, nickname: m.senderName }]
  m.mentionIds.forEach((id, i) => m.mentionNames?.[i] && people.push({ contactId: id, nickname: m.mentionNames[i]! }))
  for (const p of people) if (p.contactId !== deps.bot.id && !members.get(roomId, p.contactId)) members.upsert(roomId, p, now)
}

function route(deps: CoreDeps, registry: Registry, m: InboundMessage, now: number): CommandResult {
  if (m.kind === 'image') return attachImage(deps, m, now)
  if (m.kind !== 'text') return { out: [] }
  if (m.text.length > MAX_INBOUND_CHARS) {
    return { out: /^\s*[#＃/]/.test(m.text.slice(0, 10)) ? [replyTo(m, msg.tooLong(MAX_INBOUND_CHARS))] : [] }
  }
  const normalized = normalizeText(m.text)
  const quote = parseQuote(normalized)
  const text = quote?.reply ?? normalized
  const trigger = parseTrigger(text, { botName: deps.bot.name, mentioned: m.mentionIds.includes(deps.bot.id), words: registry.words })
  switch (trigger.kind) {
    case 'command':
      return runCommand(deps, registry.get(trigger.word)!, m, trigger.args, now)
    case 'unknown-command':
      return { out: trigger.word ? [replyTo(m, msg.unknownCommand(trigger.word))] : [] }
    case 'report':
      return fileCase(deps, m, trigger.text, m.id, now)
    case 'none':
      return untriggered(deps, registry, m, trigger.text, quote, now)
  }
}

function runCommand(deps: CoreDeps, spec: CommandSpec, m: InboundMessage, args: string, now: number): CommandResult {
  if (spec.groupOnly && !m.roomId) return { out: [replyTo(m, msg.groupOnly)] }
  const group = m.roomId ? deps.repos.directory.group(m.roomId) : undefined
  const actor = resolveActor(deps, m)
  if (!canActAs(actor.role, spec.role)) return { out: [replyTo(m, msg.roleRequired(spec.role))] }
  try {
    const mentionIds = m.mentionIds.filter((id) => id !== deps.bot.id)
    const result = spec.run({ deps, msg: m, args, mentionIds, actor, group, now })
    return Array.isArray(result) ? { out: result } : result
  } catch (err) {
    if (err instanceof UsageError) return { out: [replyTo(m, msg.usage(spec.usage))] }
    throw err
  }
}

/**
 * A message with no trigger: an acknowledgement of a notice, a rating of the sender's just-resolved case,
 * a 是 confirming an earlier question, a problem worth asking about, or chat. A plain "1" is an
 * acknowledgement when the sender owes one here, and a rating otherwise ("收到请回复1" is the common
 * case, and a mistaken 1-star rating would reopen a case).
 */
function untriggered(deps: CoreDeps, registry: Registry, m: InboundMessage, text: string, quote: Quote | undefined, now: number): CommandResult {
  const conversation = m.roomId ?? ''
  const acked = acknowledgeMessage(deps, m, text, quote, now)
  if (acked) return { out: acked }
  const rating = parseRating(text)
  if (rating) {
    const c = deps.repos.caseQueries.awaitingRating(m.senderId, m.roomId, now - deps.policy.followUp)
    if (c) {
      const group = m.roomId ? deps.repos.directory.group(m.roomId) : undefined
      return rateCase({ deps, msg: m, args: '', mentionIds: [], actor: resolveActor(deps, m), group, now }, c.id, rating, '')
    }
  }
  if (CONFIRM_WORDS.test(text)) {
    const pending = deps.repos.inbound.takePending(conversation, m.senderId)
    if (pending && now - pending.createdAt <= CONFIRM_WINDOW) return fileCase(deps, m, pending.text, pending.messageId, now)
    return { out: [] }
  }
  const inGridGroup = m.roomId ? deps.repos.directory.group(m.roomId)?.kind === 'grid' : true
  if (inGridGroup && text.length <= (deps.maxReportChars ?? 500) && analyzeReport(text).looksLikeProblem) {
    deps.repos.inbound.setPending({ roomId: conversation, contactId: m.senderId, text, messageId: m.id, createdAt: now })
    return { out: [replyTo(m, msg.askToRegister)] }
  }
  if (!m.roomId) return runCommand(deps, registry.get('help')!, m, '', now)
  return { out: [] }
}

/** An image from a member: attached to their case of the last 10 minutes, or kept for the case they are about to file. */
function attachImage(deps: CoreDeps, m: InboundMessage, now: number): CommandResult {
  if (!m.roomId) return { out: [] }
  const c = deps.repos.cases.latestBy(m.roomId, m.senderId, now - ATTACH_WINDOW)
  const id = deps.repos.cases.addAttachment({ caseId: c?.id ?? null, roomId: m.roomId, senderId: m.senderId, messageId: m.id, createdAt: now })
  if (!c || id === undefined) return { out: [] }
  deps.repos.cases.addEvent(c.id, { at: now, actorId: m.senderId, actorName: c.reporterName, kind: 'attachment', text: '' })
  return { out: [], fetchAttachments: [id] }
}
