import { MINUTE } from '../clock.js'
import { ATTACH_WINDOW, DEFAULT_MAX_REPORT_CHARS, fileCase } from '../domain/intake.js'
import { replyTo } from '../domain/outgoing.js'
import { parseRating, rateCase } from '../domain/rating.js'
import { analyzeReport } from '../parse/report.js'
import { caseText } from '../text/cases.js'
import type { Listener } from './types.js'

const CONFIRM_WINDOW = 10 * MINUTE

/** An image from a member: attached to their case of the last 10 minutes, or kept for the case they are about to file. */
export const photo: Listener = {
  id: 'photo',
  take: ({ deps, msg: m, now, fetch }) => {
    if (m.kind !== 'image') return undefined
    if (!m.roomId) return []
    const c = deps.repos.cases.latestBy(m.roomId, m.senderId, now - ATTACH_WINDOW)
    const id = deps.repos.cases.addAttachment({
      caseId: c?.id ?? null,
      roomId: m.roomId,
      senderId: m.senderId,
      messageId: m.id,
      createdAt: now,
    })
    if (!c || id === undefined) return []
    deps.repos.cases.addEvent(c.id, { at: now, actorId: m.senderId, actorName: c.reporterName, kind: 'attachment', text: '' })
    fetch([id])
    return []
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

/** 是 (and its variants) within 10 minutes of the bot's 要登记为报事吗 files the pending report. */
export const confirmReport: Listener = {
  id: 'confirm-report',
  take: ({ deps, msg: m, text, now, fetch }) => {
    if (!caseText.report.confirmWords.test(text)) return undefined
    const pending = deps.repos.inbound.takePending(m.roomId ?? '', m.senderId)
    if (!pending || now - pending.createdAt > CONFIRM_WINDOW) return []
    const filed = fileCase(deps, m, pending.text, pending.messageId, now)
    fetch(filed.photos)
    return filed.out
  },
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
