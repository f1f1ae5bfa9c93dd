import { CATEGORY_PATTERNS, CHAT_PATTERNS, DANGER_WORDS, ENQUIRY_PATTERN, PROBLEM_PATTERN, URGENT_PATTERN } from '../domain/lexicon.js'
import { CATEGORIES, type Category } from '../domain/types.js'
import { normalizeText } from './normalize.js'

/**
 * The learned part of intake: a multinomial logistic regression over character 1–3-grams of the message and the
 * lexicon's cues (which pattern of which category matched, chat, enquiry, urgency), so the lexicon is a prior
 * the data can outweigh — its weights the average of several fits that differ only in the order they saw the
 * examples — and beside it, for the red line, a safety head: a binary NB-SVM (logistic regression on naive-Bayes
 * log-count-ratio-scaled features) reading safety against the other problems, whose log-odds are averaged with the
 * regression's P(safety | a problem). Labels are the seven categories and `none` (not a case). Weights live in a
 * JSON file (models/category-model.json, or the one `gridbot train` writes); this module only reads a loaded model.
 */
export const MODEL_LABELS = [...CATEGORIES, 'none'] as const
export type ModelLabel = (typeof MODEL_LABELS)[number]

/** Decision thresholds, chosen by cross-validation on the training split when the model is trained. */
export interface Thresholds {
  /** P(safety | a problem) at or above which a report is safety (the red line's learned half). */
  safety: number
  /** P(not none) at or above which an untriggered message gets 要登记为报事吗. */
  notice: number
}

/**
 * How sure the model must be that a message is a problem before a safety reading asks 要登记为报事吗 without a
 * trigger: far less than for other reports (a false question costs one line, a missed safety report can cost a
 * life), least of all when the red line's own words are there. Chosen by cross-validation on the training split.
 */
export const SAFETY_NOTICE_FLOOR = { cue: 0.1, model: 0.5 }

/** The noticing rule, in one place for intake, the threshold choice and the cross-check. */
export function asksAbout(r: { problem: number; safety: number; cue: boolean }, t: Thresholds): boolean {
  return (
    r.problem >= t.notice ||
    (r.cue && r.problem >= SAFETY_NOTICE_FLOOR.cue) ||
    (r.safety >= t.safety && r.problem >= SAFETY_NOTICE_FLOOR.model)
  )
}

/**
 * The red line's second reader: log-odds of safety among problems, `bias` plus the weight of each feature present
 * (the NB ratio already multiplied in).
 */
export interface SafetyHead {
  bias: number
  weights: Record<string, number>
}

/** How much the safety head's log-odds weigh against the regression's when the two are averaged (chosen in CV). */
export const SAFETY_HEAD_SHARE = 0.5

export interface Model {
  format: 'gridbot-category-model'
  /** 1: the regression alone (files written before the safety head); 2: with it. */
  version: 1 | 2
  /** When and from what it was trained (shown by `gridbot eval` and doctor). */
  trainedAt: string
  examples: number
  corrections: number
  labels: readonly ModelLabel[]
  bias: number[]
  /** Feature → one weight per label, in `labels` order. */
  weights: Record<string, number[]>
  /** Version 2. */
  safety?: SafetyHead
  thresholds: Thresholds
}

const cueRes = Object.entries(CATEGORY_PATTERNS).flatMap(([category, patterns]) =>
  patterns.map(([source], i) => ({ name: `c:${category}:${i}`, re: new RegExp(source) })),
)
const flagRes: { name: string; re: RegExp }[] = [
  { name: 'f:problem', re: new RegExp(PROBLEM_PATTERN) },
  { name: 'f:enquiry', re: new RegExp(ENQUIRY_PATTERN) },
  { name: 'f:urgent', re: new RegExp(URGENT_PATTERN) },
  { name: 'f:danger', re: new RegExp(DANGER_WORDS) },
  ...CHAT_PATTERNS.map((p, i) => ({ name: `f:chat:${i}`, re: new RegExp(p) })),
]

/** Lower case, digit runs as 0, punctuation and blanks as one space: what the n-grams are taken over. */
export function featureText(raw: string): string {
  return normalizeText(raw)
    .toLowerCase()
    .replace(/\d+/g, '0')
    .replace(/[\s\p{P}]+/gu, ' ')
    .trim()
}

/** The binary features of a message: character 1–3-grams (with start and end marks), lexicon cues, a length bucket. */
export function features(raw: string): string[] {
  const text = normalizeText(raw)
  const chars = ['^', ...Array.from(featureText(text)), '$']
  const out = new Set<string>()
  for (let i = 0; i < chars.length; i++) {
    for (let n = 1; n <= 3 && i + n <= chars.length; n++) {
      const gram = chars.slice(i, i + n).join('')
      if (n === 1 && (gram === '^' || gram === '$' || gram === ' ')) continue
      out.add(gram)
    }
  }
  for (const { name, re } of cueRes) if (re.test(text)) out.add(name)
  for (const { name, re } of flagRes) if (re.test(text)) out.add(name)
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length
  out.add(`len:${han < 4 ? 0 : han < 10 ? 1 : han < 25 ? 2 : han < 60 ? 3 : 4}`)
  return [...out]
}

const SAFETY_AT = MODEL_LABELS.indexOf('safety')
const NONE_AT = MODEL_LABELS.indexOf('none')
const logit = (p: number) => Math.log(p + 1e-9) - Math.log(1 - p + 1e-9)

/**
 * Label probabilities for a message, in the model's label order: the softmax of the regression's summed weights;
 * with a safety head, P(safety | a problem) becomes the sigmoid of the average of the two log-odds, and the other
 * categories share the rest in their proportions (P(a problem) is the regression's).
 */
export function probabilities(model: Model, raw: string): Record<ModelLabel, number> {
  const fs = features(raw)
  const scores = [...model.bias]
  for (const f of fs) {
    const w = model.weights[f]
    if (!w) continue
    for (let k = 0; k < scores.length; k++) scores[k]! += w[k]!
  }
  const max = Math.max(...scores)
  const exp = scores.map((s) => Math.exp(s - max))
  const sum = exp.reduce((a, b) => a + b, 0)
  const p = exp.map((e) => e / sum)
  const head = model.safety
  const problem = 1 - p[NONE_AT]!
  if (head && problem > 0) {
    let z = head.bias
    for (const f of fs) z += head.weights[f] ?? 0
    const safety = 1 / (1 + Math.exp(-((1 - SAFETY_HEAD_SHARE) * logit(p[SAFETY_AT]! / problem) + SAFETY_HEAD_SHARE * z)))
    const rest = problem - p[SAFETY_AT]!
    for (let k = 0; k < p.length; k++) {
      if (k === NONE_AT) continue
      p[k] = k === SAFETY_AT ? safety * problem : rest > 0 ? (p[k]! * (1 - safety) * problem) / rest : 0
    }
  }
  return Object.fromEntries(model.labels.map((l, k) => [l, p[k]!])) as Record<ModelLabel, number>
}

/**
 * What the model reads: the most likely category as a report (`none` left out), the most likely one other than
 * safety (for when the red line says no), P(safety | a problem) and P(a problem).
 */
export function classify(
  model: Model,
  raw: string,
): { category: Category; unsafe: Exclude<Category, 'safety'>; confidence: number; safety: number; problem: number } {
  const p = probabilities(model, raw)
  const problem = 1 - p.none
  let category: Category = 'other'
  let unsafe: Exclude<Category, 'safety'> = 'other'
  for (const c of CATEGORIES) {
    if (p[c] > p[category]) category = c
    if (c !== 'safety' && p[c] > p[unsafe]) unsafe = c
  }
  const norm = problem > 0 ? problem : 1
  return { category, unsafe, confidence: p[category] / norm, safety: p.safety / norm, problem }
}

/** Throws unless `json` is a model this version can use (the labels in order, a weight per label). */
export function checkModel(json: unknown): Model {
  const m = json as Partial<Model>
  const fail = (why: string): never => {
    throw new Error(`not a gridbot category model: ${why}`)
  }
  if (!m || m.format !== 'gridbot-category-model' || (m.version !== 1 && m.version !== 2)) fail('format or version')
  const head = m.safety
  if (m.version === 2 && (!head || typeof head.bias !== 'number' || !head.weights || typeof head.weights !== 'object')) fail('safety head')
  if (head && Object.values(head.weights).some((w) => typeof w !== 'number')) fail('a safety weight')
  if (JSON.stringify(m.labels) !== JSON.stringify(MODEL_LABELS)) fail('labels')
  if (!Array.isArray(m.bias) || m.bias.length !== MODEL_LABELS.length) fail('bias')
  if (!m.weights || typeof m.weights !== 'object') fail('weights')
  const t = m.thresholds
  if (!t || !(t.safety > 0 && t.safety < 1) || !(t.notice > 0 && t.notice < 1)) fail('thresholds')
  for (const w of Object.values(m.weights!)) if (!Array.isArray(w) || w.length !== MODEL_LABELS.length) fail('a weight row')
  return m as Model
}
