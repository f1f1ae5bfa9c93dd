import type { Policy } from './policy.js'

/** The automatic steps of a notice: up to two reminder rounds, then the summary. */
export type NoticeStep = 'round1' | 'round2' | 'close'

/** When the summary goes: at the deadline, or closeWithoutDeadline after sending. */
export function noticeCloseAt(createdAt: number, deadline: number | null, policy: Policy): number {
  return deadline ?? createdAt + policy.notices.closeWithoutDeadline
}

/**
 * A notice's steps in time order: rounds at +firstRound and at secondRoundAt of the time to the deadline
 * (+secondRoundWithoutDeadline without one), at most maxRounds, none at or after the close and none within
 * notices.minGap of the one before (nor within half of it of the close); then the close.
 */
export function noticeSteps(
  n: { createdAt: number; deadline: number | null; closeAt: number },
  policy: Policy,
): { step: NoticeStep; at: number }[] {
  const p = policy.notices
  const candidates = [
    n.createdAt + p.firstRound,
    n.deadline !== null
      ? n.createdAt + Math.round(p.secondRoundAt * (n.deadline - n.createdAt))
      : n.createdAt + p.secondRoundWithoutDeadline,
  ]
    .slice(0, Math.max(0, p.maxRounds))
    .sort((a, b) => a - b)
  const rounds: number[] = []
  for (const at of candidates) {
    if (at < n.closeAt - p.minGap / 2 && (rounds.length === 0 || at - rounds[rounds.length - 1]! >= p.minGap)) rounds.push(at)
  }
  return [...rounds.map((at, i) => ({ step: `round${i + 1}` as NoticeStep, at })), { step: 'close', at: n.closeAt }]
}

/** The first step not yet taken, or undefined when all are. */
export function nextNoticeStep(n: { createdAt: number; deadline: number | null; closeAt: number }, taken: Set<string>, policy: Policy) {
  return noticeSteps(n, policy).find((s) => !taken.has(s.step))
}
