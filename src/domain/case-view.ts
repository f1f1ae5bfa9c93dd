import { formatShort } from '../clock.js'
import { caseText } from '../text/cases.js'
import { CLOCK_LABELS } from '../text/labels.js'
import type { Case } from './model.js'

/** Each clock of a case with its deadline and how late or how long left (what #查询 and the case board show). */
export function runningClockLines(c: Case, now: number, tz: string): string[] {
  if (c.state === 'cancelled') return []
  const t = caseText.query
  const clocks: [string, number | null, number | null][] = [
    [CLOCK_LABELS.signFor, c.signForDueAt, c.acceptedAt],
    [CLOCK_LABELS.respond, c.respondDueAt, c.respondedAt],
    [CLOCK_LABELS.resolve, c.resolveDueAt, c.resolvedAt],
  ]
  return clocks
    .filter(([, due]) => due !== null)
    .map(([label, due, doneAt]) =>
      t.clockLine(
        label,
        formatShort(due!, tz),
        doneAt !== null
          ? t.clockDone
          : c.state === 'on_hold'
            ? t.clockPaused
            : due! <= now
              ? t.clockLate((now - due!) / 60_000)
              : t.clockLeft((due! - now) / 60_000),
      ),
    )
}
