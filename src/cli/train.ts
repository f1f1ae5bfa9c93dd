import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Model } from '../parse/classifier.js'
import { trainModel, type LabelledText, type Reading } from '../parse/train.js'
import type { Category } from '../domain/types.js'
import { readCorpus } from './corpus.js'

/** A correction counts as this many examples: it is in-domain, checked by staff, and what the bot got wrong. */
export const CORRECTION_WEIGHT = 5

/** The training set: the corpus's training split (never its eval split) and every stored correction. */
export function trainingSet(corrections: readonly { text: string; category: Category }[], corpusDir?: string): LabelledText[] {
  const corpus = readCorpus(corpusDir)
    .filter((e) => e.split === 'train')
    .map((e) => ({ text: e.text, label: e.label }))
  const taught = corrections.flatMap((c) => Array.from({ length: CORRECTION_WEIGHT }, () => ({ text: c.text, label: c.category })))
  return [...corpus, ...taught]
}

/** Trains and writes the model file atomically (a running bot never reads half a file). */
export function trainAndWrite(
  corrections: readonly { text: string; category: Category }[],
  out: string,
  now: Date,
  opts: { corpusDir?: string } = {},
): { model: Model; readings: Reading[] } {
  const result = trainModel(trainingSet(corrections, opts.corpusDir), now, { corrections: corrections.length })
  mkdirSync(dirname(out), { recursive: true })
  const tmp = `${out}.tmp`
  writeFileSync(tmp, `${JSON.stringify(result.model)}\n`)
  renameSync(tmp, out)
  return result
}
