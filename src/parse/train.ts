import { asksAbout, classify, features, MODEL_LABELS, type Model, type ModelLabel, type Thresholds } from './classifier.js'
import { safetyCue } from './safety.js'

/** One labelled message to learn from: the corpus's training split, or a correction. */
export interface LabelledText {
  text: string
  label: ModelLabel
}

export interface TrainOptions {
  epochs?: number
  /** AdaGrad's step size. */
  rate?: number
  /** L2 weight decay per update of a feature. */
  l2?: number
  /** Features seen in fewer examples than this are dropped. */
  minCount?: number
  seed?: number
  /** Folds for choosing the thresholds by cross-validation (0: keep the given thresholds). */
  folds?: number
  /** Targets the thresholds are chosen for, on the out-of-fold predictions. */
  targets?: { falseSafety: number; falseQuestions: number }
  corrections?: number
}

const DEFAULTS = { epochs: 14, rate: 0.1, l2: 1e-5, minCount: 2, seed: 7, folds: 5 }
export const DEFAULT_TARGETS = { falseSafety: 0.05, falseQuestions: 0.04 }

/** A small seeded generator, so a model trains the same way twice. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Encoded {
  feats: Int32Array
  label: number
}

/** Softmax regression by AdaGrad over binary features; returns the weight rows of the kept features. */
function fit(
  examples: readonly LabelledText[],
  o: Required<Pick<TrainOptions, 'epochs' | 'rate' | 'l2' | 'minCount' | 'seed'>>,
): { bias: number[]; weights: Map<string, number[]> } {
  const K = MODEL_LABELS.length
  const featureLists = examples.map((e) => features(e.text))
  const counts = new Map<string, number>()
  for (const fs of featureLists) for (const f of fs) counts.set(f, (counts.get(f) ?? 0) + 1)
  const index = new Map<string, number>()
  for (const [f, n] of counts) if (n >= o.minCount) index.set(f, index.size)
  const data: Encoded[] = examples.map((e, i) => ({
    feats: Int32Array.from(featureLists[i]!.filter((f) => index.has(f)).map((f) => index.get(f)!)),
    label: MODEL_LABELS.indexOf(e.label),
  }))
  const w = new Float64Array(index.size * K)
  const g2 = new Float64Array(index.size * K).fill(1e-8)
  const bias = new Float64Array(K)
  const bg2 = new Float64Array(K).fill(1e-8)
  const rnd = random(o.seed)
  const order = data.map((_, i) => i)
  const scores = new Float64Array(K)
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1))
      ;[order[i], order[j]] = [order[j]!, order[i]!]
    }
    for (const at of order) {
      const { feats, label } = data[at]!
      for (let k = 0; k < K; k++) scores[k] = bias[k]!
      for (const f of feats) for (let k = 0; k < K; k++) scores[k]! += w[f * K + k]!
      let max = -Infinity
      for (let k = 0; k < K; k++) max = Math.max(max, scores[k]!)
      let sum = 0
      for (let k = 0; k < K; k++) sum += scores[k] = Math.exp(scores[k]! - max)
      for (let k = 0; k < K; k++) {
        const grad = scores[k]! / sum - (k === label ? 1 : 0)
        bg2[k]! += grad * grad
        bias[k]! -= (o.rate * grad) / Math.sqrt(bg2[k]!)
        for (const f of feats) {
          const at2 = f * K + k
          const g = grad + o.l2 * w[at2]!
          g2[at2]! += g * g
          w[at2]! -= (o.rate * g) / Math.sqrt(g2[at2]!)
        }
      }
    }
  }
  const weights = new Map<string, number[]>()
  for (const [f, i] of index) {
    const row = Array.from(w.subarray(i * K, i * K + K), (x) => Math.round(x * 1000) / 1000)
    if (row.some((x) => Math.abs(x) >= 0.01)) weights.set(f, row)
  }
  return { bias: Array.from(bias, (x) => Math.round(x * 1000) / 1000), weights }
}

function asModel(fitted: ReturnType<typeof fit>, thresholds: Thresholds, examples: number, o: TrainOptions, now: Date): Model {
  return {
    format: 'gridbot-category-model',
    version: 1,
    trainedAt: now.toISOString(),
    examples,
    corrections: o.corrections ?? 0,
    labels: MODEL_LABELS,
    bias: fitted.bias,
    weights: Object.fromEntries([...fitted.weights].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    thresholds,
  }
}

/** Out-of-fold reading of each example: P(safety | a problem), P(a problem), and whether the lexicon's red line fired. */
export interface Reading {
  /** The example's position in the training set. */
  index: number
  label: ModelLabel
  /** The most likely category other than safety. */
  unsafe: ModelLabel
  safety: number
  problem: number
  cue: boolean
}

/**
 * Picks the thresholds from out-of-fold readings, each as low as its cost allows: a false safety reading sends an
 * urgent alert, a false question costs one line.
 */
export function chooseThresholds(readings: readonly Reading[], targets = DEFAULT_TARGETS): Thresholds {
  // Safety: the lowest threshold whose non-safety problems read as safety (with the cues) stay within the target.
  const others = readings.filter((r) => r.label !== 'safety' && r.label !== 'none')
  const cueOnly = others.filter((r) => r.cue).length
  const byModel = others
    .filter((r) => !r.cue)
    .map((r) => r.safety)
    .sort((a, b) => b - a)
  const room = Math.max(0, Math.floor(others.length * targets.falseSafety) - cueOnly)
  const safetyT = Math.max(0.05, Math.min(0.6, (byModel[room] ?? 0.05) + 1e-6))
  // Noticing: the lowest threshold whose questions to non-problems stay within the target, counting the questions
  // safety readings ask at their own floors.
  const none = readings.filter((r) => r.label === 'none')
  const bySafety = (r: Reading) => asksAbout(r, { safety: safetyT, notice: 2 })
  const rest = none
    .filter((r) => !bySafety(r))
    .map((r) => r.problem)
    .sort((a, b) => b - a)
  const allowedQuestions = Math.max(0, Math.floor(none.length * targets.falseQuestions) - none.filter(bySafety).length)
  const noticeT = Math.max(0.05, Math.min(0.995, (rest[allowedQuestions] ?? 0.5) + 1e-6))
  return { safety: Number(safetyT.toFixed(6)), notice: Number(noticeT.toFixed(6)) }
}

/** Trains on all examples, thresholds chosen by k-fold cross-validation on the same examples (never on the eval split). */
export function trainModel(
  examples: readonly LabelledText[],
  now: Date,
  options: TrainOptions = {},
): { model: Model; readings: Reading[] } {
  const o = { ...DEFAULTS, ...options }
  const readings: Reading[] = []
  if (o.folds > 1) {
    const fold = examples.map((_, i) => i % o.folds)
    for (let k = 0; k < o.folds; k++) {
      const fitted = fit(
        examples.filter((_, i) => fold[i] !== k),
        o,
      )
      const m = asModel(fitted, { safety: 0.5, notice: 0.5 }, 0, o, now)
      examples.forEach((e, i) => {
        if (fold[i] !== k) return
        readings.push({ index: i, label: e.label, ...readingOf(m, e.text) })
      })
    }
  }
  const thresholds = o.folds > 1 ? chooseThresholds(readings, o.targets ?? DEFAULT_TARGETS) : { safety: 0.5, notice: 0.5 }
  return { model: asModel(fit(examples, o), thresholds, examples.length, o, now), readings }
}

function readingOf(model: Model, text: string): Omit<Reading, 'label' | 'index'> {
  const c = classify(model, text)
  return { unsafe: c.unsafe, safety: c.safety, problem: c.problem, cue: safetyCue(text) }
}
