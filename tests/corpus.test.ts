import { describe, expect, it } from 'vitest'
import { LABELS, readCorpus } from '../src/cli/corpus.js'

/** Text compared for leaks between the splits: without punctuation, spaces and emoji. */
const bare = (t: string) => t.replace(/[\s\p{P}\p{S}]/gu, '')

describe('the labelled corpus', () => {
  const all = readCorpus()

  it('is well formed: every line has a split, a known label and a text; no text twice', () => {
    expect(all.length).toBeGreaterThan(3000)
    for (const label of LABELS)
      expect(
        all.some((e) => e.label === label),
        label,
      ).toBe(true)
    const seen = new Map<string, string>()
    const twice = all.filter((e) => {
      const key = e.text
      const where = `${e.file}:${e.line}`
      if (seen.has(key)) return true
      seen.set(key, where)
      return false
    })
    expect(twice.map((e) => `${e.file}:${e.line} ${e.text}`)).toEqual([])
  })

  it('keeps the evaluation split apart: no evaluation text stands in the training split', () => {
    const train = new Set(all.filter((e) => e.split === 'train').map((e) => bare(e.text)))
    const leaked = all.filter((e) => e.split === 'eval' && bare(e.text).length > 2 && train.has(bare(e.text)))
    expect(leaked.map((e) => `${e.file}:${e.line} ${e.text}`)).toEqual([])
    const share = all.filter((e) => e.split === 'eval').length / all.length
    expect(share).toBeGreaterThan(0.15)
    expect(share).toBeLessThan(0.3)
  })
})
