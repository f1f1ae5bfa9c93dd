// npm run eval: the report parser against the corpus's evaluation split (corpus/*.tsv, split = eval), which is
// never used to tune anything. Prints per-category precision and recall, the confusion matrix, safety recall,
// how many problems are noticed without a trigger, and how many non-problems would get the question.
import { analyzeReport } from '../../src/parse/report.js'
import { LABELS, readCorpus, type Label } from './corpus.js'

const split = (process.argv[2] ?? 'eval') as 'train' | 'eval'
const examples = readCorpus().filter((e) => e.split === split)
const pct = (n: number, d: number) => (d === 0 ? '—' : `${((n / d) * 100).toFixed(1)}%`)

const matrix = new Map<Label, Map<Label, number>>(LABELS.map((l) => [l, new Map(LABELS.map((p) => [p, 0]))]))
let noticed = 0
let problems = 0
let falseQuestions = 0
let nonProblems = 0
let safetyAsUrgent = 0
let readAsSafety = 0
const misses: string[] = []
for (const e of examples) {
  const a = analyzeReport(e.text)
  // As a filed report (a trigger or a 是), a message gets a category; untriggered, only a question when it looks like a problem.
  const predicted: Label = e.label === 'none' ? (a.looksLikeProblem ? a.category : 'none') : a.category
  matrix.get(e.label)!.set(predicted, matrix.get(e.label)!.get(predicted)! + 1)
  if (e.label === 'none') {
    nonProblems++
    if (a.looksLikeProblem) falseQuestions++
    continue
  }
  problems++
  if (a.looksLikeProblem) noticed++
  if (e.label === 'safety' && a.urgency === 'urgent' && a.category === 'safety') safetyAsUrgent++
  if (e.label !== 'safety' && a.category === 'safety') readAsSafety++
  if (predicted !== e.label && misses.length < 20) misses.push(`${e.label} → ${predicted}: ${e.text}`)
}

const cases = LABELS.filter((l) => l !== 'none')
const safety = examples.filter((e) => e.label === 'safety').length
const correct = cases.reduce((n, l) => n + matrix.get(l)!.get(l)!, 0)
console.log(
  `${split} split: ${examples.length} messages (${problems} problems, ${nonProblems} not cases), parser: the lexicon (src/domain/lexicon.ts)\n`,
)
console.log('label        precision  recall   n')
for (const l of cases) {
  const tp = matrix.get(l)!.get(l)!
  const predictedAs = LABELS.reduce((n, t) => n + matrix.get(t)!.get(l)!, 0)
  const n = LABELS.reduce((s, p) => s + matrix.get(l)!.get(p)!, 0)
  console.log(`${l.padEnd(12)} ${pct(tp, predictedAs).padStart(9)} ${pct(tp, n).padStart(7)} ${String(n).padStart(4)}`)
}
console.log(`\nconfusion (rows: label, columns: read as)\n${' '.repeat(10)}${LABELS.map((l) => l.slice(0, 8).padStart(9)).join('')}`)
for (const l of LABELS) console.log(`${l.padEnd(10)}${LABELS.map((p) => String(matrix.get(l)!.get(p)!).padStart(9)).join('')}`)
console.log(`
category right (problems): ${pct(correct, problems)} (${correct}/${problems})
safety recall (read as safety and urgent): ${pct(safetyAsUrgent, safety)} (${safetyAsUrgent}/${safety}); non-safety read as safety: ${pct(readAsSafety, problems - safety)}
problems noticed without a trigger: ${pct(noticed, problems)} (${noticed}/${problems})
non-problems that would get 要登记为报事吗: ${pct(falseQuestions, nonProblems)} (${falseQuestions}/${nonProblems}); non-problems filed: 0 (a case needs 是 or a trigger)
`)
console.log(`first ${misses.length} misses:\n${misses.join('\n')}`)
