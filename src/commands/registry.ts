import { normalizeText } from '../parse/normalize.js'
import type { CommandSpec } from './types.js'

/** Commands by every word that calls them. */
export interface Registry {
  /** Command words, longest first (for prefix matching without a space). */
  words: readonly string[]
  get(word: string): CommandSpec | undefined
  all(): CommandSpec[]
}

/** Indexes commands by name and aliases; a word claimed twice stops start-up. */
export function createRegistry(specs: CommandSpec[]): Registry {
  const byWord = new Map<string, CommandSpec>()
  for (const spec of specs) {
    for (const raw of [spec.name, ...spec.aliases]) {
      const word = normalizeText(raw).toLowerCase()
      const taken = byWord.get(word)
      if (taken) throw new Error(`command word "${word}" is claimed by both ${taken.name} and ${spec.name}`)
      byWord.set(word, spec)
    }
  }
  const words = [...byWord.keys()].sort((a, b) => b.length - a.length)
  return { words, get: (word) => byWord.get(word.toLowerCase()), all: () => specs }
}
