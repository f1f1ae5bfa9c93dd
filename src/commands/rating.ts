import type { Rating } from '../domain/types.js'
import { RATING_LABELS } from '../domain/types.js'
import { caseNumberAndRest } from './args.js'
import { act } from './case-actions.js'
import { toCommunityStaff } from './intake.js'
import { replyTo, toContact } from './replies.js'
import { defineCommand, UsageError, type CommandContext, type CommandResult, type Outgoing } from './types.js'
import { wmsg } from './workflow-messages.js'

const WORDS: Record<string, [Rating, number]> = {
  非常满意: ['satisfied', 5], 满意: ['satisfied', 5], 基本满意: ['basic', 3], 一般: ['basic', 3], 不满意: ['unsatisfied', 1], 很不满意: ['unsatisfied', 1],
}

/** 满意/基本满意/不满意 or a 1–5 score (4–5 满意, 3 基本满意, 1–2 不满意); undefined for anything else. */
export function parseRating(word: string): { rating: Rating; score: number } | undefined {
  const w = word.replace(/[!！。.~～]+$/, '').trim()
  const hit = WORDS[w]
  if (hit) return { rating: hit[0], score: hit[1] }
  const m = /^([1-5])\s*分?$/.exec(w)
  if (!m) return undefined
  const score = Number(m[1])
  return { rating: score >= 4 ? 'satisfied' : score === 3 ? 'basic' : 'unsatisfied', score }
}

/** Stores a rating; 不满意 reopens the case and tells the handler and community staff. */
export function rateCase(ctx: CommandContext, id: number, rating: { rating: Rating; score: number }, comment: string): CommandResult {
  const r = act(ctx, id, { action: 'rate', ...rating }, [RATING_LABELS[rating.rating], comment].filter(Boolean).join('：'))
  if (!r.ok) return { out: r.out }
  if (rating.rating !== 'unsatisfied') return { out: [replyTo(ctx.msg, wmsg.rated(id, RATING_LABELS[rating.rating]))] }
  const a = r.after
  const grid = ctx.deps.repos.caseQueries.gridLabel(a.gridId)
  const out: Outgoing[] = [replyTo(ctx.msg, wmsg.ratedReopened(id))]
  if (a.assigneeId) out.push(toContact(a.assigneeId, wmsg.toStaffUnsatisfied(id, grid, comment)))
  if (a.communityId) out.push(...toCommunityStaff(ctx.deps, a.communityId, wmsg.toStaffUnsatisfied(id, grid, comment), 'push'))
  return { out }
}

/** #评价 <编号> <满意/基本满意/不满意/1-5> [意见] */
export const rate = defineCommand({
  name: '评价', aliases: ['rate'], role: 'resident', usage: '#评价 <编号> <满意/基本满意/不满意/1-5> [意见]', summary: '评价已办结的事',
  run: (ctx) => {
    const { id, rest } = caseNumberAndRest(ctx.args, true)
    const [word = '', ...comment] = rest.split(/\s+/)
    const rating = parseRating(word)
    if (!rating) throw new UsageError()
    return rateCase(ctx, id, rating, comment.join(' '))
  },
})
