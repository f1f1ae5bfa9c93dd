import { MINUTE } from '../clock.js'
import type { CoreDeps } from '../domain/core.js'
import { DEFAULT_MAX_REPORT_CHARS, fileCase } from '../domain/intake.js'
import { attachPhoto } from '../domain/photos.js'
import type { Case, InboundMessage } from '../domain/model.js'
import { replyTo } from '../domain/outgoing.js'
import { parseRating, rateCase } from '../domain/rating.js'
import { recategorizeCase } from '../domain/recategorize.js'
import { isOpen } from '../domain/types.js'
import { parseCorrection } from '../parse/category.js'
import { quotedCaseNumber, type Quote } from '../parse/quote.js'
import { analyzeReport } from '../parse/report.js'
import { caseText } from '../text/cases.js'
import type { Listener } from './types.js'

const CONFIRM_WINDOW = 10 * MINUTE
/** How long after filing the reporter may correct the category by a plain reply. */
const CORRECTION_WINDOW = 10 * MINUTE

/** An image from a member: attached to their case of the last 10 minutes, or kept for the case they are about to file. */
export const photo: Listener = {
  id: 'photo',
  take: ({ deps, msg: m, now, fetch }) => {
    if (m.kind !== 'image') return undefined
    const r = attachPhoto(deps, m, now)
    fetch(r.fetch)
    return r.out
  },
}

/** 满意 / 不满意 / 1-5 from a reporter whose case was just resolved (within the follow-up window). */
export const plainRating: Listener = {
  id: 'rating',
  take: ({ deps, msg: m, text, now, actor }) => {
    const rating = parseRating(text)
    if (!rating) return undefined
    const waiting = deps.repos.caseQueries.awaitingRating(m.senderId, m.roomId, now - deps.policy.followUp)
    if (waiting.length === 0) return undefined
    // Two cases just resolved: which one a bare 不满意 is about is the resident's to say (it may reopen one).
    if (waiting.length > 1)
      return [
        replyTo(
          m,
          caseText.rate.which(
            waiting.map((c) => ({ id: c.id, category: c.category })),
            text,
          ),
        ),
      ]
    return rateCase(deps, m, actor(), waiting[0]!.id, rating, '', now)
  },
}

/** 是, 好的, 嗯, 对 (and their variants) within 10 minutes of the bot's 要登记为报事吗 file the pending report. */
export const confirmReport: Listener = {
  id: 'confirm-report',
  take: ({ deps, msg: m, text, now, fetch }) => {
    if (!caseText.report.confirmWords.test(text)) return undefined
    // Only a question still open takes the word; otherwise 好的 / 对 go on to the notice and rating listeners.
    const pending = deps.repos.inbound.takePending(m.roomId ?? '', m.senderId)
    if (!pending || now - pending.createdAt > CONFIRM_WINDOW) return undefined
    const filed = fileCase(deps, m, pending.text, pending.messageId, now)
    fetch(filed.photos)
    return filed.out
  },
}

/**
 * The reporter's own correction of the category (类别不对，是安全隐患 / 不是维修 是纠纷), quoting the bot's
 * confirmation or not: it applies to their newest open case filed in this chat in the last 10 minutes (with a
 * quote naming a case, that one). Anything else — too late, not theirs, not a correction — goes on to the next
 * listener.
 */
export const categoryCorrection: Listener = {
  id: 'category-correction',
  take: ({ deps, msg: m, text, quote, now, actor }) => {
    const category = parseCorrection(text)
    const c = category && correctable(deps, m, quote, now)
    return c ? recategorizeCase(deps, m, actor(), c.id, category, 'reporter', now) : undefined
  },
}

/** The sender's case a correction is about; a private chat's cases are those filed privately. */
function correctable(deps: CoreDeps, m: InboundMessage, quote: Quote | undefined, now: number): Case | undefined {
  const quoted = quote && quotedCaseNumber(quote)
  const here = (c: Case) => (m.roomId ? c.roomId === m.roomId && !c.filedPrivately : c.filedPrivately)
  const recent = deps.repos.cases
    .byReporter(m.senderId, 20)
    .filter((c) => here(c) && isOpen(c.state) && c.createdAt >= now - CORRECTION_WINDOW)
  return quoted === undefined ? recent[0] : recent.find((c) => c.id === quoted)
}

/** A message that reads like a problem, in a grid group or privately: one short question whether to file it. */
export const problemQuestion: Listener = {
  id: 'problem-question',
  take: ({ deps, msg: m, text, now }) => {
    const inGridGroup = m.roomId ? deps.repos.directory.group(m.roomId)?.kind === 'grid' : true
    if (!inGridGroup || text.length > (deps.maxReportChars ?? DEFAULT_MAX_REPORT_CHARS) || !analyzeReport(text).looksLikeProblem)
      return undefined
    deps.repos.inbound.setPending({ roomId: m.roomId ?? '', contactId: m.senderId, text, messageId: m.id, createdAt: now })
    return [replyTo(m, caseText.report.askToRegister)]
  },
}
