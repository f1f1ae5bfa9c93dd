import { signElder, signEndedChase } from '../domain/elders.js'
import { replyTo } from '../domain/outgoing.js'
import { isCheckInWord } from '../parse/elder-words.js'
import { elderText as t } from '../text/elders.js'
import type { Listener, Observer } from './types.js'

/**
 * An elder's sign is any message of theirs — in their grid group, any other group, or privately; a command,
 * a report, a photo, a voice message — so it is recorded before the message is routed, and the message is
 * then handled as usual (an elder's report is still a report). The first voice, sticker or photo of the day
 * sent privately gets the warm reply a 好 gets (nothing else would answer it).
 */
export const elderSignSeen: Observer = {
  id: 'elder-sign',
  see: ({ deps, msg, now }) => {
    const e = deps.repos.elders.byContact(msg.senderId)
    if (!e) return []
    const r = signElder(deps, e, 'self', { id: msg.senderId, name: e.name }, now)
    const unanswered = !msg.roomId && msg.kind !== 'text' && r.first
    return unanswered ? [...r.out, replyTo(msg, t.warm.reply(r.endedChase))] : r.out
  },
}

/** A private 平安 / 签到 / 好 (早上好, 我很好, 👍, [强] …) from an elder looked after: a short warm reply. */
export const elderSign: Listener = {
  id: 'elder-sign',
  take: ({ deps, msg, text, now }) => {
    if (msg.roomId || msg.kind !== 'text' || !isCheckInWord(text)) return undefined
    const e = deps.repos.elders.byContact(msg.senderId)
    return e ? [replyTo(msg, t.warm.reply(signEndedChase(deps, e, now)))] : undefined
  },
}
