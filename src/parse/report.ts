import { CHAT_PATTERNS, URGENT_PATTERN } from '../domain/lexicon.js'
import type { Category, Location, Urgency } from '../domain/types.js'
import { asksAbout, classify, type Model } from './classifier.js'
import { currentModel } from './current-model.js'
import { parseLocation } from './location.js'
import { normalizeText } from './normalize.js'
import { safetyCue } from './safety.js'

/** What the parser makes of a report's text. */
export interface ReportAnalysis {
  category: Category
  urgency: Urgency
  location: Location
  /** True when a message with no trigger reads like a problem worth asking about. */
  looksLikeProblem: boolean
  /** The model's P(a problem), what noticing is decided on. */
  problemScore: number
}

const urgentRe = new RegExp(URGENT_PATTERN)
const ackRe = new RegExp(CHAT_PATTERNS[0]!)

/** Longest text the parser looks at; reports are short, and the regexes stay cheap. */
export const MAX_ANALYSED_CHARS = 600

const analysed = (raw: string) => normalizeText(raw).slice(0, MAX_ANALYSED_CHARS)

/** Urgency of a normalised report text in a category: safety always, any other with an urgent cue (紧急, 爆管, 被困 …). */
const urgencyIn = (category: Category, text: string): Urgency => (category === 'safety' || urgentRe.test(text) ? 'urgent' : 'normal')

/**
 * The urgency a report's text has in a given category, as analyzeReport would give it had it found that category:
 * what a corrected category (#改类, the reporter's own correction) makes of the case.
 */
export function urgencyOf(category: Category, raw: string): Urgency {
  return urgencyIn(category, analysed(raw))
}

/**
 * Category, urgency, location and whether an untriggered message reads like a problem.
 * - Safety first and apart: the red line's cues (src/parse/safety.ts) or the model's P(safety | a problem) at its
 *   threshold; nothing vetoes it, and it is urgent.
 * - Otherwise the model's most likely category other than safety (the lexicon's cues are among its features).
 * - Noticing is the model's P(a problem) — n-grams, problem and chat cues, enquiry form and length all weigh in,
 *   none vetoes — against the threshold chosen when it was trained; a safety reading needs far less (asksAbout). A bare
 *   acknowledgement (收到, 好的, 1) is never asked about.
 */
export function analyzeReport(raw: string, model: Model = currentModel()): ReportAnalysis {
  const text = analysed(raw)
  const read = classify(model, text)
  const cue = safetyCue(text)
  const safety = cue || read.safety >= model.thresholds.safety
  const category: Category = safety ? 'safety' : read.unsafe
  const urgency = urgencyIn(category, text)
  const hanCount = (text.match(/\p{Script=Han}/gu) ?? []).length
  const looksLikeProblem = hanCount >= 3 && !ackRe.test(text) && asksAbout({ ...read, cue }, model.thresholds)
  return { category, urgency, location: parseLocation(text), looksLikeProblem, problemScore: read.problem }
}
