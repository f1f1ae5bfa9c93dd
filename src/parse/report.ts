import { CATEGORY_PATTERNS, CHAT_PATTERNS, ENQUIRY_PATTERN, PROBLEM_PATTERN, URGENT_PATTERN } from '../domain/lexicon.js'
import type { Category, Location, Urgency } from '../domain/types.js'
import { parseLocation } from './location.js'
import { normalizeText } from './normalize.js'

/** What the parser makes of a report's text. */
export interface ReportAnalysis {
  category: Category
  urgency: Urgency
  location: Location
  /** True when a message with no trigger reads like a problem worth asking about. */
  looksLikeProblem: boolean
}

const compiled = Object.entries(CATEGORY_PATTERNS).map(([category, patterns]) => ({
  category: category as Category,
  patterns: patterns.map(([source, weight]) => ({ re: new RegExp(source), weight })),
}))
const urgentRe = new RegExp(URGENT_PATTERN)
const problemRe = new RegExp(PROBLEM_PATTERN)
const chatRes = CHAT_PATTERNS.map((p) => new RegExp(p))
const enquiryRe = new RegExp(ENQUIRY_PATTERN)

/** Longest text the parser looks at; reports are short, and the regexes stay cheap. */
export const MAX_ANALYSED_CHARS = 600

/** Category by lexicon weight; any safety hit wins. */
export function classifyCategory(text: string): { category: Category; score: number } {
  let best: { category: Category; score: number } = { category: 'other', score: 0 }
  for (const { category, patterns } of compiled) {
    const score = patterns.reduce((sum, p) => sum + (p.re.test(text) ? p.weight : 0), 0)
    if (category === 'safety' && score >= 2) return { category, score }
    if (score > best.score) best = { category, score }
  }
  return best
}

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

/** Category, urgency, location and whether an untriggered message reads like a problem. */
export function analyzeReport(raw: string): ReportAnalysis {
  const text = analysed(raw)
  const { category, score } = classifyCategory(text)
  return {
    category,
    urgency: urgencyIn(category, text),
    location: parseLocation(text),
    looksLikeProblem: looksLikeProblem(text, category, score),
  }
}

function looksLikeProblem(text: string, category: Category, score: number): boolean {
  const hanCount = (text.match(/[\u4e00-\u9fa5]/g) ?? []).length
  if (hanCount < 4 || category === 'other' || score < 2) return false
  if (category === 'safety') return !chatRes.some((re) => re.test(text))
  if (chatRes.some((re) => re.test(text)) || enquiryRe.test(text)) return false
  return problemRe.test(text)
}
