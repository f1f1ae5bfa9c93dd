import { asksAbout, type Model } from '../parse/classifier.js'
import { analyzeReport } from '../parse/report.js'
import type { Reading } from '../parse/train.js'
import { LABELS, type Example, type Label } from './corpus.js'

/** One summary of how intake reads a set of labelled messages. */
export interface Evaluation {
  messages: number
  problems: number
  nonProblems: number
  perLabel: { label: Label; precision: number | null; recall: number | null; n: number }[]
  /** matrix[label][read as] */
  matrix: Record<Label, Record<Label, number>>
  categoryRight: number
  /** Safety reports read as safety and urgent. */
  safetyRight: number
  safety: number
  /** Other problems read as safety. */
  readAsSafety: number
  noticed: number
  falseQuestions: number
  misses: { label: Label; readAs: Label; text: string; file: string }[]
}

/**
 * Reads each message as intake would: as a filed report (a trigger, or 是 to the question) it gets a category;
 * untriggered, a problem counts as noticed when it gets the question (要登记为报事吗), and a non-problem that gets it is a false
 * question. A non-problem is never filed: a case needs a yes or a trigger.
 */
export function evaluate(examples: readonly Example[], model?: Model): Evaluation {
  const matrix = Object.fromEntries(LABELS.map((l) => [l, Object.fromEntries(LABELS.map((p) => [p, 0]))])) as Evaluation['matrix']
  const e: Evaluation = {
    messages: examples.length,
    problems: 0,
    nonProblems: 0,
    perLabel: [],
    matrix,
    categoryRight: 0,
    safetyRight: 0,
    safety: 0,
    readAsSafety: 0,
    noticed: 0,
    falseQuestions: 0,
    misses: [],
  }
  for (const x of examples) {
    const a = analyzeReport(x.text, model)
    const readAs: Label = x.label === 'none' ? (a.looksLikeProblem ? a.category : 'none') : a.category
    matrix[x.label][readAs]++
    if (readAs !== x.label) e.misses.push({ label: x.label, readAs, text: x.text, file: x.file })
    if (x.label === 'none') {
      e.nonProblems++
      if (a.looksLikeProblem) e.falseQuestions++
      continue
    }
    e.problems++
    if (a.looksLikeProblem) e.noticed++
    else if (readAs === x.label) e.misses.push({ label: x.label, readAs: 'none', text: x.text, file: x.file })
    if (a.category === x.label) e.categoryRight++
    if (x.label === 'safety') {
      e.safety++
      if (a.category === 'safety' && a.urgency === 'urgent') e.safetyRight++
    } else if (a.category === 'safety') e.readAsSafety++
  }
  e.perLabel = LABELS.filter((l) => l !== 'none').map((l) => {
    const tp = matrix[l][l]
    const readAsL = LABELS.reduce((n, t) => n + matrix[t][l], 0)
    const n = LABELS.reduce((s, p) => s + matrix[l][p], 0)
    return { label: l, precision: readAsL ? tp / readAsL : null, recall: n ? tp / n : null, n }
  })
  return e
}

const pct = (n: number | null, d = 1) => (n === null || d === 0 ? '—' : `${((n / d) * 100).toFixed(1)}%`)

/** The four headline numbers of an evaluation, on one line. */
export function headline(e: Evaluation): string {
  return [
    `category ${pct(e.categoryRight, e.problems)}`,
    `safety recall ${pct(e.safetyRight, e.safety)}`,
    `non-safety as safety ${pct(e.readAsSafety, e.problems - e.safety)}`,
    `noticed ${pct(e.noticed, e.problems)}`,
    `false questions ${pct(e.falseQuestions, e.nonProblems)}`,
  ].join(' · ')
}

/** The full report: per-label precision and recall, the confusion matrix, the headline numbers. */
export function formatEvaluation(e: Evaluation): string {
  const lines = [`${e.messages} messages: ${e.problems} problems, ${e.nonProblems} not cases`, '', 'label        precision  recall    n']
  for (const p of e.perLabel)
    lines.push(`${p.label.padEnd(12)} ${pct(p.precision).padStart(9)} ${pct(p.recall).padStart(7)} ${String(p.n).padStart(4)}`)
  lines.push('', 'confusion (rows: label, columns: read as)', ' '.repeat(10) + LABELS.map((l) => l.slice(0, 8).padStart(9)).join(''))
  for (const l of LABELS) lines.push(l.padEnd(10) + LABELS.map((p) => String(e.matrix[l][p]).padStart(9)).join(''))
  lines.push(
    '',
    `category right (problems): ${pct(e.categoryRight, e.problems)} (${e.categoryRight}/${e.problems})`,
    `safety recall (read as safety and urgent): ${pct(e.safetyRight, e.safety)} (${e.safetyRight}/${e.safety}); non-safety read as safety: ${pct(e.readAsSafety, e.problems - e.safety)} (${e.readAsSafety}/${e.problems - e.safety})`,
    `problems noticed without a trigger: ${pct(e.noticed, e.problems)} (${e.noticed}/${e.problems})`,
    `non-problems that would be asked the question: ${pct(e.falseQuestions, e.nonProblems)} (${e.falseQuestions}/${e.nonProblems}); non-problems filed: 0 (a case needs a yes or a trigger)`,
  )
  return lines.join('\n')
}

/** The same headline numbers from the cross-validation readings `trainModel` returns, at the model's thresholds. */
export function crossCheck(readings: readonly Reading[], model: Model): string {
  const t = model.thresholds
  const safety = (r: Reading) => r.cue || r.safety >= t.safety
  const noticed = (r: Reading) => asksAbout(r, t)
  const safe = readings.filter((r) => r.label === 'safety')
  const others = readings.filter((r) => r.label !== 'safety' && r.label !== 'none')
  const problems = readings.filter((r) => r.label !== 'none')
  const none = readings.filter((r) => r.label === 'none')
  return [
    `safety recall ${pct(safe.filter(safety).length, safe.length)}`,
    `non-safety as safety ${pct(others.filter(safety).length, others.length)}`,
    `noticed ${pct(problems.filter(noticed).length, problems.length)}`,
    `false questions ${pct(none.filter(noticed).length, none.length)}`,
    `thresholds safety ${t.safety.toFixed(3)}, notice ${t.notice.toFixed(3)}`,
  ].join(' · ')
}

/** Misses worth reading first: safety missed, then non-problems asked about, then the rest, `limit` in all. */
export function instructiveMisses(e: Evaluation, limit = 20): Evaluation['misses'] {
  const rank = (m: Evaluation['misses'][number]) => (m.label === 'safety' ? 0 : m.label === 'none' ? 1 : m.readAs === 'none' ? 2 : 3)
  return [...e.misses].sort((a, b) => rank(a) - rank(b)).slice(0, limit)
}

/** `npm run eval` and `gridbot eval`: the full report, a line per corpus file, and the misses worth reading. */
export function evaluationReport(examples: readonly Example[], model?: Model): string {
  const all = evaluate(examples, model)
  const files = [...new Set(examples.map((x) => x.file))]
  const perFile = files.map((f) => {
    const part = examples.filter((x) => x.file === f)
    return `${f} (${part.length}): ${headline(evaluate(part, model))}`
  })
  const misses = instructiveMisses(all).map(
    (m) => `${m.label} → ${m.label !== 'none' && m.readAs === 'none' ? 'not noticed' : m.readAs}: ${m.text}`,
  )
  return [formatEvaluation(all), '', 'per file:', ...perFile, '', `${misses.length} misses worth reading:`, ...misses].join('\n')
}
