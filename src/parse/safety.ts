import { CATEGORY_PATTERNS } from '../domain/lexicon.js'
import { normalizeText } from './normalize.js'

const redLine = CATEGORY_PATTERNS.safety.map(([source]) => new RegExp(source))

/**
 * The red line's written half: fire, smoke, gas, sparks, indoor charging, blocked exits, things about to fall,
 * someone fallen, trapped or unwell, children and elders in danger, strangers, water coming in. Nothing vetoes it
 * (thanks, a question, length); `危险` alone is not on it. The classifier's P(safety) is the other half.
 */
export function safetyCue(raw: string): boolean {
  const text = normalizeText(raw)
  return redLine.some((re) => re.test(text))
}
