import { asksAbout, classify, features, MODEL_LABELS, type Model, type ModelLabel, type SafetyHead, type Thresholds } from './classifier.js'
import { safetyCue } from './safety.js'

/** One labelled message to learn from: the corpus's training split, or a correction. */
export interface LabelledText {
  text: string
  label: ModelLabel
}

export interface TrainOptions {
  /** Passes over the examples, for each member fit. */
  epochs?: number
  /** How many fits (each seeing the examples in its own order) the regression's weights are averaged over. */
  members?: number
  /** AdaGrad's step size. */
  rate?: number
  /** L2 weight decay per update of a feature. */
  l2?: number
  /** Features seen in fewer examples than this are dropped. */
  minCount?: number
  seed?: number
  /** Train the safety head (the red line's NB-SVM) beside the regression. */
  safetyHead?: boolean
  /** Folds for choosing the thresholds by cross-validation (0: keep the given thresholds). */
  folds?: number
  /** Targets the thresholds are chosen for, on the out-of-fold predictions. */
  targets?: { falseSafety: number; falseQuestions: number }
  corrections?: number
}

/**
 * Chosen by 5-fold cross-validation on the training split (BENCHMARKS.md): ten 7-epoch fits averaged read safety
 * and categories better than one 14-epoch fit, whose numbers moved with its seed.
 */
const DEFAULTS = { epochs: 7, members: 10, rate: 0.1, l2: 1e-5, minCount: 2, seed: 7, folds: 5, safetyHead: true }
/** The safety head's fit: AdaGrad on the NB-scaled features, add-one smoothing of the counts. */
const HEAD = { epochs: 10, rate: 0.05, l2: 1e-4, alpha: 1 }
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

function shuffle(order: number[], rnd: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
}

interface Encoded {
  feats: Int32Array
  label: number
}

type FitOptions = Required<Pick<TrainOptions, 'epochs' | 'members' | 'rate' | 'l2' | 'minCount' | 'seed' | 'safetyHead'>>

/** One softmax regression by AdaGrad over binary features, its weights added into `w` and `bias` scaled by `share`. */
function fitMember(data: readonly Encoded[], o: FitOptions, seed: number, share: number, w: Float64Array, bias: Float64Array): void {
  const K = MODEL_LABELS.length
  const mw = new Float64Array(w.length)
  const g2 = new Float64Array(w.length).fill(1e-8)
  const mb = new Float64Array(K)
  const bg2 = new Float64Array(K).fill(1e-8)
  const rnd = random(seed)
  const order = data.map((_, i) => i)
  const scores = new Float64Array(K)
  const grads = new Float64Array(K)
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, rnd)
    for (const at of order) {
      const { feats, label } = data[at]!
      for (let k = 0; k < K; k++) scores[k] = mb[k]!
      for (const f of feats) for (let k = 0; k < K; k++) scores[k]! += mw[f * K + k]!
      let max = -Infinity
      for (let k = 0; k < K; k++) max = Math.max(max, scores[k]!)
      let sum = 0
      for (let k = 0; k < K; k++) sum += scores[k] = Math.exp(scores[k]! - max)
      for (let k = 0; k < K; k++) {
        const grad = (grads[k] = scores[k]! / sum - (k === label ? 1 : 0))
        bg2[k]! += grad * grad
        mb[k]! -= (o.rate * grad) / Math.sqrt(bg2[k]!)
      }
      for (const f of feats) {
        for (let k = 0, at2 = f * K; k < K; k++, at2++) {
          const g = grads[k]! + o.l2 * mw[at2]!
          g2[at2]! += g * g
          mw[at2]! -= (o.rate * g) / Math.sqrt(g2[at2]!)
        }
      }
    }
  }
  for (let i = 0; i < w.length; i++) w[i]! += share * mw[i]!
  for (let k = 0; k < K; k++) bias[k]! += share * mb[k]!
}

/**
 * The safety head: among problems only, safety against the rest, by logistic regression on features scaled by their
 * naive-Bayes log-count ratio (NB-SVM, Wang & Manning 2012). Returns each feature's weight times its ratio.
 */
function fitSafetyHead(lists: readonly (readonly string[])[], labels: readonly ModelLabel[], seed: number): SafetyHead {
  const rows = labels.flatMap((l, i) => (l === 'none' ? [] : [i]))
  const seen = new Map<string, [number, number]>()
  for (const i of rows) {
    const y = labels[i] === 'safety' ? 0 : 1
    for (const f of lists[i]!) {
      const c = seen.get(f) ?? [0, 0]
      c[y]++
      seen.set(f, c)
    }
  }
  let pSum = 0
  let qSum = 0
  for (const [p, q] of seen.values()) {
    pSum += p + HEAD.alpha
    qSum += q + HEAD.alpha
  }
  const index = new Map<string, number>()
  const ratio: number[] = []
  for (const [f, [p, q]] of seen) {
    if (p + q < 2) continue
    index.set(f, ratio.length)
    ratio.push(Math.log((p + HEAD.alpha) / pSum) - Math.log((q + HEAD.alpha) / qSum))
  }
  const data = rows.map((i) => ({
    feats: Int32Array.from(lists[i]!.filter((f) => index.has(f)).map((f) => index.get(f)!)),
    y: labels[i] === 'safety' ? 1 : 0,
  }))
  const w = new Float64Array(ratio.length)
  const g2 = new Float64Array(ratio.length).fill(1e-8)
  let bias = 0
  let bg2 = 1e-8
  const rnd = random(seed)
  const order = data.map((_, i) => i)
  for (let epoch = 0; epoch < HEAD.epochs; epoch++) {
    shuffle(order, rnd)
    for (const at of order) {
      const { feats, y } = data[at]!
      let z = bias
      for (const f of feats) z += w[f]! * ratio[f]!
      const grad = 1 / (1 + Math.exp(-z)) - y
      bg2 += grad * grad
      bias -= (HEAD.rate * grad) / Math.sqrt(bg2)
      for (const f of feats) {
        const g = grad * ratio[f]! + HEAD.l2 * w[f]!
        g2[f]! += g * g
        w[f]! -= (HEAD.rate * g) / Math.sqrt(g2[f]!)
      }
    }
  }
  const weights: [string, number][] = []
  for (const [f, i] of index) {
    const v = Math.round(w[i]! * ratio[i]! * 1000) / 1000
    if (v !== 0) weights.push([f, v])
  }
  weights.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return { bias: Math.round(bias * 1000) / 1000, weights: Object.fromEntries(weights) }
}

interface Fitted {
  bias: number[]
  weights: Map<string, number[]>
  safety?: SafetyHead
}

/** The regression (its weights averaged over `members` fits) and the safety head, from each example's features. */
function fit(lists: readonly (readonly string[])[], labels: readonly ModelLabel[], o: FitOptions): Fitted {
  const K = MODEL_LABELS.length
  const counts = new Map<string, number>()
  for (const fs of lists) for (const f of fs) counts.set(f, (counts.get(f) ?? 0) + 1)
  const index = new Map<string, number>()
  for (const [f, n] of counts) if (n >= o.minCount) index.set(f, index.size)
  const data: Encoded[] = lists.map((fs, i) => ({
    feats: Int32Array.from(fs.filter((f) => index.has(f)).map((f) => index.get(f)!)),
    label: MODEL_LABELS.indexOf(labels[i]!),
  }))
  const w = new Float64Array(index.size * K)
  const bias = new Float64Array(K)
  for (let m = 0; m < o.members; m++) fitMember(data, o, o.seed + m, 1 / o.members, w, bias)
  const weights = new Map<string, number[]>()
  for (const [f, i] of index) {
    const row = Array.from(w.subarray(i * K, i * K + K), (x) => Math.round(x * 1000) / 1000)
    if (row.some((x) => Math.abs(x) >= 0.01)) weights.set(f, row)
  }
  return {
    bias: Array.from(bias, (x) => Math.round(x * 1000) / 1000),
    weights,
    ...(o.safetyHead ? { safety: fitSafetyHead(lists, labels, o.seed) } : {}),
  }
}

function asModel(fitted: Fitted, thresholds: Thresholds, examples: number, o: TrainOptions, now: Date): Model {
  return {
    format: 'gridbot-category-model',
    version: fitted.safety ? 2 : 1,
    trainedAt: now.toISOString(),
    examples,
    corrections: o.corrections ?? 0,
    labels: MODEL_LABELS,
    bias: fitted.bias,
    weights: Object.fromEntries([...fitted.weights].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    ...(fitted.safety ? { safety: fitted.safety } : {}),
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
  const lists = examples.map((e) => features(e.text))
  const labels = examples.map((e) => e.label)
  const readings: Reading[] = []
  if (o.folds > 1) {
    const fold = examples.map((_, i) => i % o.folds)
    for (let k = 0; k < o.folds; k++) {
      const fitted = fit(
        lists.filter((_, i) => fold[i] !== k),
        labels.filter((_, i) => fold[i] !== k),
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
  return { model: asModel(fit(lists, labels, o), thresholds, examples.length, o, now), readings }
}

function readingOf(model: Model, text: string): Omit<Reading, 'label' | 'index'> {
  const c = classify(model, text)
  return { unsafe: c.unsafe, safety: c.safety, problem: c.problem, cue: safetyCue(text) }
}
